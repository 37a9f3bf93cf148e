"""Item analysis (CURRICULUM §4.3 "Item quality monitoring") and its report page.

Per item, over the learners whose form had it: p-value (mean share of the points), corrected
point-biserial (correlation of the item with the rest of the score), the share choosing each
option, and flags: p outside 0.30–0.90, point-biserial below 0.20, a distractor chosen by fewer
than 5%, and fewer than 100 sittings (statistics provisional). A course-team report: it shows
item ids and option ids, never item text, and is never part of the book.
"""

from __future__ import annotations

import html
import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import pandas as pd

from sudjustice.grading.exam_results import LearnerExam, module_group
from sudjustice.items.model import ItemType

P_RANGE = (0.30, 0.90)
MIN_POINT_BISERIAL = 0.20
MIN_DISTRACTOR = 0.05
MIN_SITTINGS = 100
# Differential item functioning screen by track: compare tracks with enough sittings each.
DIF_MIN_GROUP = 20
DIF_MAX_GAP = 0.20
SYNTHETIC = "Synthetic data — for teaching only"


@dataclass(frozen=True)
class ItemStats:
    item: str
    type: str
    group: str
    n: int
    p_value: float
    point_biserial: float | None
    option_rates: dict[str, float] = field(default_factory=dict)
    key: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    p_by_track: dict[str, tuple[float, int]] = field(default_factory=dict)


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson correlation, or None when either variable does not vary."""
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / math.sqrt(
        sxx * syy
    )


def keyed_options(result) -> tuple[str, ...]:
    item = result.item
    if item.type in (ItemType.SC, ItemType.MS):
        return tuple(option.id for option in item.options if option.correct)
    if item.type == ItemType.CASE:
        return tuple(d.id for d in item.decisions if d.verdict == "B")
    return ()


def all_options(result) -> tuple[str, ...]:
    item = result.item
    if item.type in (ItemType.SC, ItemType.MS):
        return tuple(option.id for option in item.options)
    if item.type == ItemType.CASE:
        return tuple(d.id for d in item.decisions)
    return ()


def item_statistics(exams: Sequence[LearnerExam]) -> list[ItemStats]:
    """Statistics for every item on at least one graded, final form."""
    final = [exam for exam in exams if not exam.pending]
    by_item: dict[str, list[tuple[float, float, object]]] = {}
    by_track: dict[tuple[str, str], list[float]] = {}
    for exam in final:
        total = exam.score
        for result in exam.items:
            share = (result.points or 0) / result.max_points
            by_item.setdefault(result.item.id, []).append(
                (share, total - (result.points or 0), result)
            )
            by_track.setdefault((result.item.id, str(exam.form.track)), []).append(share)
    stats = []
    for item_id, rows in sorted(by_item.items()):
        shares = [share for share, _, _ in rows]
        rests = [rest for _, rest, _ in rows]
        sample = rows[0][2]
        n = len(rows)
        p_value = sum(shares) / n
        r_pb = correlation(shares, rests)
        options = all_options(sample)
        counts = Counter(choice for _, _, result in rows for choice in result.chosen)
        rates = {option: counts[option] / n for option in options}
        key = keyed_options(sample)
        flags = []
        if not P_RANGE[0] <= p_value <= P_RANGE[1]:
            flags.append(f"p {p_value:.2f} outside {P_RANGE[0]:.2f}–{P_RANGE[1]:.2f}")
        if r_pb is None:
            flags.append("point-biserial undefined (no variation)")
        elif r_pb < MIN_POINT_BISERIAL:
            flags.append(f"point-biserial {r_pb:.2f} below {MIN_POINT_BISERIAL:.2f}")
        weak = [o for o in options if o not in key and rates[o] < MIN_DISTRACTOR]
        if weak:
            flags.append(f"distractor(s) chosen by <5%: {', '.join(weak)}")
        p_by_track = {
            track: (sum(shares) / len(shares), len(shares))
            for (item, track), shares in sorted(by_track.items())
            if item == item_id
        }
        compared = {t: p for t, (p, count) in p_by_track.items() if count >= DIF_MIN_GROUP}
        if len(compared) > 1 and max(compared.values()) - min(compared.values()) > DIF_MAX_GAP:
            spread = ", ".join(f"{t} {p:.2f}" for t, p in compared.items())
            flags.append(f"DIF check: p differs by track by more than {DIF_MAX_GAP:.2f} ({spread})")
        if n < MIN_SITTINGS:
            flags.append(f"provisional: {n} sittings (<{MIN_SITTINGS})")
        stats.append(
            ItemStats(
                item=item_id,
                type=str(sample.item.type),
                group=module_group(item_id) or "other",
                n=n,
                p_value=p_value,
                point_biserial=r_pb,
                option_rates=rates,
                key=key,
                flags=tuple(flags),
                p_by_track=p_by_track,
            )
        )
    return stats


def _frame(stats: Sequence[ItemStats]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "item": s.item,
            "type": s.type,
            "group": s.group,
            "n": s.n,
            "p_value": round(s.p_value, 3),
            "point_biserial": None if s.point_biserial is None else round(s.point_biserial, 3),
            "flagged": bool([f for f in s.flags if not f.startswith("provisional")]),
        }
        for s in stats
    )


def charts(stats: Sequence[ItemStats], synthetic: bool) -> list[dict]:
    """Vega-Lite specs: difficulty vs discrimination, and distractor rates of flagged items."""
    frame = _frame(stats)
    subtitle = SYNTHETIC if synthetic else "Graded cohort"
    scatter = (
        alt.Chart(frame.dropna(subset=["point_biserial"]))
        .mark_point(filled=True, size=60)
        .encode(
            x=alt.X("p_value:Q", title="p-value (share of points)", scale=alt.Scale(domain=[0, 1])),
            y=alt.Y("point_biserial:Q", title="Corrected point-biserial"),
            shape=alt.Shape("flagged:N", title="Flagged"),
            tooltip=["item", "type", "n", "p_value", "point_biserial"],
        )
        .properties(
            title=alt.Title("Item difficulty and discrimination", subtitle=subtitle),
            width=480,
            height=320,
        )
    )
    rules = alt.Chart(pd.DataFrame({"p": [P_RANGE[0], P_RANGE[1]]})).mark_rule().encode(x="p:Q")
    first = (scatter + rules).to_dict()
    first["description"] = (
        "Scatter plot of each item's p-value against its corrected point-biserial; vertical "
        f"rules mark the accepted p range {P_RANGE[0]}–{P_RANGE[1]}."
    )
    options = pd.DataFrame(
        {"item": s.item, "option": option, "rate": round(rate, 3), "keyed": option in s.key}
        for s in stats
        for option, rate in s.option_rates.items()
    )
    specs = [first]
    if not options.empty:
        bars = (
            alt.Chart(options)
            .mark_bar()
            .encode(
                y=alt.Y("item:N", title="Item"),
                x=alt.X("rate:Q", title="Share choosing the option", stack=None),
                yOffset="option:N",
                color=alt.Color("keyed:N", title="Keyed answer"),
                tooltip=["item", "option", "rate", "keyed"],
            )
            .properties(
                title=alt.Title("Option choice rates (choice items)", subtitle=subtitle),
                width=480,
            )
        )
        second = bars.to_dict()
        second["description"] = (
            "Bar chart of the share of learners choosing each option of every choice item; "
            "keyed answers are marked."
        )
        specs.append(second)
    by_group = (
        alt.Chart(frame)
        .mark_boxplot()
        .encode(x=alt.X("group:N", title="Module group"), y=alt.Y("p_value:Q", title="p-value"))
        .properties(title=alt.Title("Item p-values by module group", subtitle=subtitle), width=360)
    )
    third = by_group.to_dict()
    third["description"] = "Box plot of item p-values for each module group."
    specs.append(third)
    return specs


def report_html(exams: Sequence[LearnerExam], synthetic: bool = False) -> str:
    """A self-contained HTML page: summary, charts (vendored Vega inlined) and the item table."""
    from importlib.resources import files

    import vl_convert

    from sudjustice.charts.render import figure_html
    from sudjustice.sphinxext import classic_script

    stats = item_statistics(exams)
    final = [exam for exam in exams if not exam.pending]
    results = Counter(exam.result for exam in exams)
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{html.escape(str(value))}</td>"
            for value in (
                s.item,
                s.type,
                s.group,
                s.n,
                f"{s.p_value:.2f}",
                "—" if s.point_biserial is None else f"{s.point_biserial:.2f}",
                ", ".join(
                    f"{o}{'*' if o in s.key else ''} {r:.0%}" for o, r in s.option_rates.items()
                ),
                "; ".join(s.flags),
            )
        )
        + "</tr>"
        for s in stats
    )
    figures = "".join(figure_html(spec) for spec in charts(stats, synthetic))
    charts_js = (files("sudjustice.sphinxext") / "static" / "charts.js").read_text(encoding="utf-8")
    vega = classic_script(vl_convert.javascript_bundle()).replace("</script", "<\\/script")
    flagged = sum(1 for s in stats if any(not f.startswith("provisional") for f in s.flags))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Item analysis</title>
<style>
body {{ font-family: "DejaVu Sans", sans-serif; max-width: 70rem; margin: 2rem auto; }}
table {{ border-collapse: collapse; font-size: 0.85rem; }}
td, th {{ border: 1px solid #bbb; padding: 0.2rem 0.4rem; text-align: left; }}
figure {{ margin: 2rem 0; }}
</style></head><body>
<h1>Item analysis</h1>
<p>Course-team report: it names items and options, so it is never given to learners.
{"<strong>" + SYNTHETIC + ".</strong>" if synthetic else ""}</p>
<p>{len(exams)} graded exams ({len(final)} final; results: {html.escape(json.dumps(dict(results)))}),
{len(stats)} items, {flagged} flagged for review.</p>
<p>Flags: p-value outside {P_RANGE[0]:.2f}–{P_RANGE[1]:.2f}; corrected point-biserial below
{MIN_POINT_BISERIAL:.2f}; a distractor chosen by fewer than 5%; p-values of tracks with at least
{DIF_MIN_GROUP} sittings more than {DIF_MAX_GAP:.2f} apart (a screen for differential item
functioning, to be reviewed); statistics are provisional below
{MIN_SITTINGS} sittings. Keyed options are marked *.</p>
{figures}
<table><thead><tr><th>Item</th><th>Type</th><th>Group</th><th>n</th><th>p</th>
<th>r<sub>pb</sub></th><th>Option rates</th><th>p by track</th><th>Flags</th></tr></thead>
<tbody>{rows}</tbody></table>
<script>{vega}</script>
<script>{charts_js}</script>
</body></html>
"""


def write_report(exams: Sequence[LearnerExam], out: Path, synthetic: bool = False) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report_html(exams, synthetic), encoding="utf-8")
    return out
