"""QTI items scored as QTI's response processing scores them, or refused naming the construct.

Small items written here from the QTI 2.1 / 3.0 information model; each checks the score a taker
would get through our item types, not only that the import succeeded.
"""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile

import pytest

from trainer.assessments.importers.qti import parse_qti
from trainer.assessments.importers.qti_package import parse_qti_package
from trainer.assessments.items import ITEM_MODELS
from trainer.assessments.scoring import score

NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
MAP_RESPONSE = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response"
MATCH_CORRECT = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"


def item_xml(declaration: str, body: str, processing: str = MAP_RESPONSE, extra: str = "") -> str:
    return (
        f'<?xml version="1.0"?>\n<assessmentItem xmlns="{NS}" identifier="it" title="It" '
        'adaptive="false" timeDependent="false">\n'
        f"{declaration}\n{extra}<itemBody>{body}</itemBody>\n"
        f'<responseProcessing template="{processing}"/>\n</assessmentItem>\n'
    )


def choices(n: int, max_choices: int = 1) -> str:
    inner = "".join(f'<simpleChoice identifier="C{i}">Choice {i}</simpleChoice>' for i in range(n))
    return (
        f'<p>Pick.</p><choiceInteraction responseIdentifier="RESPONSE" maxChoices="{max_choices}">'
        f"{inner}</choiceInteraction>"
    )


def declaration(cardinality: str, mapping: str, base: str = "identifier", correct: str = "") -> str:
    return (
        f'<responseDeclaration identifier="RESPONSE" cardinality="{cardinality}" baseType="{base}">'
        f"{correct}{mapping}</responseDeclaration>"
    )


def parse(text: str):
    return parse_qti(text.encode(), "item.xml", "negotiating", 2)


def model(text: str):
    items, problems = parse(text)
    assert [str(p) for p in problems] == []
    return ITEM_MODELS[items[0]["type"]].model_validate(items[0])


def test_a_default_value_below_zero_costs_marks_down_to_the_lower_bound():
    """The reported case: a wrong pick with defaultValue -2 scores 0 in QTI, not 0.5."""
    mapping = (
        '<mapping defaultValue="-2" lowerBound="0">'
        '<mapEntry mapKey="C0" mappedValue="1"/><mapEntry mapKey="C1" mappedValue="1"/></mapping>'
    )
    item = model(item_xml(declaration("multiple", mapping), choices(4, 4)))
    assert score(item, [0, 1]).points == 1.0
    assert score(item, [0]).points == 0.5
    assert score(item, [0, 2]).points == 0.0


def test_a_mapping_that_can_score_below_zero_is_refused():
    mapping = (
        '<mapping defaultValue="-1"><mapEntry mapKey="C0" mappedValue="1"/>'
        '<mapEntry mapKey="C1" mappedValue="1"/></mapping>'
    )
    items, problems = parse(item_xml(declaration("multiple", mapping), choices(4, 4)))
    assert items == [] and "can score below 0" in problems[0].message


def test_the_upper_bound_caps_the_best_score():
    mapping = (
        '<mapping upperBound="1" lowerBound="0">'
        + "".join(f'<mapEntry mapKey="C{i}" mappedValue="0.5"/>' for i in range(3))
        + "</mapping>"
    )
    item = model(item_xml(declaration("multiple", mapping), choices(4, 4)))
    assert score(item, [0, 1]).points == 1.0  # two of three already reach the cap
    assert score(item, [2]).points == 0.5


def test_single_choice_mapped_values_are_partial_credit():
    mapping = (
        '<mapping><mapEntry mapKey="C0" mappedValue="2"/>'
        '<mapEntry mapKey="C1" mappedValue="1"/></mapping>'
    )
    item = model(item_xml(declaration("single", mapping), choices(3)))
    assert item.type == "single"
    assert [score(item, i).points for i in range(3)] == [1.0, 0.5, 0.0]


def test_text_entry_mapped_to_half_is_half_right_not_fully_right():
    mapping = (
        '<mapping defaultValue="0"><mapEntry mapKey="need-payoff" mappedValue="1"/>'
        '<mapEntry mapKey="implication" mappedValue="0.5"/></mapping>'
    )
    body = '<p>A <textEntryInteraction responseIdentifier="RESPONSE"/> question.</p>'
    item = model(item_xml(declaration("single", mapping, "string"), body))
    assert item.accepted == ["need-payoff"]
    assert score(item, "Implication").points == 0.5


def test_under_match_correct_the_mapping_is_not_what_scores():
    mapping = '<mapping><mapEntry mapKey="maybe" mappedValue="1"/></mapping>'
    correct = "<correctResponse><value>yes</value></correctResponse>"
    body = '<p>Say <textEntryInteraction responseIdentifier="RESPONSE"/>.</p>'
    item = model(item_xml(declaration("single", mapping, "string", correct), body, MATCH_CORRECT))
    assert item.accepted == ["yes"]


def test_match_correct_with_several_keys_is_all_or_nothing():
    correct = "<correctResponse><value>C0</value><value>C1</value></correctResponse>"
    text = item_xml(declaration("multiple", "", correct=correct), choices(4, 4), MATCH_CORRECT)
    item = model(text)
    assert score(item, [0, 1]).points == 1.0
    assert score(item, [0]).points == 0.0


def test_match_interaction_becomes_matching_with_extra_targets():
    sources = "".join(
        f'<simpleAssociableChoice identifier="S{i}" matchMax="1">Role {i}</simpleAssociableChoice>'
        for i in range(3)
    )
    targets = "".join(
        f'<simpleAssociableChoice identifier="T{i}" matchMax="1">Does {i}</simpleAssociableChoice>'
        for i in range(4)
    )
    body = (
        '<p>Match.</p><matchInteraction responseIdentifier="RESPONSE" maxAssociations="3">'
        f"<simpleMatchSet>{sources}</simpleMatchSet><simpleMatchSet>{targets}</simpleMatchSet>"
        "</matchInteraction>"
    )
    correct = (
        "<correctResponse>"
        + "".join(f"<value>S{i} T{i}</value>" for i in range(3))
        + "</correctResponse>"
    )
    item = model(
        item_xml(declaration("multiple", "", "directedPair", correct), body, MATCH_CORRECT)
    )
    assert [(p.prompt, p.match) for p in item.pairs] == [
        (f"Role {i}", f"Does {i}") for i in range(3)
    ]
    assert item.distractors == ["Does 3"]


def test_extended_text_becomes_an_essay_and_inline_choice_a_single_choice():
    essay = model(
        item_xml(
            declaration("single", "", "string"),
            '<p>Explain.</p><extendedTextInteraction responseIdentifier="RESPONSE"/>',
            MATCH_CORRECT,
        )
    )
    assert essay.type == "essay"
    inline = (
        '<p>Price is <inlineChoiceInteraction responseIdentifier="RESPONSE">'
        '<inlineChoice identifier="A">value</inlineChoice>'
        '<inlineChoice identifier="B">cost</inlineChoice>'
        '<inlineChoice identifier="C">margin</inlineChoice>'
        "</inlineChoiceInteraction> to the buyer.</p>"
    )
    correct = "<correctResponse><value>B</value></correctResponse>"
    item = model(item_xml(declaration("single", "", correct=correct), inline, MATCH_CORRECT))
    assert (item.type, item.stem) == ("single", "Price is ____ to the buyer.")
    assert [o.correct for o in item.options] == [False, True, False]


@pytest.mark.parametrize(
    ("extra", "body", "message"),
    [
        (
            '<templateDeclaration identifier="A" cardinality="single" baseType="integer"/>',
            choices(3),
            "templates (cloned item variables) are not supported",
        ),
        (
            "",
            '<p>Look at <img src="a.png" alt="a chart"/></p>' + choices(3),
            "in a lone item file: import the package that holds it",
        ),
        (
            "",
            '<p><math xmlns="http://www.w3.org/1998/Math/MathML"><mtable/></math></p>' + choices(3),
            "MathML: <mtable> has no one-line form",
        ),
        ("", "<p><object data='a.swf'/></p>" + choices(3), "an embedded object cannot be shown"),
    ],
)
def test_what_would_be_lost_is_refused_with_its_line(extra, body, message):
    correct = "<correctResponse><value>C0</value></correctResponse>"
    items, problems = parse(
        item_xml(declaration("single", "", correct=correct), body, MATCH_CORRECT, extra)
    )
    assert items == [] and message in problems[0].message and problems[0].line


def test_deep_nesting_is_refused_with_its_line_not_a_recursion_error():
    body = "<div>" * 5000 + "x" + "</div>" * 5000
    items, problems = parse(item_xml(declaration("single", ""), body))
    assert items == [] and "nested more than 200 deep" in problems[0].message


def _lying_zip(real_size: int, claimed: int) -> bytes:
    """A package whose item entry holds `real_size` bytes of deflate but claims `claimed`."""
    manifest = (
        '<manifest><resources><resource type="imsqti_item_xmlv2p1" href="items/big.xml"/>'
        "</resources></manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest)
        archive.writestr("items/big.xml", b"\0" * real_size)
    data = bytearray(buffer.getvalue())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = -1
        while (at := data.find(signature, at + 1)) >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + 13] == b"items/big.xml":
                struct.pack_into("<I", data, at + offset, claimed)
    return bytes(data)


def test_a_zip_entry_that_lies_about_its_size_is_read_with_a_bounded_read():
    """120 MB of zeros that claim 100 bytes: refused after a bounded read, not inflated whole."""
    data = _lying_zip(120_000_000, 100)
    tracemalloc.start()
    items, problems = parse_qti_package(data, "pack.zip", "negotiating", 2)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert items == []
    assert "items/big.xml" in str(problems[0])
    assert peak < 30_000_000


def test_a_package_with_too_many_files_is_refused(monkeypatch):
    monkeypatch.setattr("trainer.assessments.importers.qti_package.MAX_MEMBERS", 1)
    items, problems = parse_qti_package(_lying_zip(10, 10), "pack.zip", "negotiating", 2)
    assert items == [] and "more than 1 files" in problems[0].message
