"""Moodle XML export (`<quiz>`): one question per item, a category per module, question name and
ID number = item id.

- SC: `multichoice`, single; the key 100, the others 0.
- MS: `multichoice`, not single; +100/k for each correct and -100/k for each wrong option, so
  Moodle's sum (kept between 0 and 100 %) is the §4.1 partial credit (right - wrong) / k.
- MT: `matching`; Moodle credits each pair in proportion, as §4.1 does.
- OR: `ordering` (qtype_ordering, standard since Moodle 4.4) with ABSOLUTE_POSITION grading,
  the closest it allows to §4.1 (1 if exact, 0.5 for one swap of neighbours, else 0): see
  `ORDERING_NOTE`, which is written into the XML beside each ordering question.
- NUM: `numerical` with the stated absolute tolerance; units are in the question text.
- CASE: `cloze` (multianswer) with two MULTICHOICE_V sub-questions, decision (B 100, A 50,
  X 0) and reason (the correct one 100); see `CASE_NOTE`.

Option texts and order follow `present.show`, so Moodle shows the same letters as the exam
notebook (multichoice numbering ABCD, no shuffling; CASE options carry their labels).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from lxml import etree

from sudjustice.items.export.lms import Delivery, feedback_lines, flat, paragraphs
from sudjustice.items.export.present import Shown
from sudjustice.items.model import ItemType
from sudjustice.items.scoring import DECISION_CREDIT, item_points

CATEGORY_ROOT = "$course$/top/SUD justice"
ORDERING_GRADING = "ABSOLUTE_POSITION"
ORDERING_NOTE = (
    " Ordering: Moodle's gradingtype ABSOLUTE_POSITION gives the share of steps in their right "
    "place. For one swap of two neighbours that is (n-2)/n: 0.5 with 4 steps as in CURRICULUM "
    "4.1, but 0.6 with 5 and 0.67 with 6 steps; other orders with some steps in place earn "
    "partial credit that 4.1 does not give (4.1: exact 1, one neighbour swap 0.5, else 0). "
    "No Moodle grading type gives exactly the 4.1 rule; re-score with `sudjustice` for grades "
    "that count. "
)
CASE_NOTE = (
    " CASE item as Cloze: (a) decision B 100 %, A 50 %, X 0; (b) reason 100 % for the correct "
    "one. Moodle grades (b) on its own; CURRICULUM 4.1 credits the reason only if the decision "
    "earned credit, and counts X! decisions as critical errors. Moodle cannot express either "
    "rule: they are applied when `sudjustice` re-scores the responses. "
)
CLOZE_SPECIAL = re.compile(r'([\\}#~/"])')


def _fraction(credit: float) -> str:
    return f"{100 * credit:.7g}"


def _html(text: str) -> str:
    return html.escape(text, quote=False)


def _text(parent, tag: str, content: str, fmt: str | None = "html", cdata: bool = True):
    element = etree.SubElement(parent, tag, **({"format": fmt} if fmt else {}))
    etree.SubElement(element, "text").text = etree.CDATA(content) if cdata else content
    return element


def _answer(parent, fraction: str, text: str, feedback: str = "", fmt: str = "html"):
    answer = etree.SubElement(parent, "answer", fraction=fraction, format=fmt)
    etree.SubElement(answer, "text").text = etree.CDATA(_html(text)) if fmt == "html" else text
    if feedback:
        _text(answer, "feedback", _html(feedback))
    return answer


def _stem_html(shown: Shown) -> str:
    item = shown.item
    parts = [f'<p class="stem">{_html(p)}</p>' for p in paragraphs(item.stem)]
    if item.table:
        head = "".join(f"<th>{_html(str(c))}</th>" for c in item.table.columns)
        rows = "".join(
            "<tr>" + "".join(f"<td>{_html(str(c))}</td>" for c in row) + "</tr>"
            for row in item.table.rows
        )
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    if item.type == ItemType.NUM and item.unit:
        parts.append(f"<p>Give the answer in {_html(item.unit)}, as a number.</p>")
    return "\n".join(parts)


def cloze_escape(text: str) -> str:
    """Option text as a Cloze answer: HTML-escaped, then } # ~ / " \\ escaped with a backslash."""
    return CLOZE_SPECIAL.sub(r"\\\1", _html(text))


def _cloze(credits: list[tuple[float, str]]) -> str:
    answers = [f"%{_fraction(c)}%{cloze_escape(t)}" if c else cloze_escape(t) for c, t in credits]
    return "{1:MULTICHOICE_V:" + "~".join(answers) + "}"


def _case_html(shown: Shown) -> str:
    item = shown.item
    verdict = {d.id: d.verdict for d in item.decisions}
    correct = {r.id for r in item.reasons if r.correct}
    decisions = [(DECISION_CREDIT[verdict[c.key]], f"{c.label}. {c.text}") for c in shown.choices]
    reasons = [(float(c.key in correct), f"{c.label}. {c.text}") for c in shown.reasons]
    return (
        f"{_stem_html(shown)}\n<p><strong>(a) Decision</strong></p>\n<p>{_cloze(decisions)}</p>\n"
        "<p><strong>(b) The reason that best supports it</strong></p>\n"
        f"<p>{_cloze(reasons)}</p>"
    )


def _question(quiz, shown: Shown, feedback: bool) -> None:
    item = shown.item
    qtype = {
        ItemType.SC: "multichoice",
        ItemType.MS: "multichoice",
        ItemType.MT: "matching",
        ItemType.OR: "ordering",
        ItemType.NUM: "numerical",
        ItemType.CASE: "cloze",
    }[item.type]
    if item.type == ItemType.OR:
        quiz.append(etree.Comment(ORDERING_NOTE))
    if item.type == ItemType.CASE:
        quiz.append(etree.Comment(CASE_NOTE))
    question = etree.SubElement(quiz, "question", type=qtype)
    _text(question, "name", item.id, fmt=None, cdata=False)
    body = _case_html(shown) if item.type == ItemType.CASE else _stem_html(shown)
    _text(question, "questiontext", body)
    if feedback:
        lines = "".join(f"<li>{_html(line)}</li>" for line in feedback_lines(shown))
        _text(question, "generalfeedback", f"<ul>{lines}</ul>")
    if item.type != ItemType.CASE:  # a Cloze question's grade is the sum of its parts
        etree.SubElement(question, "defaultgrade").text = str(item_points(item))
    etree.SubElement(question, "penalty").text = "0"
    etree.SubElement(question, "hidden").text = "0"
    etree.SubElement(question, "idnumber").text = item.id
    match item.type:
        case ItemType.SC | ItemType.MS:
            k = sum(o.correct for o in item.options)
            single = item.type == ItemType.SC
            etree.SubElement(question, "single").text = "true" if single else "false"
            etree.SubElement(question, "shuffleanswers").text = "false"
            etree.SubElement(question, "answernumbering").text = "ABCD"
            etree.SubElement(question, "showstandardinstruction").text = "0"
            by_id = {o.id: o for o in item.options}
            for choice in shown.choices:
                option = by_id[choice.key]
                credit = float(option.correct) if single else (1 if option.correct else -1) / k
                _answer(question, _fraction(credit), option.text, feedback * option.rationale)
        case ItemType.MT:
            etree.SubElement(question, "shuffleanswers").text = "true"
            for pair in item.pairs:
                sub = _text(question, "subquestion", _html(pair.left))
                etree.SubElement(etree.SubElement(sub, "answer"), "text").text = pair.right
        case ItemType.OR:
            for tag, value in [
                ("layouttype", "VERTICAL"),
                ("selecttype", "ALL"),
                ("selectcount", "0"),
                ("gradingtype", ORDERING_GRADING),
                ("showgrading", "SHOW" if feedback else "HIDE"),
                ("numberingstyle", "none"),
            ]:
                etree.SubElement(question, tag).text = value
            for position, step in enumerate(item.steps, 1):
                _answer(question, str(position), step.text)
        case ItemType.NUM:
            answer = _answer(question, "100", repr(item.answer), fmt="moodle_auto_format")
            etree.SubElement(answer, "tolerance").text = repr(item.tolerance)
            for tag, value in [
                ("unitgradingtype", "0"),
                ("unitpenalty", "0"),
                ("showunits", "3"),  # no unit is asked for: the question names it
                ("unitsleft", "0"),
            ]:
                etree.SubElement(question, tag).text = value


def moodle_quiz(delivery: Delivery) -> etree._Element:
    """The delivery as a Moodle XML `<quiz>`, a category per module, in presentation order."""
    quiz = etree.Element("quiz")
    kind = "form " + delivery.name if delivery.kind == "form" else delivery.kind
    quiz.append(
        etree.Comment(
            f" {kind}: {len(delivery.shown)} questions"
            + (" with feedback (practice)" if delivery.feedback else "; secure: keys, no feedback ")
        )
    )
    module = None
    for shown in delivery.shown:
        if shown.item.id[:3] != module:
            module = shown.item.id[:3]
            category = etree.SubElement(quiz, "question", type="category")
            _text(category, "category", f"{CATEGORY_ROOT}/{kind}/{module}", fmt=None, cdata=False)
        _question(quiz, shown, delivery.feedback)
    return quiz


def write_moodle(delivery: Delivery, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(
        etree.tostring(
            moodle_quiz(delivery), xml_declaration=True, encoding="UTF-8", pretty_print=True
        )
    )
    return out


# --- reading back --------------------------------------------------------------------------

STEM = re.compile(r'<p class="stem">(.*?)</p>', re.DOTALL)
CLOZE = re.compile(r"\{1:MULTICHOICE_V:((?:\\.|[^\\}])*)\}")
LABEL = re.compile(r"^(?:[A-Z]|\d+)\. ")


def _unescape(text: str) -> str:
    return html.unescape(re.sub(r"\\(.)", r"\1", text))


def _split(text: str, separator: str) -> list[str]:
    return re.split(rf"(?<!\\){re.escape(separator)}", text)


def parse_cloze(text: str) -> list[dict[str, float]]:
    """Each MULTICHOICE_V sub-question as option text (label removed) -> credit."""
    found = []
    for body in CLOZE.findall(text):
        options = {}
        for answer in _split(body, "~"):
            answer = _split(answer, "#")[0]
            credit = 0.0
            if weight := re.match(r"%(-?[\d.]+)%", answer):
                credit, answer = float(weight.group(1)) / 100, answer[weight.end() :]
            elif answer.startswith("="):
                credit, answer = 1.0, answer[1:]
            options[LABEL.sub("", _unescape(answer))] = round(credit, 4)
        found.append(options)
    return found


def _child(element, path: str) -> str:
    found = element.find(path)
    return found.text if found is not None and found.text is not None else ""


def _parse_question(question) -> dict:
    qtype = question.get("type")
    body = _child(question, "questiontext/text")
    answers = question.findall("answer")
    texts = [html.unescape(_child(a, "text")) for a in answers]
    facts = {
        "id": _child(question, "name/text"),
        "stem": " ".join(flat(html.unescape(p)) for p in STEM.findall(body)),
        "points": int(float(_child(question, "defaultgrade") or 0)),
        "choices": [],
        "lefts": [],
        "reasons": [],
        "credit": {},
        "tolerance": None,
        "feedback": [
            html.unescape(re.sub(r"<[^>]+>", " ", t.text or ""))
            for t in question.iterfind(".//feedback/text")
        ]
        + [html.unescape(re.sub(r"<[^>]+>", " ", _child(question, "generalfeedback/text")))],
    }
    facts["feedback"] = [flat(f) for f in facts["feedback"] if flat(f)]
    match qtype:
        case "multichoice":
            credit = {
                t: round(float(a.get("fraction")) / 100, 4)
                for t, a in zip(texts, answers, strict=True)
            }
            facts |= {
                "type": "SC" if _child(question, "single") == "true" else "MS",
                "choices": texts,
                "key": sorted(t for t, c in credit.items() if c > 0),
                "credit": credit,
            }
        case "matching":
            pairs = {
                html.unescape(_child(s, "text")): _child(s, "answer/text")
                for s in question.findall("subquestion")
            }
            facts |= {"type": "MT", "lefts": list(pairs), "choices": list(pairs.values())}
            facts["key"] = pairs
        case "ordering":
            order = sorted(
                zip(answers, texts, strict=True), key=lambda a: float(a[0].get("fraction"))
            )
            facts |= {"type": "OR", "choices": texts, "key": [t for _, t in order]}
            facts["grading"] = _child(question, "gradingtype")
        case "numerical":
            facts |= {
                "type": "NUM",
                "key": float(texts[0]),
                "tolerance": float(_child(answers[0], "tolerance") or 0),
            }
        case "cloze":
            decision, reason = parse_cloze(body)
            facts |= {
                "type": "CASE",
                "points": len(CLOZE.findall(body)),
                "choices": list(decision),
                "reasons": list(reason),
                "key": next(t for t, c in reason.items() if c == 1),
                "credit": decision,
                "reason_credit": reason,
            }
        case _:
            raise ValueError(
                f"question {facts['id']}: type {qtype} is not one this exporter writes"
            )
    return facts


def parse_moodle(source: Path | bytes) -> list[dict]:
    """Every question of a Moodle XML quiz (categories skipped) in the shape of `lms.summary`,
    plus its feedback texts (and the category each question is filed under)."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    quiz = etree.fromstring(data)
    found, category = [], ""
    for question in quiz.iterfind("question"):
        if question.get("type") == "category":
            category = _child(question, "category/text")
            continue
        found.append(_parse_question(question) | {"category": category})
    return found


def moodle_grade(question: dict, response) -> float:
    """What Moodle itself awards (0..points) for a response given in option texts: SC a text,
    MS a list of texts, MT left -> right, OR the texts in order, NUM a number, CASE
    {"decision": text, "reason": text}. Used to show where Moodle agrees with §4.1."""
    if response is None:
        return 0.0
    match question["type"]:
        case "SC":
            return question["credit"].get(response, 0.0)
        case "MS":
            return min(1.0, max(0.0, sum(question["credit"].get(t, 0) for t in set(response))))
        case "MT":
            key = question["key"]
            return sum(response.get(left) == right for left, right in key.items()) / len(key)
        case "OR":
            key = question["key"]
            return sum(a == b for a, b in zip(response, key, strict=False)) / len(key)
        case "NUM":
            return float(abs(float(response) - question["key"]) <= question["tolerance"] + 1e-9)
        case "CASE":
            decision = question["credit"].get(response.get("decision"), 0.0)
            return decision + question["reason_credit"].get(response.get("reason"), 0.0)
    raise ValueError(question["type"])
