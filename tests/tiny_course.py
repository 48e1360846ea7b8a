"""A tiny English course for tests that build several courses (a curriculum) or two
courses with one id: small enough to build in seconds, with a word of its own in every
output (the title, a key point, a paragraph, a summary line, a quiz question), so a test
can tell which source each output was built from."""

from __future__ import annotations

from pathlib import Path

TEMPLATE = """\
id: {course_id}
meta:
  title: {title}
  programme: Basic Training for Civil Servants
  publisher: Training Institute
  year: 2026
  version: "0.1.0"
  language: en
foreword:
  text:
    - This module is a short example of a course written in English ({word}).
  signatory: Head of Training
introduction:
  background:
    - Civil servants serve the public with integrity [@lewis2020].
  description:
    - This course introduces the {word} ethics of public service.
  competency: Participants can explain why integrity matters in public service.
  indicators:
    - id: ind-integrity
      text: Explain integrity in public service
chapters:
  - title: Integrity at Work
    sections:
      - title: What Integrity Means
        key_points:
          - Acting the same whether watched or not ({word})
          - Declaring conflicts of interest
        blocks:
          - Integrity means that what an official says, decides and does agree ({word}).
          - definition: Integrity is the quality of being honest and having strong moral principles.
            term: Integrity
            source: "[@lewis2020]"
    summary:
      - Integrity is consistency between words and deeds ({word}).
    exercises:
      - question: Name one everyday act of integrity at work.
        answer: Declaring a gift from a supplier.
evaluation:
  questions:
    - kind: true_false
      indicator: ind-integrity
      question: A conflict of interest should be declared ({word}).
      answer: true
references:
  - key: lewis2020
    authors: ["Lewis, C. W."]
    year: 2020
    title: The ethics challenge in public service
    publisher: Jossey-Bass
"""


def tiny_course(folder: Path, course_id: str, word: str, title: str | None = None) -> Path:
    """Write the course into ``folder/course.yaml``; ``word`` marks its outputs."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "course.yaml"
    path.write_text(TEMPLATE.format(course_id=course_id, word=word,
                                    title=title or f"Public Service Ethics {word}"),
                    encoding="utf-8")
    return path
