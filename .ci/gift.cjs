// Parses GIFT files with gift-pegjs (npm), an independent GIFT parser, and prints the
// questions as JSON: the tests compare them with the course source.
// usage: node .ci/gift.cjs <modules dir> <file.gift>
const fs = require("fs");
const path = require("path");

const [modules, file] = process.argv.slice(2);
const gift = require(path.resolve(modules, "gift-pegjs"));
try {
  const questions = gift.parse(fs.readFileSync(file, "utf8"));
  process.stdout.write(JSON.stringify(questions));
} catch (err) {
  const where = err.location ? `${file}:${err.location.start.line}:${err.location.start.column}: ` : "";
  console.error(`${where}${err.message}`);
  process.exit(1);
}
