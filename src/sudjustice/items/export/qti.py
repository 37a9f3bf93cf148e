"""QTI 2.1 export: an IMS Content Package (zip) with one assessmentItem per item and, for a
form, an assessmentTest in presentation order.

Mapping of the §4.1 item types (response processing is written out, not referenced as a
template, so a practice export can also set its feedback outcome; the SC/MS/MT rules are the
rules of the standard match_correct and map_response templates):

- SC: choiceInteraction (maxChoices 1), score 1 if the response matches the key;
- MS: choiceInteraction (maxChoices 0) with a mapping of +1/k per correct and -1/k per wrong
  choice, lowerBound 0, upperBound 1: the §4.1 partial credit (right - wrong) / k, floor 0;
- MT: matchInteraction, directedPair mapping of 1/n per correct pair;
- OR: orderInteraction, 1 for the key, 0.5 for each order with two neighbours swapped;
- NUM: textEntryInteraction (float), 1 within the stated absolute tolerance;
- CASE: two choiceInteractions; decision mapping B 1, A 0.5 (X 0); the reason earns 1 only if
  the decision earned credit; outcome CRITICAL is 1 when an X! decision is chosen.

Identifiers are the labels of `present.show` (A, B, … for choices, L1… for the numbered
left-hand side of a matching item, R1… for a CASE item's numbered reasons), so an LMS shows
what the exam notebook shows.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from lxml.builder import ElementMaker

from sudjustice.items.export.lms import Delivery, feedback_lines, flat, paragraphs
from sudjustice.items.export.present import Shown
from sudjustice.items.model import ItemType
from sudjustice.items.scoring import DECISION_CREDIT, item_points

NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
XSD_ENV = "SUDJUSTICE_QTI_XSD"
MANIFEST, TEST = "imsmanifest.xml", "assessmentTest.xml"
ITEM_TYPE, TEST_TYPE = "imsqti_item_xmlv2p1", "imsqti_test_xmlv2p1"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # same bytes for the same input

Q = ElementMaker(namespace=NS, nsmap={None: NS, "xsi": XSI})
CP = ElementMaker(namespace=CP_NS, nsmap={None: CP_NS})


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _num(value: float) -> str:
    return repr(float(value))


def _value(text: str, base: str = "identifier"):
    return Q.baseValue(text, baseType=base)


def _set(outcome: str, expression) -> etree._Element:
    return Q.setOutcomeValue(expression, identifier=outcome)


def _score(value: float) -> etree._Element:
    return _set("SCORE", _value(_num(value), "float"))


def _response(identifier: str, cardinality: str, base: str, correct: list[str], mapping=None):
    declaration = Q.responseDeclaration(
        Q.correctResponse(*(Q.value(v) for v in correct)),
        identifier=identifier,
        cardinality=cardinality,
        baseType=base,
    )
    if mapping is not None:
        entries = [Q.mapEntry(mapKey=k, mappedValue=_num(v)) for k, v in mapping.items()]
        declaration.append(Q.mapping(*entries, lowerBound="0", upperBound="1", defaultValue="0"))
    return declaration


def _outcome(identifier: str, base: str, default: str | None = None, cardinality="single"):
    outcome = Q.outcomeDeclaration(identifier=identifier, cardinality=cardinality, baseType=base)
    if default is not None:
        outcome.append(Q.defaultValue(Q.value(default)))
    return outcome


def _if_else(condition, then: list, otherwise: list) -> etree._Element:
    return Q.responseCondition(Q.responseIf(condition, *then), Q.responseElse(*otherwise))


def _matches_key(identifier: str) -> etree._Element:
    return Q.match(Q.variable(identifier=identifier), Q.correct(identifier=identifier))


def _mapped(identifier: str, outcome: str = "SCORE") -> etree._Element:
    """The map_response template: NULL scores 0, else the sum of the mapped values."""
    return _if_else(
        Q.isNull(Q.variable(identifier=identifier)),
        [_set(outcome, _value("0", "float"))],
        [_set(outcome, Q.mapResponse(identifier=identifier))],
    )


def _choices(tag: str, choices, prefix: str = "", **attributes) -> list[etree._Element]:
    return [getattr(Q, tag)(c.text, identifier=prefix + c.label, **attributes) for c in choices]


def _labels(shown: Shown) -> dict[str, str]:
    return {c.key: c.label for c in shown.choices}


def _single_choice(shown: Shown):
    key = next(_labels(shown)[o.id] for o in shown.item.options if o.correct)
    body = Q.choiceInteraction(
        *_choices("simpleChoice", shown.choices),
        responseIdentifier="RESPONSE",
        shuffle="false",
        maxChoices="1",
    )
    rule = _if_else(_matches_key("RESPONSE"), [_score(1)], [_score(0)])
    return [_response("RESPONSE", "single", "identifier", [key])], [body], [rule]


def _multiple_choice(shown: Shown):
    label, options = _labels(shown), shown.item.options
    k = sum(o.correct for o in options)
    mapping = {label[o.id]: (1 if o.correct else -1) / k for o in options}
    correct = sorted(label[o.id] for o in options if o.correct)
    body = Q.choiceInteraction(
        *_choices("simpleChoice", shown.choices),
        responseIdentifier="RESPONSE",
        shuffle="false",
        maxChoices="0",
    )
    declaration = _response("RESPONSE", "multiple", "identifier", correct, mapping)
    return [declaration], [body], [_mapped("RESPONSE")]


def _matching(shown: Shown):
    label = _labels(shown)
    left = {c.key: f"L{c.label}" for c in shown.lefts}
    pairs = [f"{left[p.left]} {label[p.right]}" for p in shown.item.pairs]
    mapping = {pair: 1 / len(pairs) for pair in pairs}
    body = Q.matchInteraction(
        Q.simpleMatchSet(*_choices("simpleAssociableChoice", shown.lefts, "L", matchMax="1")),
        Q.simpleMatchSet(*_choices("simpleAssociableChoice", shown.choices, matchMax="1")),
        responseIdentifier="RESPONSE",
        shuffle="false",
        maxAssociations=str(len(pairs)),
    )
    declaration = _response("RESPONSE", "multiple", "directedPair", pairs, mapping)
    return [declaration], [body], [_mapped("RESPONSE")]


def neighbour_swaps(order: list[str]) -> list[list[str]]:
    """Every order that differs from `order` by one swap of two neighbours (§4.1: 0.5)."""
    swaps = []
    for n in range(len(order) - 1):
        swapped = list(order)
        swapped[n], swapped[n + 1] = swapped[n + 1], swapped[n]
        swaps.append(swapped)
    return swaps


def _ordering(shown: Shown):
    label = _labels(shown)
    key = [label[s.text] for s in shown.item.steps]
    near = [
        Q.match(Q.variable(identifier="RESPONSE"), Q.ordered(*(_value(v) for v in swap)))
        for swap in neighbour_swaps(key)
    ]
    rule = Q.responseCondition(
        Q.responseIf(_matches_key("RESPONSE"), _score(1)),
        Q.responseElseIf(getattr(Q, "or")(*near), _score(0.5)),
        Q.responseElse(_score(0)),
    )
    body = Q.orderInteraction(
        *_choices("simpleChoice", shown.choices), responseIdentifier="RESPONSE", shuffle="false"
    )
    return [_response("RESPONSE", "ordered", "identifier", key)], [body], [rule]


def _numeric(shown: Shown):
    item = shown.item
    tolerance = {"toleranceMode": "exact"}
    if item.tolerance:
        tolerance = {
            "toleranceMode": "absolute",
            "tolerance": f"{_num(item.tolerance)} {_num(item.tolerance)}",
            "includeLowerBound": "true",
            "includeUpperBound": "true",
        }
    within = Q.equal(
        Q.variable(identifier="RESPONSE"), Q.correct(identifier="RESPONSE"), **tolerance
    )
    prompt = f"Your answer{f' (in {item.unit})' if item.unit else ''}, as a number: "
    body = Q.p(prompt, Q.textEntryInteraction(responseIdentifier="RESPONSE", expectedLength="12"))
    rule = _if_else(within, [_score(1)], [_score(0)])
    return [_response("RESPONSE", "single", "float", [_num(item.answer)])], [body], [rule]


def _case(shown: Shown):
    item, label = shown.item, _labels(shown)
    reason_label = {c.key: f"R{c.label}" for c in shown.reasons}
    credit = {label[d.id]: DECISION_CREDIT[d.verdict] for d in item.decisions}
    best = [label[d.id] for d in item.decisions if d.verdict == "B"][:1]  # single cardinality
    reason = next(reason_label[r.id] for r in item.reasons if r.correct)
    declarations = [
        _response("DECISION", "single", "identifier", best, {k: v for k, v in credit.items() if v}),
        _response("REASON", "single", "identifier", [reason]),
    ]
    body = [
        Q.choiceInteraction(
            Q.prompt("(a) Decision"),
            *_choices("simpleChoice", shown.choices),
            responseIdentifier="DECISION",
            shuffle="false",
            maxChoices="1",
        ),
        Q.choiceInteraction(
            Q.prompt("(b) The reason that best supports it"),
            *_choices("simpleChoice", shown.reasons, "R"),
            responseIdentifier="REASON",
            shuffle="false",
            maxChoices="1",
        ),
    ]
    earned = getattr(Q, "and")(
        Q.gt(Q.variable(identifier="DECISION_SCORE"), _value("0", "float")),
        _matches_key("REASON"),
    )
    rules = [
        _mapped("DECISION", "DECISION_SCORE"),
        _set("SCORE", Q.variable(identifier="DECISION_SCORE")),
        Q.responseCondition(
            Q.responseIf(
                earned, _set("SCORE", Q.sum(Q.variable(identifier="SCORE"), _value("1", "float")))
            )
        ),
    ]
    if critical := [label[d.id] for d in item.decisions if d.critical]:
        chosen = [Q.match(Q.variable(identifier="DECISION"), _value(c)) for c in critical]
        rules.append(
            Q.responseCondition(
                Q.responseIf(getattr(Q, "or")(*chosen), _set("CRITICAL", _value("1", "integer")))
            )
        )
    return declarations, body, rules


BUILDERS: dict[ItemType, Callable] = {
    ItemType.SC: _single_choice,
    ItemType.MS: _multiple_choice,
    ItemType.MT: _matching,
    ItemType.OR: _ordering,
    ItemType.NUM: _numeric,
    ItemType.CASE: _case,
}


def _table(item) -> list[etree._Element]:
    if not item.table:
        return []
    head = Q.thead(Q.tr(*(Q.th(str(c)) for c in item.table.columns)))
    rows = [Q.tr(*(Q.td(str(c)) for c in row)) for row in item.table.rows]
    return [Q.table(head, Q.tbody(*rows))]


def assessment_item(shown: Shown, feedback: bool, title: str) -> etree._Element:
    """One item as a QTI 2.1 assessmentItem; `feedback` adds the rationales (practice only)."""
    item = shown.item
    declarations, interactions, rules = BUILDERS[item.type](shown)
    outcomes = [
        _outcome("SCORE", "float", "0"),  # normalMaximum: the LMS's maximum for this item
        _outcome("MAXSCORE", "float", _num(item_points(item))),
    ]
    outcomes[0].set("normalMaximum", _num(item_points(item)))
    if item.type == ItemType.CASE:
        outcomes += [_outcome("DECISION_SCORE", "float", "0"), _outcome("CRITICAL", "integer", "0")]
    if feedback:
        outcomes.append(_outcome("FEEDBACK", "identifier"))
        rules.append(_set("FEEDBACK", _value("RATIONALE")))
    stem = [Q.p(text, **{"class": "stem"}) for text in paragraphs(item.stem)]
    root = Q.assessmentItem(
        *declarations,
        *outcomes,
        Q.itemBody(*stem, *_table(item), *interactions),
        Q.responseProcessing(*rules),
        identifier=item.id,
        title=title,
        adaptive="false",
        timeDependent="false",
    )
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    if feedback:
        lines = Q.ul(*(Q.li(line) for line in feedback_lines(shown)))
        root.append(
            Q.modalFeedback(
                lines,
                outcomeIdentifier="FEEDBACK",
                identifier="RATIONALE",
                showHide="show",
                title="Why",
            )
        )
    return root


def assessment_test(delivery: Delivery) -> etree._Element:
    """A form's items in presentation order, with the test score as the sum of item scores."""
    refs = [Q.assessmentItemRef(identifier=i.id, href=_item_href(i.id)) for i in delivery.items]
    total = sum(item_points(i) for i in delivery.items)
    root = Q.assessmentTest(
        Q.outcomeDeclaration(
            Q.defaultValue(Q.value("0")), identifier="SCORE", cardinality="single", baseType="float"
        ),
        _outcome("MAXSCORE", "float", _num(total)),
        Q.testPart(
            Q.assessmentSection(*refs, identifier="questions", title="Questions", visible="true"),
            identifier="exam",
            navigationMode="nonlinear",
            submissionMode="simultaneous",
        ),
        Q.outcomeProcessing(_set("SCORE", Q.sum(Q.testVariables(variableIdentifier="SCORE")))),
        identifier=_identifier(delivery.name),
        title=f"Certification exam — form {delivery.name}",
    )
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    return root


def _identifier(text: str) -> str:
    """A QTI identifier (letters, digits, _ . -, not starting with a digit)."""
    cleaned = re.sub(r"[^A-Za-z0-9_.-]", "_", text)
    return cleaned if re.match(r"[A-Za-z_]", cleaned) else f"_{cleaned}"


def _item_href(item_id: str) -> str:
    return f"items/{item_id}.xml"


def manifest(delivery: Delivery, with_test: bool) -> etree._Element:
    resources = [
        CP.resource(
            CP.file(href=_item_href(i.id)),
            identifier=f"RES-{i.id}",
            type=ITEM_TYPE,
            href=_item_href(i.id),
        )
        for i in delivery.items
    ]
    if with_test:
        dependencies = [CP.dependency(identifierref=f"RES-{i.id}") for i in delivery.items]
        resources.append(
            CP.resource(
                CP.file(href=TEST), *dependencies, identifier="RES-TEST", type=TEST_TYPE, href=TEST
            )
        )
    return CP.manifest(
        CP.metadata(CP.schema("QTIv2.1 Package"), CP.schemaversion("1.0.0")),
        CP.organizations(),
        CP.resources(*resources),
        identifier=_identifier(f"MANIFEST-{delivery.name}"),
    )


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def package(delivery: Delivery) -> dict[str, bytes]:
    """The files of the content package by path (items, the test for a form, the manifest)."""
    with_test = delivery.kind == "form"
    files = {}
    for number, shown in enumerate(delivery.shown, 1):
        title = f"Question {number}" if with_test else shown.item.id
        files[_item_href(shown.item.id)] = _bytes(assessment_item(shown, delivery.feedback, title))
    if with_test:
        files[TEST] = _bytes(assessment_test(delivery))
    return {MANIFEST: _bytes(manifest(delivery, with_test)), **files}


def write_qti(delivery: Delivery, out: Path) -> Path:
    """Write the content package zip (byte-identical for the same delivery)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in package(delivery).items():
            archive.writestr(zipfile.ZipInfo(name, FIXED_TIME), data, zipfile.ZIP_DEFLATED)
    return out


# --- reading back --------------------------------------------------------------------------


def _read(source: Path | bytes) -> dict[str, bytes]:
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _text(element) -> str:
    return flat("".join(element.itertext()))


def _find(root, path: str) -> list:
    return root.xpath(path, namespaces={"q": NS, "cp": CP_NS})


def _declaration(root, identifier: str):
    return _find(root, f"q:responseDeclaration[@identifier='{identifier}']")[0]


def _correct(root, identifier: str) -> list[str]:
    return [v.text for v in _find(_declaration(root, identifier), "q:correctResponse/q:value")]


def _mapping(root, identifier: str) -> dict[str, float]:
    entries = _find(_declaration(root, identifier), "q:mapping/q:mapEntry")
    return {e.get("mapKey"): float(e.get("mappedValue")) for e in entries}


def _choice_texts(interaction) -> dict[str, str]:
    return {c.get("identifier"): _text(c) for c in _find(interaction, "q:simpleChoice")}


def parse_item(xml: bytes) -> dict:
    """The facts of one assessmentItem in the shape of `lms.summary`, plus its feedback lines."""
    root = etree.fromstring(xml)
    body = _find(root, "q:itemBody")[0]
    choice = _find(body, ".//q:choiceInteraction")
    facts = {
        "id": root.get("identifier"),
        "stem": " ".join(_text(p) for p in _find(body, "q:p[@class='stem']")),
        "points": int(
            float(_find(root, "q:outcomeDeclaration[@identifier='MAXSCORE']//q:value")[0].text)
        ),
        "choices": [],
        "lefts": [],
        "reasons": [],
        "credit": {},
        "tolerance": None,
    }
    if len(choice) == 2:
        decisions, reasons = _choice_texts(choice[0]), _choice_texts(choice[1])
        mapping = _mapping(root, "DECISION")
        facts |= {
            "type": "CASE",
            "choices": list(decisions.values()),
            "reasons": list(reasons.values()),
            "key": reasons[_correct(root, "REASON")[0]],
            "credit": {text: mapping.get(label, 0.0) for label, text in decisions.items()},
        }
    elif choice:
        texts = _choice_texts(choice[0])
        single = choice[0].get("maxChoices") == "1"
        correct = set(_correct(root, "RESPONSE"))
        mapping = _mapping(root, "RESPONSE")
        facts |= {
            "type": "SC" if single else "MS",
            "choices": list(texts.values()),
            "key": sorted(texts[c] for c in correct),
            "credit": {
                t: float(c in correct) if single else round(mapping[c], 4) for c, t in texts.items()
            },
        }
    elif match := _find(body, ".//q:matchInteraction"):
        lefts, rights = (
            {c.get("identifier"): _text(c) for c in _find(s, "q:simpleAssociableChoice")}
            for s in _find(match[0], "q:simpleMatchSet")
        )
        pairs = [v.split() for v in _correct(root, "RESPONSE")]
        facts |= {
            "type": "MT",
            "choices": list(rights.values()),
            "lefts": list(lefts.values()),
            "key": {lefts[a]: rights[b] for a, b in pairs},
        }
    elif order := _find(body, ".//q:orderInteraction"):
        texts = _choice_texts(order[0])
        facts |= {
            "type": "OR",
            "choices": list(texts.values()),
            "key": [texts[c] for c in _correct(root, "RESPONSE")],
        }
    else:
        equal = _find(root, "q:responseProcessing//q:equal")[0]
        facts |= {
            "type": "NUM",
            "key": float(_correct(root, "RESPONSE")[0]),
            "tolerance": float(equal.get("tolerance", "0").split()[0]),
        }
    facts["feedback"] = [_text(li) for li in _find(root, "q:modalFeedback//q:li")]
    return facts


def parse_qti(source: Path | bytes) -> list[dict]:
    """Every item of a content package, in test order for a form, else in manifest order."""
    files = _read(source)
    if TEST in files:
        hrefs = _find(etree.fromstring(files[TEST]), "//q:assessmentItemRef/@href")
    else:
        hrefs = _find(
            etree.fromstring(files[MANIFEST]), f"//cp:resource[@type='{ITEM_TYPE}']/@href"
        )
    return [parse_item(files[href]) for href in hrefs]


# --- response processing (the subset this exporter writes), to check the encoding ----------


def _typed(text: str, base: str):
    return float(text) if base in ("float", "integer") else " ".join(text.split())


class _Processor:
    def __init__(self, root, responses: dict):
        self.root = root
        self.declarations = {d.get("identifier"): d for d in _find(root, "q:responseDeclaration")}
        self.values = dict(responses)
        for outcome in _find(root, "q:outcomeDeclaration"):
            default = _find(outcome, "q:defaultValue/q:value")
            base = outcome.get("baseType")
            self.values[outcome.get("identifier")] = (
                _typed(default[0].text, base) if default else None
            )

    def run(self) -> dict:
        for rule in _find(self.root, "q:responseProcessing")[0]:
            self.rule(rule)
        return self.values

    def rule(self, rule) -> None:
        tag = etree.QName(rule).localname
        if tag == "setOutcomeValue":
            self.values[rule.get("identifier")] = self.expression(rule[0])
        elif tag == "responseCondition":
            for branch in rule:
                kind = etree.QName(branch).localname
                if kind == "responseElse" or self.expression(branch[0]):
                    for inner in branch[0 if kind == "responseElse" else 1 :]:
                        self.rule(inner)
                    return
        else:
            raise ValueError(f"rule {tag} is not one this exporter writes")

    def _cardinality(self, identifier: str) -> str:
        declaration = self.declarations.get(identifier)
        return declaration.get("cardinality") if declaration is not None else "single"

    def expression(self, node):
        tag, kids = etree.QName(node).localname, list(node)
        match tag:
            case "baseValue":
                return _typed(node.text, node.get("baseType"))
            case "variable":
                value = self.values.get(node.get("identifier"))
                if self._cardinality(node.get("identifier")) != "single" and value is not None:
                    return [" ".join(str(v).split()) for v in value]
                return value
            case "correct":
                declaration = self.declarations[node.get("identifier")]
                values = [
                    _typed(v.text, declaration.get("baseType"))
                    for v in _find(declaration, "q:correctResponse/q:value")
                ]
                return values if declaration.get("cardinality") != "single" else values[0]
            case "ordered":
                return [self.expression(k) for k in kids]
            case "isNull":
                value = self.expression(kids[0])
                return value is None or value == []
            case "match":
                a, b = (self.expression(k) for k in kids)
                if a is None or b is None:
                    return False
                ordered = any(
                    etree.QName(k).localname == "ordered"
                    or self._cardinality(k.get("identifier", "")) == "ordered"
                    for k in kids
                )
                if isinstance(a, list) and not ordered:
                    return Counter(a) == Counter(b)
                return a == b
            case "mapResponse":
                declaration = self.declarations[node.get("identifier")]
                mapping = _find(declaration, "q:mapping")[0]
                entries = {
                    " ".join(e.get("mapKey").split()): float(e.get("mappedValue"))
                    for e in _find(mapping, "q:mapEntry")
                }
                given = self.expression(Q.variable(identifier=node.get("identifier")))
                given = given if isinstance(given, list) else [given]
                total = sum(
                    entries.get(v, float(mapping.get("defaultValue", 0))) for v in set(given)
                )
                total = max(total, float(mapping.get("lowerBound", "-inf")))
                return min(total, float(mapping.get("upperBound", "inf")))
            case "and":
                return all(self.expression(k) for k in kids)
            case "or":
                return any(self.expression(k) for k in kids)
            case "gt":
                a, b = (self.expression(k) for k in kids)
                return a is not None and b is not None and a > b
            case "sum":
                return sum(self.expression(k) for k in kids)
            case "equal":
                a, b = (self.expression(k) for k in kids)
                if a is None or b is None:
                    return False
                tolerance = float(node.get("tolerance", "0").split()[0])
                return abs(float(a) - float(b)) <= tolerance + 1e-9
        raise ValueError(f"expression {tag} is not one this exporter writes")


def process(xml: bytes, responses: dict) -> dict:
    """Run an item's responseProcessing on `responses` (identifier -> value) and return its
    outcome values (SCORE, …). Values: an identifier, a list of identifiers or of
    "source target" pairs, or a number; None for no response."""
    return _Processor(etree.fromstring(xml), responses).run()


# --- validation ----------------------------------------------------------------------------


def _structure(name: str, root) -> list[str]:
    """Problems in one item: identifiers, declarations and keys that do not fit together."""
    problems = []

    def where(node) -> str:
        return f"{name}:{node.sourceline}"

    declared = {d.get("identifier"): d for d in _find(root, "q:responseDeclaration")}
    outcomes = [o.get("identifier") for o in _find(root, "q:outcomeDeclaration")]
    for dup in sorted(i for i, n in Counter([*declared, *outcomes]).items() if n > 1):
        problems.append(f"{name}: variable {dup} is declared twice")
    interactions = _find(root, "q:itemBody//*[@responseIdentifier]")
    if not interactions:
        problems.append(f"{name}: the item body has no interaction")
    for interaction in interactions:
        identifier = interaction.get("responseIdentifier")
        if identifier not in declared:
            problems.append(
                f"{where(interaction)} [responseIdentifier]: {identifier} is not declared"
            )
            continue
        choices = [
            c.get("identifier")
            for c in interaction.iter(_q("simpleChoice"), _q("simpleAssociableChoice"))
        ]
        for dup in sorted(i for i, n in Counter(choices).items() if n > 1):
            problems.append(f"{where(interaction)}: choice identifier {dup} repeats")
        declaration = declared[identifier]
        keys = [v.text for v in _find(declaration, "q:correctResponse/q:value")]
        keys += [e.get("mapKey") for e in _find(declaration, "q:mapping/q:mapEntry")]
        if not _find(declaration, "q:correctResponse"):
            problems.append(f"{where(declaration)}: {identifier} has no correctResponse")
        if choices:
            for key in keys:
                if unknown := [part for part in key.split() if part not in choices]:
                    problems.append(
                        f"{where(declaration)} [{identifier}]: key {key!r} names no choice {unknown}"
                    )
    used = _find(root, "q:responseProcessing//*[@identifier]")
    for variable in used:
        if variable.get("identifier") not in {*declared, *outcomes}:
            problems.append(f"{where(variable)}: {variable.get('identifier')} is not declared")
    return problems


def validate_qti(source: Path | bytes, xsd: Path | None = None) -> list[str]:
    """Problems in a content package (empty if none): structural checks always; the official
    XSD too when a path to `imsqti_v2p1.xsd` is given (or set in $SUDJUSTICE_QTI_XSD)."""
    files = _read(source)
    xsd = xsd or (Path(os.environ[XSD_ENV]) if os.environ.get(XSD_ENV) else None)
    schema = etree.XMLSchema(etree.parse(str(xsd))) if xsd else None
    if MANIFEST not in files:
        return [f"{MANIFEST}: missing from the package"]
    problems, listed = [], set()
    try:
        manifest_root = etree.fromstring(files[MANIFEST])
    except etree.XMLSyntaxError as error:
        return [f"{MANIFEST}: {error}"]
    if manifest_root.tag != f"{{{CP_NS}}}manifest":
        problems.append(f"{MANIFEST}: root is {manifest_root.tag}, not an IMS CP 1.1 manifest")
    for file in _find(manifest_root, "//cp:file/@href"):
        listed.add(str(file))
        if file not in files:
            problems.append(f"{MANIFEST}: lists {file}, which is not in the package")
    if unlisted := sorted(set(files) - listed - {MANIFEST}):
        problems.append(f"{MANIFEST}: does not list {unlisted}")
    identifiers = []
    for name, data in sorted(files.items()):
        if name == MANIFEST:
            continue
        try:
            root = etree.fromstring(data)
        except etree.XMLSyntaxError as error:
            problems.append(f"{name}: {error}")
            continue
        if etree.QName(root).namespace != NS:
            problems.append(f"{name}: root element is not in the QTI 2.1 namespace {NS}")
        if schema is not None and not schema.validate(root):
            problems += [f"{name}:{e.line}: {e.message}" for e in schema.error_log]
        if etree.QName(root).localname == "assessmentItem":
            identifiers.append(root.get("identifier"))
            problems += _structure(name, root)
        elif etree.QName(root).localname == "assessmentTest":
            for href in _find(root, "//q:assessmentItemRef/@href"):
                if href not in files:
                    problems.append(f"{name}: assessmentItemRef {href} is not in the package")
    for dup in sorted(i for i, n in Counter(identifiers).items() if n > 1):
        problems.append(f"item identifier {dup} is used by more than one item")
    return problems
