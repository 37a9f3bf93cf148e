"""Certification exam forms (CURRICULUM §4.3): a blueprint-constrained draw per learner, seeded
by a keyed hash so that the same learner, form family and attempt always give the same form.

The secret key belongs to the examining body and is passed in at run time; it is never stored
in the repository or in a form. A form manifest holds the item *instances* the learner sees
(options shuffled, NUM items re-parameterised, CASE variants applied) with their keys, so it is
itself confidential: it goes to the grader, never to the learner.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import Field

from sudjustice.cases.model import Strict
from sudjustice.items.blueprint import Blueprint
from sudjustice.items.formula import evaluate
from sudjustice.items.model import Bank, Item, ItemType, Status, Track, placeholders

MAX_ATTEMPTS, RETAKE_GAP_DAYS, RETAKE_OVERLAP = 3, 14, 0.20
EXPOSURE_CAP, EXPOSURE_WINDOW, EXPOSURE_MIN_FORMS = 0.25, 100, 20
DRAW_TRIES = 200
DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


class FormError(ValueError):
    """The blueprint cannot be met; the message names the quota or rule that fails."""


class Form(Strict):
    form_id: str
    family: str
    learner: str
    attempt: int = Field(ge=1)
    track: Track
    bank_digest: str
    items: list[Item]
    variants: dict[str, str] = Field(default_factory=dict, description="item id -> variant")
    warnings: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class PastForm:
    """One line of the exposure log: which items a learner saw, and when."""

    form_id: str
    family: str
    learner: str
    attempt: int
    items: tuple[str, ...]
    date: str = ""


@dataclass
class History:
    forms: list[PastForm] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path | None) -> History:
        if not path or not path.exists():
            return cls()
        lines = path.read_text("utf-8").splitlines()
        forms = [json.loads(line) for line in lines if line.strip()]
        return cls([PastForm(**{**f, "items": tuple(f["items"])}) for f in forms])

    def append(self, path: Path, form: Form, on: date) -> None:
        record = PastForm(
            form.form_id,
            form.family,
            form.learner,
            form.attempt,
            tuple(i.id for i in form.items),
            on.isoformat(),
        )
        self.forms.append(record)
        with path.open("a", encoding="utf-8") as log:
            log.write(json.dumps({**record.__dict__, "items": list(record.items)}) + "\n")

    def of_learner(self, learner: str, family: str) -> list[PastForm]:
        return [f for f in self.forms if f.learner == learner and f.family == family]

    def overexposed(self, family: str) -> set[str]:
        """Items on more than the cap of recent forms (once there are enough forms to tell)."""
        window = [f for f in self.forms if f.family == family][-EXPOSURE_WINDOW:]
        if len(window) < EXPOSURE_MIN_FORMS:
            return set()
        counts = Counter(i for f in window for i in f.items)
        return {i for i, n in counts.items() if (n + 1) / (len(window) + 1) > EXPOSURE_CAP}


def form_seed(secret: bytes, learner: str, family: str, attempt: int) -> bytes:
    """HMAC-SHA256 of learner id, form family and attempt: reproducible, unguessable without
    the key."""
    if len(secret) < 16:
        raise FormError("the exam secret must be at least 16 bytes")
    message = "\x1f".join([learner, family, str(attempt)]).encode()
    return hmac.new(secret, message, hashlib.sha256).digest()


def bank_digest(banks: dict[str, Bank]) -> str:
    """Fingerprint of the bank content, so an audit can tell which bank a form came from."""
    text = json.dumps([banks[m].model_dump(mode="json") for m in sorted(banks)], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def usable(item: Item) -> bool:
    return item.status != Status.RETIRED


def draw(
    items: Sequence[Item],
    blueprint: Blueprint,
    track: Track,
    rng: random.Random,
    seen: frozenset[str] = frozenset(),
    overexposed: frozenset[str] = frozenset(),
) -> list[Item]:
    """A blueprint-constrained draw: module × type quotas (hard), the track quota (hard), no two
    enemies and no two variants of one case, across modules (hard), at most `RETAKE_OVERLAP` of items seen before (hard); one item per outcome,
    and exposure under the cap, wherever the bank allows (soft)."""
    slots = blueprint.draw()
    pools = {slot: [i for i in items if usable(i) and (i.id[:3], i.type) == slot] for slot in slots}
    for (module, kind), need in slots.items():
        if len(pools[(module, kind)]) < need:
            raise FormError(
                f"quota {module} {kind}: the blueprint draws {need} but the bank has "
                f"{len(pools[(module, kind)])} usable items"
            )
    max_seen = int(RETAKE_OVERLAP * blueprint.form.items)
    quota = blueprint.form.track_items
    for avoid in (overexposed, frozenset()):  # exposure is soft: drop it before failing
        for _ in range(DRAW_TRIES):
            chosen = _draw_once(slots, pools, track, quota, rng, seen, avoid)
            if chosen is None:
                continue
            on_track = sum(track in i.tracks for i in chosen)
            if on_track >= quota and sum(i.id in seen for i in chosen) <= max_seen:
                return chosen
    tagged = sum(track in i.tracks for i in items if usable(i))
    raise FormError(
        f"track quota: could not draw {blueprint.form.track_items} items tagged {track} inside "
        f"the module quotas with enemies apart and at most {max_seen} items seen before "
        f"({tagged} usable items carry the tag)"
    )


def _draw_once(slots, pools, track, track_quota, rng, seen, overexposed) -> list[Item] | None:
    picks = [slot for slot in slots for _ in range(slots[slot])]
    rng.shuffle(picks)
    chosen: list[Item] = []
    for position, slot in enumerate(picks):
        taken = {i.id for i in chosen}
        banned = taken | {e for i in chosen for e in i.enemies}
        cases = {i.case for i in chosen if i.case}  # two variants of one case cue each other
        candidates = [
            i
            for i in pools[slot]
            if i.id not in banned and not taken & set(i.enemies) and i.case not in cases
        ]
        if not candidates:
            return None
        outcomes = {i.outcome for i in chosen}
        # Prefer track items just often enough to reach the quota, spread over the form, so
        # the same few tagged items are not on every form of a track.
        need = track_quota - sum(track in i.tracks for i in chosen)
        want_track = need > 0 and rng.random() < need / (len(picks) - position)
        ranked = sorted(
            candidates,
            key=lambda i: (  # retake overlap, exposure, track quota, then one per outcome
                i.id in seen,
                i.id in overexposed,
                want_track and track not in i.tracks,
                i.outcome in outcomes,
                rng.random(),
            ),
        )
        chosen.append(ranked[0])
    return chosen


def number_text(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def _substitute(item: Item, values: dict[str, str], **changes) -> Item:
    """The item with every placeholder filled in (and optional field changes)."""

    def fill(obj):
        if isinstance(obj, str):  # "K." ending a sentence must not give "K.."
            return DOUBLE_STOP.sub(".", obj.format(**values))
        if isinstance(obj, list):
            return [fill(v) for v in obj]
        if isinstance(obj, dict):
            return {k: fill(v) for k, v in obj.items()}
        return obj

    data = item.model_dump(mode="json", exclude={"parameters", "surface", "switches"})
    data = fill({**data, **changes})
    data.update(formula="", constraint="", surface={}, switches=[], parameters={})
    if data.get("table"):  # numbers drawn into a table read as numbers again
        data["table"]["rows"] = [
            [float(c) if isinstance(c, str) and _isnumber_text(c) else c for c in row]
            for row in data["table"]["rows"]
        ]
    return Item.model_validate(data)


def _isnumber_text(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def canonical(item: Item) -> Item:
    """An item with its placeholders filled by the canonical values (first surface value of each
    fact, each parameter's `value`), as a bank export shows it; other items are returned as is."""
    if not any(placeholders(t) for t in item.texts()):
        return item
    values = {name: str(options[0]) for name, options in item.surface.items()}
    values |= {name: number_text(p.value) for name, p in item.parameters.items()}
    if item.answer is not None:
        values["answer"] = number_text(item.answer)
    return _substitute(item, values)


def reparameterise(item: Item, rng: random.Random) -> tuple[Item, str]:
    """A NUM item with newly drawn parameters and its key recomputed from the formula."""
    for _ in range(100):
        values = {
            name: rng.choice(_steps(p.low, p.high, p.step)) for name, p in item.parameters.items()
        }
        if not item.constraint or evaluate(item.constraint, values):
            break
    else:
        values = {name: p.value for name, p in item.parameters.items()}  # canonical always holds
    answer = round(evaluate(item.formula, values), item.decimals)
    texts = {k: number_text(v) for k, v in values.items()} | {"answer": number_text(answer)}
    label = ", ".join(f"{k}={texts[k]}" for k in sorted(values))
    return _substitute(item, texts, answer=answer), label


def _steps(low: float, high: float, step: float) -> list[float]:
    count = round((high - low) / step) + 1
    return [round(low + n * step, 6) for n in range(count)]


def with_fact(stem: str, fact: str) -> str:
    """The stem with a switch's fact placed before its closing question, where it reads best."""
    stem = stem.strip()
    question = re.search(r"(?<=[.!\"”])\s+([^.!?]*\?)$", stem) if stem.endswith("?") else None
    if not question:
        return f"{stem} {fact}"
    return f"{stem[: question.start()]} {fact} {question.group(1)}"


def case_variant(item: Item, rng: random.Random) -> tuple[Item, str]:
    """A CASE item with one set of surface facts and, sometimes, a key-changing switch."""
    size = min(len(v) for v in item.surface.values()) if item.surface else 1
    pick = rng.randrange(size)
    values = {name: options[pick] for name, options in item.surface.items()}
    switch = rng.choice([None, *item.switches])
    decisions = [d.model_dump(mode="json") for d in item.decisions]
    reasons = [r.model_dump(mode="json") for r in item.reasons]
    changes: dict = {}
    if switch:
        for d in decisions:
            if d["id"] in switch.verdicts or d["id"] in switch.critical:
                d["verdict"] = switch.verdicts.get(d["id"], d["verdict"])
                d["critical"] = d["id"] in switch.critical
                d["rationale"] = switch.rationale
        for r in reasons:
            r["correct"] = r["id"] == switch.reason
        changes = {"stem": with_fact(item.stem, switch.fact), "rationale": switch.rationale}
    rng.shuffle(decisions)
    rng.shuffle(reasons)
    label = f"surface {pick + 1}" + (f"; switch {switch.id}" if switch else "")
    changes |= {"decisions": decisions, "reasons": reasons, "variant": label}
    return _substitute(item, values, **changes), label


def instantiate(item: Item, rng: random.Random) -> tuple[Item, str]:
    """The version of an item one learner sees, and a label describing the variant."""
    if item.type == ItemType.NUM and item.parameters:
        return reparameterise(item, rng)
    if item.type == ItemType.CASE:
        return case_variant(item, rng)
    if item.type in (ItemType.SC, ItemType.MS) and item.shuffle:
        options = list(item.options)
        rng.shuffle(options)
        order = "".join(o.id for o in options)
        return item.model_copy(update={"options": options}), f"options {order}"
    return item, ""


def build_form(
    banks: dict[str, Bank],
    blueprint: Blueprint,
    secret: bytes,
    learner: str,
    family: str,
    attempt: int,
    track: Track,
    history: History | None = None,
    on: date | None = None,
) -> Form:
    """Assemble one learner's form; the same inputs (and history) always give the same form."""
    history = history or History()
    previous = history.of_learner(learner, family)
    _check_retake(previous, attempt, on)
    seed = form_seed(secret, learner, family, attempt)
    rng = random.Random(seed)
    items = [i for m in sorted(banks) for i in banks[m].items]
    seen = frozenset(i for f in previous for i in f.items)
    overexposed = frozenset(history.overexposed(family))
    chosen = draw(items, blueprint, track, rng, seen, overexposed)
    chosen.sort(key=lambda i: (i.id[:3], list(ItemType).index(i.type), i.id))
    instances, variants = [], {}
    for item in chosen:
        instance, label = instantiate(item, rng)
        instances.append(instance)
        if label:
            variants[item.id] = label
    warnings = [
        f"{i.id} is on more than {EXPOSURE_CAP:.0%} of recent forms: the bank has no alternative"
        for i in chosen
        if i.id in overexposed
    ]
    return Form(
        form_id=f"{family}-{learner}-a{attempt}-{seed.hex()[:8]}",
        family=family,
        learner=learner,
        attempt=attempt,
        track=track,
        bank_digest=bank_digest(banks),
        items=instances,
        variants=variants,
        warnings=warnings,
    )


def _check_retake(previous: Iterable[PastForm], attempt: int, on: date | None) -> None:
    previous = list(previous)
    if not 1 <= attempt <= MAX_ATTEMPTS:
        raise FormError(f"attempt {attempt}: learners have at most {MAX_ATTEMPTS} attempts")
    if any(f.attempt == attempt for f in previous):
        raise FormError(f"attempt {attempt} already has a form in the exposure log")
    if attempt > 1 and len(previous) < attempt - 1:
        raise FormError(f"attempt {attempt}: the log has only {len(previous)} earlier forms")
    last = max((date.fromisoformat(f.date) for f in previous if f.date), default=None)
    if on and last and (on - last).days < RETAKE_GAP_DAYS:
        raise FormError(
            f"retake on {on} is {(on - last).days} days after {last}; "
            f"at least {RETAKE_GAP_DAYS} days are required"
        )


def write_form(form: Form, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{form.form_id}.json"
    path.write_text(form.model_dump_json(indent=1) + "\n", encoding="utf-8")
    return path


def load_form(path: Path) -> Form:
    return Form.model_validate_json(path.read_text("utf-8"))
