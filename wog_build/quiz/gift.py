"""GIFT (Moodle's plain-text question format) from the quiz items.

Each text is written ``[html]`` (the same HTML as the Moodle XML), with GIFT's special
characters ``~ = # { } :`` and the backslash escaped, so Indonesian text such as
"hlm. 5: ..." cannot open an answer block or end a title.  The source digest stands in
a ``//`` comment line, which GIFT ignores.
"""

from __future__ import annotations

from collections.abc import Sequence

from .items import Category, Item

DIGEST_COMMENT = "// WogSourceDigest: "
VERSION_COMMENT = "// WogVersion: "
_SPECIAL = str.maketrans({c: "\\" + c for c in "\\~=#{}:"})


def escape(text: str) -> str:
    """A text GIFT reads back literally (its special characters backslashed)."""
    return text.translate(_SPECIAL)


def category_path(category: Category) -> str:
    return "/".join(["$course$", "top", *(n.replace("/", "//") for n in category.path)])


def _question(item: Item) -> list[str]:
    head = f"::{escape(item.name)}::[html]{escape(item.stem)}" + "{"
    feedback = f"####{escape(item.feedback)}" if item.feedback else ""
    if item.kind == "multichoice":
        lines = [head]
        lines += [f"\t{'=' if c.correct else '~'}{escape(c.html)}" for c in item.choices]
        if feedback:
            lines.append(f"\t{feedback}")
        return [*lines, "}"]
    if item.kind == "truefalse":
        return [f"{head}{'TRUE' if item.truth else 'FALSE'}{feedback}" + "}"]
    # an essay: GIFT has no grader information, so the model answer is the feedback a
    # participant sees after the attempt, after the explanation
    parts = [p for p in (item.feedback, item.model_answer) if p]
    essay = f"####{escape(' '.join(parts))}" if parts else ""
    return [f"{head}{essay}" + "}"]


def gift_text(items: Sequence[Item], digest: str, version: str) -> str:
    lines = [f"{DIGEST_COMMENT}{digest}", f"{VERSION_COMMENT}{version}", ""]
    current: Category | None = None
    for item in items:
        if item.category != current:
            lines += [f"$CATEGORY: {category_path(item.category)}", ""]
            current = item.category
        lines += [*_question(item), ""]
    return "\n".join(lines)
