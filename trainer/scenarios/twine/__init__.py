"""Draft a role-play call in Twine: read Twee 3 source or Twine 2 published HTML as a scenario.

The convention (examples: tests/scenarios/twine/data/*.twee and *.html):

* ``StoryTitle`` is the default ``title``; the start step is ``StoryData``'s ``start`` (Twee) or
  ``<tw-storydata startnode>`` (HTML), else the passage named ``Start``.
* A passage tagged ``scenario`` holds YAML for the top-level fields: key, call_type, profile,
  level, minutes, summary, optional title, state and timeout (a passage name). Passages tagged
  ``persona`` and ``brief`` hold YAML for those blocks.
* Every other passage is a step, keyed by its name in lower case with hyphens
  ("First response" -> ``first-response``). Its prose is the customer's line (``say``); put each
  link on its own line: ``[[Target]]``, ``[[text|Target]]``, ``[[text->Target]]`` or
  ``[[Target<-text]]``. Step fields go in one fenced block (a line of three backticks, optionally
  followed by ``yaml``, the YAML, and a closing line of three backticks).
* Untagged, one link and no ``choices``: a customer line that moves on to the link. Otherwise its
  links are the learner's choices, the link text being what they say; the block's ``choices``
  list describes them in link order (best, evidence, feedback, reply, effects), beside ``prompt``.
* Tagged ``free``: a free response; the block has ``behaviours`` (and ``prompt``, ``effects``);
  its one link is ``next``. Tagged ``branch``: the block has ``when`` rules whose ``next`` is a
  passage name; its one link is the default. Tagged ``ending``: the block has ``outcome``,
  ``title`` and ``debrief``; no links.
* Passages tagged ``script`` or ``stylesheet`` are story-format code and ignored. Anything else
  that cannot be mapped (macros, unknown tags, a link to no passage) is a problem naming the
  passage; nothing is guessed. The result is checked by ``read_scenario`` once dumped as YAML.

A story without a passage tagged ``scenario`` (any designer's story) is imported as a draft call
instead (twine/draft.py): passages become steps, links choices, linkless passages endings, and
``trainer content validate`` lists what the author must add.
"""

from __future__ import annotations

from trainer.scenarios.twine.html import import_twine_html
from trainer.scenarios.twine.story import Imported
from trainer.scenarios.twine.twee import import_twee

HTML_SUFFIXES = (".html", ".htm")


def import_story(text: str, filename: str) -> Imported:
    """A scenario dict from a Twine file, HTML when its name or its content says so, else Twee;
    with the problems that stop it and notes on what a draft left out."""
    html = filename.lower().endswith(HTML_SUFFIXES) or "<tw-storydata" in text
    return (import_twine_html if html else import_twee)(text, filename)
