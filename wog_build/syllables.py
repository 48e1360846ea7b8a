"""Where an Indonesian word may be broken at a line end, by the PUEBI rules.

WeasyPrint's Indonesian patterns (pyphen's ``id_ID``) break 'mendor-ong', 'hor-izontal'
and 'kor-upsi', and hyphenate English words by Indonesian rules.  Rules instead of
patterns, because PUEBI states them as rules and they are short:

1. a consonant between two vowels starts the next syllable: ba-pak, do-rong;
2. two consonants between vowels are split between them: man-di, som-bong; three after
   the first when the last two begin a syllable: in-stru-men, bang-krut (not trans-pa,
   eks-tra: no break offered there); ``ng``, ``ny``, ``kh`` and ``sy`` are one
   consonant: ba-nyak, a-khir, ma-sya-ra-kat; a consonant and ``r`` or ``l`` may begin
   a syllable (in-te-gra-si) or be split (Ap-ril), so no break between them;
3. prefixes and suffixes are units: where a word may be a prefix before a vowel-initial
   root (ber-asal) or a root plus ``-an`` (makan-an), the phonological and the
   morphological breaks differ, so neither is offered there;
4. two vowels are never split (diphthongs ``ai``, ``au``, ``oi`` are one vowel, and
   ma-in is not told from pan-tai without a dictionary).

Only breaks that every reading of the word allows are returned: fewer breaks, never a
wrong one.  Words that look foreign (``q``, ``x``, ``th``, double letters, ...) are not
broken at all; the caller leaves capitalised words and italics (foreign terms, names)
alone too.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

VOWELS = frozenset("aeiou")
DIGRAPHS = ("ng", "ny", "kh", "sy")
FOREIGN = re.compile(r"[qx]|th|ph|sh|ch|ck|gh|ee|ou|e$|y$|w[^aeiou]"
                     r"|(?:nt|nd|ld|rd|rn|rm|lt|ft|pt|mp|ct|ts|ds)$")
"""Spellings Indonesian words do not have (English endings such as -nt, -nd among them):
such a word is left unbroken (and so
is a word with a doubled consonant, ``approaches``; ``ngg`` is ``ng`` + ``g``)."""
ONSET_CLUSTER = re.compile(r"^[bcdfgkpt][rl]$")
"""Two consonants that may begin a syllable of a loan word (in-te-gra-si) or be split
(Ap-ril): both readings exist, so no break is offered between them."""
PREFIXES_BEFORE_VOWEL = re.compile(
    r"^(?:meng|peng|meny|peny|antar|(?:di|ke|se|mem|pem|me|pe)?(?:ber|ter|per))(?=[aeiou])")
"""A prefix (or two: di-per-oleh, ke-ber-ada-an) that may stand before a vowel-initial
root (ber-asal, meng-atur) or be part of the root (be-rat, te-rus): no break inside its
reach."""
MIN_LEFT = 2
MIN_RIGHT = 3
WORD = re.compile(r"^[a-z]+$")


def units(word: str) -> list[str]:
    """Letters, with the consonant digraphs (``ng``, ``ny``, ``kh``, ``sy``) as one unit."""
    out: list[str] = []
    i = 0
    while i < len(word):
        pair = word[i:i + 2]
        if pair in DIGRAPHS:
            out.append(pair)
            i += 2
        else:
            out.append(word[i])
            i += 1
    return out


@lru_cache(maxsize=65536)
def breaks(word: str) -> tuple[int, ...]:
    """Character offsets in ``word`` (lowercase letters) where a line may break."""
    if not WORD.match(word) or FOREIGN.search(word) or len(word) < MIN_LEFT + MIN_RIGHT:
        return ()
    parts = units(word)
    if any(a == b and a not in VOWELS for a, b in pairwise(parts)):
        return ()
    offsets = []  # character offset of each unit
    at = 0
    for part in parts:
        offsets.append(at)
        at += len(part)
    vowel = [p in VOWELS for p in parts]
    found: list[int] = []
    i = 0
    while i < len(parts):
        if not vowel[i]:
            i += 1
            continue
        j = i + 1
        while j < len(parts) and not vowel[j]:
            j += 1
        if j >= len(parts):
            break  # no vowel after: the final syllable
        run = j - (i + 1)  # consonant units between vowel i and vowel j
        if run == 1:
            found.append(offsets[i + 1])
        elif run == 2 and not ONSET_CLUSTER.match(parts[i + 1] + parts[i + 2]):
            found.append(offsets[i + 2])
        elif run == 3 and ONSET_CLUSTER.match(parts[i + 2] + parts[i + 3]):
            found.append(offsets[i + 2])  # in-stru-men, bang-krut; not tran-spa
        i = j
    prefix = PREFIXES_BEFORE_VOWEL.match(word)
    reach = prefix.end() if prefix else 0
    suffix = re.search(r"[aeiou]([b-df-hj-np-tv-z]|ng|ny)an(?:nya|lah|kah)?$", word)
    ambiguous = {suffix.start() + 1} if suffix else set()
    return tuple(b for b in found if MIN_LEFT <= b <= len(word) - MIN_RIGHT
                 and b > reach and b not in ambiguous)


def hyphenate(word: str, mark: str = "\u00ad") -> str:
    """``word`` with ``mark`` (a soft hyphen) at every break; its case is kept."""
    cuts = breaks(word.lower())
    if not cuts:
        return word
    pieces, last = [], 0
    for cut in cuts:
        pieces.append(word[last:cut])
        last = cut
    pieces.append(word[last:])
    return mark.join(pieces)
