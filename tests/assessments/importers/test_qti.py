"""QTI 2.1/3.0 import: choice, text entry and order items map to valid items; the rest is named."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import yaml

from trainer.assessments.importers.qti import parse_qti
from trainer.assessments.importers.qti_package import parse_qti_package
from trainer.assessments.items import ITEM_MODELS
from trainer.content.problems import Problem

DATA = Path(__file__).parent / "data"
V21 = "http://www.imsglobal.org/xsd/imsqti_v2p1"


def data_text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def parse(text: str, file: str = "item.xml") -> tuple[list[dict], list[Problem]]:
    return parse_qti(text.encode("utf-8"), file, "active-listening", 3)


def only_item(text: str, file: str = "item.xml") -> dict:
    """The one item of `text`, which must parse without problems and validate."""
    items, problems = parse(text, file)
    assert problems == []
    assert len(items) == 1
    ITEM_MODELS[items[0]["type"]].model_validate(items[0])
    return items[0]


def choice_item(max_choices: str, correct: list[str], choices: int = 4) -> str:
    values = "".join(f"<value>{value}</value>" for value in correct)
    options = "".join(
        f'<simpleChoice identifier="C{i}">Option {i}</simpleChoice>' for i in range(1, choices + 1)
    )
    return (
        f'<assessmentItem xmlns="{V21}" identifier="pick" title="Pick">'
        '<responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="identifier">'
        f"<correctResponse>{values}</correctResponse></responseDeclaration>"
        f'<itemBody><choiceInteraction responseIdentifier="RESPONSE" maxChoices="{max_choices}">'
        f"<prompt>Pick.</prompt>{options}</choiceInteraction></itemBody></assessmentItem>"
    )


@pytest.mark.parametrize(
    "name", ["qti21-choice.xml", "qti30-text-entry.xml", "qti21-order.xml", "qti30-numeric.xml"]
)
def test_every_parsed_item_validates_with_our_models(name):
    item = only_item(data_text(name), name)
    assert (item["competencies"], item["level"], item["status"]) == (
        ["active-listening"],
        3,
        "draft",
    )


def test_qti21_choice_with_one_choice_allowed_is_single_keyed_from_correct_response():
    item = only_item(data_text("qti21-choice.xml"))
    assert item["key"] == "qti-discovery-question-01"
    assert item["type"] == "single"
    assert [option.get("correct", False) for option in item["options"]] == [False, True, False]
    assert item["stem"] == (
        'A prospect says: "We already have a supplier." Which question opens the best discovery?'
    )


def test_choice_feedback_comes_from_inline_or_modal_feedback_with_its_identifier():
    options = only_item(data_text("qti21-choice.xml"))["options"]
    assert [option["text"] for option in options][1] == (
        "What would you change about it, if you could?"
    )
    assert [option["feedback"] for option in options] == [
        "A closed push: it invites a no.",
        "An open question about their pain.",
        "No feedback in the QTI file.",
    ]


def test_choice_allowing_several_answers_is_multiple():
    item = only_item(choice_item("0", ["C1", "C3"]))
    assert item["type"] == "multiple"
    assert [option.get("correct", False) for option in item["options"]] == [
        True,
        False,
        True,
        False,
    ]


def test_choice_without_correct_response_is_a_problem_not_a_guess():
    text = choice_item("1", [])
    assert parse(text) == (
        [],
        [
            Problem(
                "item.xml",
                1,
                "<responseDeclaration> correctResponse must name one or more of the choices",
            )
        ],
    )


def test_qti30_text_entry_accepts_correct_values_and_positive_map_entries():
    item = only_item(data_text("qti30-text-entry.xml"))
    assert item["key"] == "qti-spin-need-payoff"
    assert item["type"] == "short_text"
    assert item["accepted"] == ["need-payoff", "need payoff"]
    assert item["stem"] == (
        "In SPIN selling, \u201cHow would faster quotes help your team?\u201d is a ____ question."
    )


def test_qti30_numeric_entry_takes_its_tolerance_from_the_equal_comparison():
    item = only_item(data_text("qti30-numeric.xml"))
    assert (item["type"], item["answer"], item["tolerance"]) == ("numeric", 25.0, 0.5)


def test_numeric_entry_without_a_tolerance_is_exact():
    text = data_text("qti30-numeric.xml").replace(' tolerance-mode="absolute" tolerance="0.5"', "")
    assert only_item(text)["tolerance"] == 0.0


def test_relative_tolerance_becomes_absolute():
    text = data_text("qti30-numeric.xml").replace(
        '"absolute" tolerance="0.5"', '"relative" tolerance="10"'
    )
    assert only_item(text)["tolerance"] == 2.5


def test_asymmetric_tolerance_is_a_problem(line):
    text = data_text("qti30-numeric.xml").replace('tolerance="0.5"', 'tolerance="0.5 1"')
    items, problems = parse(text)
    assert items == []
    assert problems == [
        Problem(
            "item.xml",
            line(text, "<qti-equal"),
            "<qti-equal> toleranceMode 'absolute', tolerance '0.5 1': not one tolerance",
        )
    ]


def test_numeric_entry_with_two_accepted_values_is_a_problem():
    text = data_text("qti30-numeric.xml").replace(
        "</qti-correct-response>", "<qti-value>25.5</qti-value></qti-correct-response>"
    )
    items, problems = parse(text)
    assert items == []
    assert [p.message for p in problems] == [
        "<qti-response-declaration> needs exactly one numeric answer, not ['25', '25.5']"
    ]


def test_qti21_order_sequence_follows_the_correct_response():
    item = only_item(data_text("qti21-order.xml"))
    assert item["type"] == "ordering"
    assert [entry["text"] for entry in item["sequence"]] == [
        "Set the agenda",
        "Ask about their situation",
        "Propose a fit",
        "Agree the next step",
    ]
    assert item["stem"] == "Put the stages of a first call in order."


def test_order_missing_a_choice_in_its_correct_response_is_a_problem():
    text = data_text("qti21-order.xml").replace("<value>Close</value>", "")
    items, problems = parse(text)
    assert items == []
    assert [p.message for p in problems] == [
        "<responseDeclaration> correctResponse must put every choice in order, once"
    ]


def test_interaction_we_cannot_map_is_named_with_its_line(line):
    text = (
        data_text("qti21-match.xml")
        .replace("<matchInteraction", "<graphicGapMatchInteraction")
        .replace("</matchInteraction", "</graphicGapMatchInteraction")
    )
    assert parse(text, "gap.xml") == (
        [],
        [
            Problem(
                "gap.xml",
                line(text, "<graphicGapMatchInteraction"),
                "<graphicGapMatchInteraction> cannot be mapped to one of our item types; skipped",
            )
        ],
    )


def test_what_our_item_model_refuses_names_the_qti_file_and_line(line):
    """The fixture's one pair and empty stem: the model's rule, at the item's line."""
    text = data_text("qti21-match.xml")
    assert [str(p) for p in parse(text, "match.xml")[1]] == [
        f"match.xml:{line(text, '<assessmentItem')}: <assessmentItem> as a matching item, "
        "stem: String should have at least 1 character",
        f"match.xml:{line(text, '<assessmentItem')}: <assessmentItem> as a matching item, "
        "pairs: needs 3-6 pairs, not 1",
    ]


def test_two_interactions_in_one_item_is_a_problem():
    text = data_text("qti21-order.xml").replace(
        "</itemBody>", '<textEntryInteraction responseIdentifier="OTHER"/></itemBody>'
    )
    items, problems = parse(text)
    assert items == []
    assert [p.message for p in problems] == [
        "<assessmentItem> has 2 interactions; our items have exactly one response"
    ]


def test_feedback_tied_to_no_choice_is_reported_not_dropped(line):
    text = data_text("qti21-choice.xml").replace(
        "</assessmentItem>",
        '<modalFeedback outcomeIdentifier="FEEDBACK" identifier="CORRECT" showHide="show">'
        "Well done.</modalFeedback>\n</assessmentItem>",
    )
    items, problems = parse(text)
    assert len(items) == 1
    assert problems == [
        Problem(
            "item.xml",
            line(text, 'identifier="CORRECT"'),
            "<modalFeedback> 'CORRECT' is not tied to a choice; not imported",
        )
    ]


def test_malformed_xml_is_one_problem_with_the_parser_line(line):
    text = data_text("qti21-order.xml").replace("</prompt>", "</promt>")
    at = line(text, "</promt>")
    assert parse(text) == ([], [Problem("item.xml", at, "not well-formed XML: mismatched tag")])


def test_a_file_that_is_not_a_qti_item_is_refused():
    text = '<assessmentItem xmlns="http://example.com/other" identifier="x"/>'
    assert parse(text) == (
        [],
        [
            Problem(
                "item.xml",
                1,
                "<{http://example.com/other}assessmentItem> is not a QTI 2.1 or 3.0 assessmentItem",
            )
        ],
    )


MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="pack">
  <organizations/>
  <resources>
    <resource identifier="r1" type="imsqti_item_xmlv2p1" href="items/choice.xml">
      <file href="items/choice.xml"/>
    </resource>
    <resource identifier="r2" type="imsqti_item_xmlv3p0" href="items/entry.xml"/>
    <resource identifier="r3" type="imsqti_item_xmlv2p1" xml:base="items/" href="order.xml"/>
    <resource identifier="r4" type="webcontent" href="extra/roi.xml"/>
    <resource identifier="r5" type="imsqti_item_xmlv2p1" href="items/match.xml"/>
    <resource identifier="r6" type="imsqti_item_xmlv2p1" href="items/copy.xml"/>
    <resource identifier="r7" type="imsqti_test_xmlv2p1" href="test.xml"/>
    <resource identifier="r8" type="webcontent" href="images/logo.png"/>
    <resource identifier="r9" type="imsqti_item_xmlv2p1" href="items/gone.xml"/>
  </resources>
</manifest>
"""
TEST_FILE = f'<assessmentTest xmlns="{V21}" identifier="t" title="T"/>'


@pytest.fixture
def package() -> bytes:
    """A content package built from the data files, with the resources the manifest lists."""
    files = {
        "imsmanifest.xml": MANIFEST,
        "items/choice.xml": data_text("qti21-choice.xml"),
        "items/entry.xml": data_text("qti30-text-entry.xml"),
        "items/order.xml": data_text("qti21-order.xml"),
        "extra/roi.xml": data_text("qti30-numeric.xml"),
        "items/match.xml": data_text("qti21-match.xml"),
        "items/copy.xml": data_text("qti21-choice.xml"),
        "test.xml": TEST_FILE,
        "images/logo.png": "not really a png",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_package_reads_every_item_resource_in_manifest_order(package):
    items, _ = parse_qti_package(package, "pack.zip", "active-listening", 3)
    assert [(item["key"], item["type"]) for item in items] == [
        ("qti-discovery-question-01", "single"),
        ("qti-spin-need-payoff", "short_text"),
        ("qti-call-order", "ordering"),
        ("qti-roi-percent", "numeric"),
        ("qti-discovery-question-01-2", "single"),
    ]
    for item in items:
        ITEM_MODELS[item["type"]].model_validate(item)


def test_package_problems_name_the_file_inside_the_zip(package, line):
    _, problems = parse_qti_package(package, "pack.zip", "active-listening", 3)
    assert problems == [
        Problem(
            "pack.zip/items/match.xml",
            line(data_text("qti21-match.xml"), "<assessmentItem"),
            "<assessmentItem> as a matching item, stem: String should have at least 1 character",
        ),
        Problem(
            "pack.zip/items/match.xml",
            line(data_text("qti21-match.xml"), "<assessmentItem"),
            "<assessmentItem> as a matching item, pairs: needs 3-6 pairs, not 1",
        ),
        Problem(
            "pack.zip/imsmanifest.xml",
            line(MANIFEST, "items/gone.xml"),
            "item file 'items/gone.xml' is missing, unreadable or too large",
        ),
    ]


def test_package_items_dumped_as_yaml_read_as_a_bank(package, read_bank):
    items, _ = parse_qti_package(package, "pack.zip", "active-listening", 3)
    text = yaml.safe_dump({"competency": "active-listening", "items": items}, allow_unicode=True)
    valid, problems = read_bank(text)
    assert problems == []
    assert len(valid) == len(items)


def test_bytes_that_are_not_a_zip_are_one_problem():
    assert parse_qti_package(b"<xml/>", "pack.zip", "active-listening", 3) == (
        [],
        [Problem("pack.zip", None, "not a zip file")],
    )


def test_package_without_a_manifest_is_one_problem():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("items/choice.xml", data_text("qti21-choice.xml"))
    assert parse_qti_package(buffer.getvalue(), "pack.zip", "active-listening", 3) == (
        [],
        [Problem("pack.zip", None, "no readable imsmanifest.xml at the top")],
    )


def test_malformed_manifest_names_the_manifest_and_line():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("imsmanifest.xml", "<manifest>\n<resources>\n</manifest>\n")
    assert parse_qti_package(buffer.getvalue(), "pack.zip", "active-listening", 3) == (
        [],
        [Problem("pack.zip/imsmanifest.xml", 3, "not well-formed XML: mismatched tag")],
    )
