"""Text as compared: a PDF breaks lines and hyphenates words where the layout wants, a
deck wraps lines in its boxes, so tests compare text with those differences taken out."""

from __future__ import annotations

import re
import unicodedata


def squash(text: str) -> str:
    """White space of any kind and length made one space; no space at either end."""
    return " ".join(text.split())


def unspaced(text: str) -> str:
    """Every white space removed: for a long word the layout broke over lines."""
    return "".join(text.split())


def bare(text: str) -> str:
    """No white space, hyphens (line-end hyphenation, soft or hard) or case: the letters
    a reader finds on the page, however the layout broke them."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text).casefold()


def as_read(text: str, keep_hyphens: bool = False) -> str:
    """Text as a reader reads it: Unicode compatibility forms folded (NFKC), soft
    hyphens dropped, a hyphen at a line end joined to the word it broke (unless
    ``keep_hyphens``), white space squashed, case folded."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "").replace("\u2010", "-")
    if not keep_hyphens:  # a word the layout hyphenated at a line end
        text = re.sub(r"-\s*\n\s*(?=[a-z])", "", text)
    return squash(text).casefold()


def contains_as_read(haystack: str, needle: str) -> bool:
    """Is ``needle`` in ``haystack`` as a reader sees it, line breaks and hyphenation
    aside (whether a hyphen at a line end broke a word or belongs to it)?"""
    need = squash(needle).casefold()
    for hay in (as_read(haystack), as_read(haystack, keep_hyphens=True)):
        if need in hay or re.sub(r"\s", "", need) in re.sub(r"\s", "", hay):
            return True
    return False


def letters(text: str) -> str:
    """Letters and digits only (NFKC-folded), case folded: what survives any layout,
    punctuation, bullets and hyphenation included. The tests' own copy of the rule the
    sync proof uses (``wog_build.readback.normalise``), so a fault there cannot make a
    test's comparison pass (were it to return "", every ``in`` would hold)."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text)).casefold()
