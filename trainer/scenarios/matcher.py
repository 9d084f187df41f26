"""Free-response matching: which expected behaviours a learner's written answer shows, and where.

One small interface (`Matcher`) so another matcher can replace this one without touching the
engine. The default (`PhraseMatcher`) is lexical and fully offline:

* both sides are normalised (case, accents, apostrophes, punctuation) and each word is reduced
  to a light stem, so "asked", "asks" and "asking" read as "ask";
* a phrasing may hold alternatives in brackets, `(Carla|her|she)`, `(today|this afternoon)`;
* its words must come in order, with at most one other word between two of them, so "tell me
  about" also finds "tell me more about" but "how many" is not found in "how do so many";
* a match inside a negated clause ("I'm not going to talk about term", "I can't join") does not
  count: a negation before it in the same clause blocks it;
* chat shorthand reads as the word ("tmrw", "thurs", "ppl") and a slip of one letter in a
  longer word ("suplier", "confirmd") still meets it;
* a behaviour whose label begins "Asks" is shown only by a question: a sentence that ends in
  "?", opens with a question word or asks ("tell me", "walk me through");
* a list of the step's keywords is not an answer: when the words of phrasings make up most of
  a reply, nothing in it is credited;
* each match cites its span of the answer, so the learner and the manager see what was credited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from trainer.scenarios.wording import Token as _Token
from trainer.scenarios.wording import alternatives as _alternatives
from trainer.scenarios.wording import clauses as _clauses
from trainer.scenarios.wording import normalise, stem, tokens
from trainer.scenarios.wording import occurrences as _occurrences

__all__ = ["BehaviourMatch", "Matcher", "PhraseMatcher", "normalise", "stem", "tokens"]


class ExpectedBehaviour(Protocol):
    """What a matcher needs of a behaviour (steps.Behaviour fits)."""

    @property
    def key(self) -> str: ...

    @property
    def phrasings(self) -> list[str]: ...


@dataclass(frozen=True)
class BehaviourMatch:
    key: str
    found: bool
    phrase: str | None = None  # the phrasing that matched, as the author wrote it
    span: tuple[int, int] | None = None  # the characters of the answer that show it
    blocked: str | None = None  # why a phrasing that occurs does not count (negation)


class Matcher(Protocol):
    def match(self, text: str, behaviours: Sequence[ExpectedBehaviour]) -> list[BehaviourMatch]: ...


_NEGATIONS = {
    "not", "no", "never", "dont", "doesnt", "didnt", "wont", "wouldnt", "cant", "cannot",
    "couldnt", "shouldnt", "isnt", "arent", "wasnt", "werent", "aint", "without", "refuse",
    "nor", "neither", "avoid", "stop",
}  # fmt: skip
NO_REACH = 2  # "no" negates a phrasing that starts at most this many words after it
_NO_VERBS = {"need", "point", "way", "reason", "plan", "intention"}
_QUESTION_OPENERS = {
    "what", "whats", "how", "hows", "who", "whos", "whom", "whose", "when", "whens", "where",
    "which", "why", "is", "are", "was", "were", "do", "does", "did", "can", "could", "would",
    "will", "should", "shall", "have", "has", "any", "anything",
}  # fmt: skip
_ASKING = re.compile(
    r"\b(tell me|walk me through|help me understand|(like|want|need) to (know|understand)"
    r"|wondering|curious)\b"
)
_LEAD_INS = {"and", "also", "so", "ok", "okay", "then", "first", "next", "finally", "lastly"}
STUFFED_SHARE = 0.8  # a reply whose words are nearly all phrasing words ...
STUFFED_HITS = 5  # ... found in at least this many places is a keyword list
LIST_HITS = 2  # keywords found in this many places, with under LIST_STRUCTURE function words
LIST_STRUCTURE = 0.15
LIST_CLAUSES = 3  # or this many clauses, each nothing but a phrasing


_FUNCTION = {
    stem(word)
    for word in (
        "the a an this that these those to of for and or in on at by with from as about into "
        "over after before i you we he she it they me him her us them my your our his their its "
        "im ive ill id youll well weve is are was were be been am will would can could do does "
        "did have has had should shall may might must what how who when where which why if then "
        "than there here all some any each every"
    ).split()
}
_ACTIONS = {
    stem(word)
    for word in (
        "call ring email send book meet ask confirm check speak talk tell arrange schedule "
        "follow chase update escalate file move push get put give take share bring review sort"
    ).split()
}


def _stuffed(words: list[_Token], behaviours: Sequence[ExpectedBehaviour]) -> bool:
    """Whether the reply is a list of the behaviours' keywords rather than an answer:
    phrasings found in many places whose words make up nearly all of it; or keywords strung
    together with almost no function words and no verb of action of its own; or clauses that
    are each nothing but a phrasing ("recap: in return, you commit, next week"). One phrasing
    that is the whole answer ("I'll call her back today") and a terse note that says who does
    what ("Raj call Tuesday: confirm signer") are answers."""
    covered: set[int] = set()
    hits = 0
    for behaviour in behaviours:
        for phrasing in behaviour.phrasings:
            for slots in _alternatives(phrasing):
                for filled in _occurrences(slots, words):
                    hits += not covered.intersection(filled)
                    covered.update(filled)
    counted = [i for i, token in enumerate(words) if token.stem]
    if hits < LIST_HITS:
        return False
    if hits >= STUFFED_HITS and len(covered) >= STUFFED_SHARE * len(counted):
        return True
    clauses = _clauses(words)
    if len(clauses) >= LIST_CLAUSES and all(set(clause) <= covered for clause in clauses):
        return True
    structure = sum(1 for i in counted if words[i].stem in _FUNCTION)
    acts = any(words[i].stem in _ACTIONS for i in counted if i not in covered)
    return structure < LIST_STRUCTURE * len(counted) and not acts


def _is_question(text: str, span: tuple[int, int]) -> bool:
    """Whether the sentence holding the span asks something."""
    start = max(text.rfind(mark, 0, span[0]) for mark in ".!?;\n") + 1
    ends = [i for i in (text.find(mark, span[1]) for mark in ".!?;\n") if i >= 0]
    end = min(ends, default=len(text))
    if end < len(text) and text[end] == "?":
        return True
    sentence = normalise(text[start:end]).split()
    while sentence and sentence[0] in _LEAD_INS:
        sentence = sentence[1:]
    return bool(sentence) and (
        sentence[0] in _QUESTION_OPENERS or bool(_ASKING.search(" ".join(sentence)))
    )


def _negation(words: list[_Token], first: int) -> str | None:
    """The negation that governs the words from `first`: one earlier in the same clause. "No"
    before a noun negates only the words right after it ("if no reply by Wednesday" still
    dates the step), unless it opens the clause's verb ("no need to", "no point in")."""
    before: list[str] = []
    for token in reversed(words[:first]):
        if not token.stem:
            break
        before.append(token.stem)
    before.reverse()
    for at, word in enumerate(before):
        if word not in _NEGATIONS:
            continue
        after = before[at + 1] if at + 1 < len(before) else ""
        if word != "no" or after in _NO_VERBS or len(before) - at <= NO_REACH:
            return word
    return None


class PhraseMatcher:
    """A behaviour is shown when one of its phrasings occurs, in order, outside a negation."""

    def match(self, text: str, behaviours: Sequence[ExpectedBehaviour]) -> list[BehaviourMatch]:
        words = tokens(text)
        matches = [self._match_one(text, words, behaviour) for behaviour in behaviours]
        if any(m.found for m in matches) and _stuffed(words, behaviours):
            return [
                BehaviourMatch(m.key, False, None, m.span, "a list of keywords") if m.found else m
                for m in matches
            ]
        return matches

    @staticmethod
    def _match_one(text: str, words: list[_Token], behaviour: ExpectedBehaviour) -> BehaviourMatch:
        blocked: BehaviourMatch | None = None
        asks = getattr(behaviour, "label", "").startswith("Asks")
        for phrasing in behaviour.phrasings:
            for slots in _alternatives(phrasing):
                for filled in _occurrences(slots, words):
                    span = (words[filled[0]].start, words[filled[-1]].end)
                    why = _negation(words, filled[0])
                    if why is None and asks and not _is_question(text, span):
                        why = "not a question"
                    if why is None:
                        return BehaviourMatch(behaviour.key, True, phrasing, span)
                    blocked = blocked or BehaviourMatch(behaviour.key, False, None, span, why)
        return blocked or BehaviourMatch(behaviour.key, False)
