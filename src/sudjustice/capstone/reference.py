"""The grader's reference values for catalogue indicators, from `synth_cohort`.

Readings follow the indicator catalogue README, over all four years of the file (as the
assessors' worked example does). Only indicators with one clear reading from `synth_cohort`
alone are computed; a learner's other indicators are reported as not checked.
"""

from __future__ import annotations

import pandas as pd

MINOR_OFFENCES = ("possession_personal", "social_supply", "supply_small")
COURT_STAGES = ("pretrial_court", "sentencing", "post_sentence")
DIVERSION = ("no_further_action", "warning", "caution", "conditional_suspension")
SUPERVISED = (
    "conditional_suspension",
    "pretrial_release",
    "suspended_sentence_treatment",
    "community_order",
    "treatment_court",
    "home_detention_em",
)


def _ratio(top, bottom, scale: float = 100) -> tuple[float, int, int]:
    top, bottom = int(top), int(bottom)
    return round(scale * top / bottom, 1), top, bottom


def reference_indicators(people: pd.DataFrame) -> dict[str, tuple[float, int, int]]:
    """indicator_id -> (value, numerator, denominator) in the catalogue's unit."""
    in_scope = people.offence_type.isin(MINOR_OFFENCES) & people.offence_gravity.between(1, 3)
    in_court = people.decision_stage.isin(COURT_STAGES)
    offered = ~(in_court & people.measure.isin(("custody", "fine")))
    children = in_scope & (people.age_group == "12-17")
    diverted = people.measure.isin(DIVERSION)
    referred = people.referred_to_treatment.astype(bool)
    return {
        "I01": _ratio((in_scope & offered).sum(), in_scope.sum()),
        "I02": _ratio(people.consent_recorded.sum(), people.consent_recorded.notna().sum()),
        "I05": _ratio(people.retained_90d.sum(), people.retained_90d.notna().sum()),
        "I07": _ratio(people.custody_days_total[in_scope].sum(), in_scope.sum()),
        "I08": _ratio(people.rearrest_12m[referred].sum(), referred.sum()),
        "I10": _ratio(
            people.legal_aid_first_hearing[in_scope & in_court].sum(), (in_scope & in_court).sum()
        ),
        "I12": _ratio((children & diverted & ~in_court).sum(), children.sum()),
        "I14": _ratio(
            ((people.offence_gravity == 1) & people.measure.isin(SUPERVISED)).sum(),
            len(people),
            1000,
        ),
    }
