"""Charts about the drug control conventions' treatment-and-alternatives provisions."""

from __future__ import annotations

import altair as alt
import pandas as pd

from sudjustice.charts.theme import title

TREATY_SHORT = {"un1961single": "1961", "un1971psychotropic": "1971", "un1988trafficking": "1988"}

# Each feature is a yes/no question a practitioner asks of a provision, in reading order.
FEATURES = {
    "Instead of conviction or punishment": lambda r: (
        r.relation in ("alternative", "alternative_or_addition")
    ),
    "In addition to conviction or punishment": lambda r: (
        r.relation in ("addition", "alternative_or_addition")
    ),
    "Treatment among the measures": lambda r: "treatment" in (r.measures or "").split(";"),
    "Only if the person uses drugs": lambda r: bool(r.requires_drug_use),
    "Only for cases of a minor nature": lambda r: bool(r.requires_minor_nature),
    "Covers trafficking-type offences": lambda r: (
        r.offence_scope in ("art3_1_trafficking", "art36_offences", "art22_offences")
    ),
    "Covers personal-consumption offences": lambda r: (
        r.offence_scope in ("art3_2_personal", "art36_offences", "art22_offences")
    ),
}


def provision_label(row) -> str:
    """E.g. '1988 art. 3(4)(c)' from article '3' and paragraph '4(c)'."""
    paragraph = row.paragraph if isinstance(row.paragraph, str) else ""
    number, _, rest = paragraph.partition("(")
    pinpoint = (f"({number})" if number else "") + (f"({rest}" if rest else "")
    return f"{TREATY_SHORT[row.treaty_key]} art. {row.article}{pinpoint}"


def provision_features(provisions: pd.DataFrame) -> pd.DataFrame:
    """Long table (provision, feature, answer) for the provisions that permit measures."""
    permissive = provisions[
        provisions.relation.isin(["alternative", "addition", "alternative_or_addition"])
    ]
    rows = [
        {"provision": provision_label(r), "feature": name, "answer": "yes" if test(r) else "no"}
        for r in permissive.itertuples(index=False)
        for name, test in FEATURES.items()
    ]
    return pd.DataFrame(rows, columns=["provision", "feature", "answer"])


def provision_heatmap(provisions: pd.DataFrame) -> alt.LayerChart:
    """Grid of provisions × features; 'yes' cells are dark and labelled, so colour is not the only cue."""
    data = provision_features(provisions)
    order = list(dict.fromkeys(data.provision))
    features = list(FEATURES)
    base = alt.Chart(data).encode(
        x=alt.X(
            "feature:N",
            sort=features,
            title=None,
            axis=alt.Axis(labelAngle=-35, labelLimit=260, orient="top"),
        ),
        y=alt.Y("provision:N", sort=order, title=None),
    )
    cells = base.mark_rect(stroke="#ffffff", strokeWidth=2).encode(
        color=alt.Color(
            "answer:N",
            scale=alt.Scale(domain=["yes", "no"], range=["#0072B2", "#eeeeee"]),
            legend=alt.Legend(title="Does the provision…?", orient="bottom"),
        ),
        tooltip=["provision:N", "feature:N", "answer:N"],
    )
    labels = base.mark_text(fontSize=12).encode(
        text=alt.Text("answer:N"),
        color=alt.condition("datum.answer == 'yes'", alt.value("#ffffff"), alt.value("#1a1a1a")),
    )
    return (cells + labels).properties(
        width=alt.Step(66),
        height=alt.Step(30),
        title=title("What each treaty flexibility allows", provisions),
        description=(
            "Grid of the drug-convention provisions that permit treatment or other measures, "
            "showing for each whether it applies instead of or in addition to conviction or "
            "punishment, whether it requires drug use or a minor case, and which offences it covers."
        ),
        usermeta={
            "table": {
                "index": "provision",
                "columns": "feature",
                "values": "answer",
                "index_order": order,
                "column_order": features,
            }
        },
    )
