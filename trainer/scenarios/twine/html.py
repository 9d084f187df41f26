"""Read a Twine 2 published or archived HTML story (the Twine 2 HTML output spec)."""

from __future__ import annotations

from html.parser import HTMLParser

from trainer.content.problems import Problem
from trainer.scenarios.twine.passages import Passage, Story
from trainer.scenarios.twine.story import Imported, to_scenario


class _TwineHTML(HTMLParser):
    """Collects `<tw-storydata>` attributes and each `<tw-passagedata>` with its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # entities in text and attributes unescaped
        self.story: dict[str, str] = {}
        self.passages: list[tuple[dict[str, str], str, int]] = []
        self._open: tuple[dict[str, str], list[str], int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "tw-storydata" and not self.story:
            self.story = values
        elif tag == "tw-passagedata":
            self._open = (values, [], self.getpos()[0])

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "tw-passagedata" and self._open is not None:
            values, parts, line = self._open
            self.passages.append((values, "".join(parts), line))
            self._open = None


def read_twine_html(html: str) -> Story | None:
    """The story in `html`; None when it holds no `<tw-storydata>`."""
    parser = _TwineHTML()
    parser.feed(html)
    parser.close()
    if not parser.story:
        return None
    passages = [
        Passage(
            values.get("name", "").strip(),
            tuple(values.get("tags", "").split()),
            text.strip(),
            line,
        )
        for values, text, line in parser.passages
    ]
    pids = {values.get("pid"): values.get("name", "") for values, _, _ in parser.passages}
    node = parser.story.get("startnode", "")
    start = pids.get(node) or (f"(startnode {node}: no passage has that pid)" if node else "Start")
    return Story(parser.story.get("name", ""), start, passages)


def import_twine_html(html: str, source_name: str) -> Imported:
    """A scenario dict from a Twine 2 published (or archived) HTML story."""
    story = read_twine_html(html)
    if story is None:
        message = "no <tw-storydata> element: not a Twine 2 story"
        return {}, [Problem(source_name, None, message)], []
    return to_scenario(story, source_name)
