"""The words of a written answer and of an author's phrasings, as the matcher reads them.

Pure text handling: normalising, light stemming, chat shorthand, one-letter slips, phrasing
alternatives and where a phrasing occurs in an answer. `matcher.py` decides what counts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_NOT_WORD = re.compile(r"[\W_]+")
_TOKEN = re.compile(
    r"\d{1,3}(?:,\d{3})+(?!\d)"  # 28,900: one number
    r"|[\w'\u2018\u2019\u02bc]+|[.!?;:,\u2014\u2013]|(?<=\s)-(?=\s)"
)
_BOUNDARY_WORDS = {"but", "however", "although", "though", "instead", "because", "so"}
GAP = 1  # other words allowed between two words of a phrasing
_SHORTHAND = {
    "u": "you", "ur": "your", "ppl": "people", "pls": "please", "yr": "year", "yrs": "years",
    "tmrw": "tomorrow", "tmr": "tomorrow", "tmrow": "tomorrow", "2moro": "tomorrow",
    "mon": "monday", "tue": "tuesday", "tues": "tuesday", "wed": "wednesday",
    "thu": "thursday", "thur": "thursday", "thurs": "thursday", "fri": "friday",
    "jan": "january", "feb": "february", "apr": "april", "jun": "june", "jul": "july",
    "aug": "august", "sep": "september", "sept": "september", "oct": "october",
    "nov": "november", "dec": "december", "w": "with", "mins": "minutes",
}  # fmt: skip


def normalise(text: str) -> str:
    """Lower case, no punctuation, single spaces; "What's" and "whats" read the same."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _THOUSANDS.sub("", text)  # "28,900" reads as "28900"
    text = _APOSTROPHES.sub("", text)
    return " ".join(_NOT_WORD.sub(" ", text).split())


def stem(word: str) -> str:
    """A light English stem: enough that inflections meet, never so much that words collide.
    Numbers and codes ("5000", "414x") stay as written."""
    if not word.isalpha():
        return word
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: len(word) - len(suffix)] + keep
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]  # "stopp" (from "stopped") -> "stop"
    return word.removesuffix("e") if len(word) > 3 else word


@dataclass(frozen=True)
class Token:
    stem: str  # "" for a clause boundary
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """The answer's words as stems with their character spans; punctuation and clause-joining
    words become boundaries (stem "")."""
    found = []
    for match in _TOKEN.finditer(text):
        word = normalise(match.group())
        if not word or word in _BOUNDARY_WORDS:
            found.append(Token("", match.start(), match.end()))
            continue
        for part in word.split():
            for full in _SHORTHAND.get(part, part).split():
                found.append(Token(stem(full), match.start(), match.end()))
    return found


@lru_cache(maxsize=65536)
def _near(word: str, wanted: str) -> bool:
    """A slip of one letter (added, dropped, changed or swapped) in a longer word: "suplier"
    meets "supplier". Short words, numbers and a different first letter never meet."""
    if len(wanted) < 5 or len(word) < 4 or word[0] != wanted[0] or abs(len(word) - len(wanted)) > 1:
        return False
    if not (word.isalpha() and wanted.isalpha()):
        return False
    return one_slip_apart(word, wanted)


def one_slip_apart(a: str, b: str) -> bool:
    """One letter added, dropped or changed, or two neighbours swapped (never equal words)."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
        return len(diff) == 1 or (swapped and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _meets(token: str, slot: set[str]) -> bool:
    return token in slot or any(_near(token, wanted) for wanted in slot)


def alternatives(phrasing: str) -> list[list[set[str]]]:
    """A phrasing as word slots, each slot the stems it accepts; `(a|b c)` alternatives expand."""
    variants: list[str] = [""]
    for part in re.split(r"(\([^()]*\|[^()]*\))", phrasing):
        if part.startswith("(") and "|" in part:
            options = [option.strip() for option in part[1:-1].split("|")]
            variants = [f"{v} {o}" for v in variants for o in options]
        else:
            variants = [f"{v} {part}" for v in variants]
    return [[{stem(word)} for word in normalise(v).split()] for v in variants if normalise(v)]


def occurrences(slots: list[set[str]], words: list[Token]) -> list[list[int]]:
    """Every occurrence of the slots in order, at most GAP words between two, within a clause:
    the indexes of the words that fill the slots."""
    found = []
    for first, token in enumerate(words):
        if not token.stem or not _meets(token.stem, slots[0]):
            continue
        at, filled = first, [first]
        for slot in slots[1:]:
            ahead = [i for i in range(at + 1, min(at + 2 + GAP, len(words))) if words[i].stem]
            boundary = next((i for i in range(at + 1, len(words)) if not words[i].stem), None)
            nxt = next((i for i in ahead if _meets(words[i].stem, slot)), None)
            if nxt is None or (boundary is not None and boundary < nxt):
                break
            at = nxt
            filled.append(at)
        else:
            found.append(filled)
    return found


def find(slots: list[set[str]], words: list[Token]) -> tuple[int, int] | None:
    """The first occurrence of the slots: (index of the first word, index of the last)."""
    found = occurrences(slots, words)
    return (found[0][0], found[0][-1]) if found else None


def clauses(words: list[Token]) -> list[list[int]]:
    """The indexes of the words of each clause, boundaries left out."""
    clauses: list[list[int]] = [[]]
    for i, token in enumerate(words):
        if token.stem:
            clauses[-1].append(i)
        elif clauses[-1]:
            clauses.append([])
    return [clause for clause in clauses if clause]
