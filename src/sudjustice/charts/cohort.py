"""Charts on the synthetic course data that the module pages call.

Each takes a table from `sudjustice.data.load`, aggregates it (a chart never embeds 8,000
rows), and titles itself with the table's source note, so every chart on synthetic data says
"Synthetic data — for teaching only".
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from sudjustice.charts.theme import title

RISK_ORDER = ["low", "moderate", "high", "not screened"]
POLICY_LABELS = {
    "graduated_therapeutic": "Graduated, therapeutic responses",
    "early_custodial": "Custody for early positive tests",
}
GROUP_LABELS = {"no_oat": "No opioid agonist treatment", "oat_continued": "Treatment continued"}


def _with_note(frame: pd.DataFrame, source: pd.DataFrame) -> pd.DataFrame:
    """Aggregates keep the source note of the table they came from."""
    frame.attrs["source_note"] = source.attrs.get("source_note")
    return frame


def screening_profile(cohort: pd.DataFrame) -> alt.Chart:
    """m01: screening result by primary substance for people cited for personal possession."""
    possession = cohort[cohort.offence_type == "possession_personal"]
    risk = possession.screen_risk.fillna("not screened").astype(str)
    shares = (
        pd.crosstab(possession.primary_substance.astype(str), risk, normalize="index")
        .reindex(columns=RISK_ORDER, fill_value=0)
        .stack()
        .rename("share")
        .reset_index()
        .rename(columns={"primary_substance": "substance", "col_0": "screen_risk"})
    )
    shares.columns = ["substance", "screen_risk", "share"]
    shares["share"] = shares.share.round(3)
    data = _with_note(shares, cohort)
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("substance:N", title=None, sort="-x"),
            x=alt.X(
                "share:Q", title="Share of people", axis=alt.Axis(format="%"), stack="normalize"
            ),
            color=alt.Color("screen_risk:N", title="Screening result", sort=RISK_ORDER),
            order=alt.Order("screen_risk_order:Q"),
            tooltip=["substance:N", "screen_risk:N", alt.Tooltip("share:Q", format=".0%")],
        )
        .transform_calculate(screen_risk_order=f"indexof({RISK_ORDER}, datum.screen_risk)")
        .properties(
            width=420,
            title=title("Most people cited for possession screen low or moderate risk", data),
            description=(
                "Stacked bars: for each primary substance, the share of people cited for "
                "possession for personal use whose screening result was low, moderate or high "
                "risk, or who were not screened."
            ),
            usermeta={"table": {"index": "substance", "columns": "screen_risk", "values": "share"}},
        )
    )


def retention_by_policy(weeks: pd.DataFrame) -> alt.Chart:
    """m09: share of participants still enrolled each week, by how sites respond to relapse."""
    starters = weeks.groupby("response_policy").participant_id.nunique()
    enrolled = weeks.groupby(["response_policy", "week"]).participant_id.nunique()
    share = (enrolled / starters).round(3).rename("still_enrolled").reset_index()
    share["policy"] = share.response_policy.map(POLICY_LABELS)
    data = _with_note(share[["policy", "week", "still_enrolled"]], weeks)
    return (
        alt.Chart(data)
        .mark_line(interpolate="step-after", strokeWidth=2.5)
        .encode(
            x=alt.X("week:Q", title="Programme week"),
            y=alt.Y("still_enrolled:Q", title="Still enrolled", axis=alt.Axis(format="%")),
            color=alt.Color("policy:N", title="Response to relapse"),
            strokeDash=alt.StrokeDash("policy:N", legend=None),
            tooltip=["policy:N", "week:Q", alt.Tooltip("still_enrolled:Q", format=".0%")],
        )
        .properties(
            width=460,
            title=title("Custody for early positive tests loses participants", data),
            description=(
                "Step lines showing, week by week, the share of programme participants still "
                "enrolled at sites that respond to relapse with graduated therapeutic measures "
                "and at sites that use custody for early positive tests."
            ),
            usermeta={"table": {"index": "week", "columns": "policy", "values": "still_enrolled"}},
        )
    )


def post_release_deaths(post_release: pd.DataFrame) -> alt.Chart:
    """m07: overdose deaths per 1,000 person-weeks in the 12 weeks after release."""
    data = post_release.assign(group=post_release.group.map(GROUP_LABELS))
    data = _with_note(data[["week", "group", "rate_per_1000_pw"]], post_release)
    return (
        alt.Chart(data)
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=alt.X("week:O", title="Weeks after release"),
            y=alt.Y("rate_per_1000_pw:Q", title="Overdose deaths per 1,000 person-weeks"),
            color=alt.Color("group:N", title=None),
            shape=alt.Shape("group:N", legend=None),
            tooltip=["group:N", "week:O", "rate_per_1000_pw:Q"],
        )
        .properties(
            width=460,
            title=title("The first two weeks after release are the most dangerous", data),
            description=(
                "Lines of overdose deaths per 1,000 person-weeks in each of the 12 weeks after "
                "release from prison, for people whose opioid agonist treatment continued and "
                "for people without it."
            ),
            usermeta={"table": {"index": "week", "columns": "group", "values": "rate_per_1000_pw"}},
        )
    )


def capacity_gap(capacity: pd.DataFrame) -> alt.Chart:
    """m02/m12: projected justice referrals per treatment place, by service and region."""
    data = capacity.assign(
        referrals_per_place=(capacity.projected_justice_referrals / capacity.slots_per_year).round(
            2
        ),
        service=capacity.modality.str.replace("_", " "),
    )
    data = _with_note(data[["region", "service", "referrals_per_place"]], capacity)
    bars = alt.Chart(data).encode(
        y=alt.Y("service:N", title=None, sort="-x"),
        x=alt.X("referrals_per_place:Q", title="Projected referrals per place"),
        tooltip=["region:N", "service:N", "referrals_per_place:Q"],
    )
    return (
        bars.mark_tick(thickness=3, size=16)
        + alt.Chart(data).mark_rule(color="#a11d1d", strokeDash=[4, 3]).encode(x=alt.datum(1))
    ).properties(
        width=420,
        title=title("Where referrals would outrun treatment places", data),
        description=(
            "For each kind of treatment service, one tick per region shows projected "
            "justice referrals per available place; the dashed line marks one referral per "
            "place, beyond which people wait."
        ),
        usermeta={
            "table": {"index": "service", "columns": "region", "values": "referrals_per_place"}
        },
    )
