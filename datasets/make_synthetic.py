"""Write the course's synthetic datasets (synth_*.csv) from one seed. For teaching only.

    python datasets/make_synthetic.py [--seed N] [--out DIR] [--params FILE]
    python datasets/make_synthetic.py --print-resources   # Frictionless resources as JSON

Every size, share, rate, delay and pattern strength comes from `PARAMS.yaml` beside this script
(the code fixes only the forms of the distributions). Each file is built in a fixed order from its
own child of one `numpy.random.SeedSequence`, so the same seed gives byte-identical CSVs, and
changing one file's parameters does not shift the random draws of the others.
Teaching patterns are built in on purpose and documented in PARAMS.yaml (`patterns`) and in each
file's README (`synth_<name>.md`). No row describes a real person or place.

Only numpy, pandas and PyYAML are used, so the script runs anywhere the book runs. The column
specification below (`TABLES`) is the one source of the Frictionless schemas in
`datapackage.json`; the generator tests check that the two agree.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

HERE = Path(__file__).resolve().parent
PARAMS_PATH = HERE / "PARAMS.yaml"
GENERATOR = "datasets/make_synthetic.py"
SYNTHETIC_NOTE = "Synthetic data — for teaching only."

# --------------------------------------------------------------------------------------------
# Vocabularies (closed lists; the schemas use them as `enum`)
REGIONS = ["R1", "R2", "R3", "R4"]
DISTRICTS = [f"D{i:02d}" for i in range(1, 13)]
SEXES = ["female", "male", "not_recorded"]
AGE_GROUPS = ["12-17", "18-24", "25-34", "35-49", "50+"]
CHILDREN = ["0", "1", "2+"]
HOUSING = ["stable", "unstable", "homeless"]
OFFENCES = [
    "possession_personal",
    "social_supply",
    "supply_small",
    "supply_large",
    "acquisitive",
    "public_order",
    "violent",
    "drug_driving",
]
SUBSTANCES = [
    "cannabis",
    "heroin",
    "pharma_opioid",
    "fentanyl",
    "methamphetamine",
    "cocaine_crack",
    "mdma",
    "benzodiazepine",
    "alcohol",
    "none",
]
OPIOIDS = ["heroin", "pharma_opioid", "fentanyl"]
INJECTING = ["heroin", "fentanyl", "methamphetamine"]  # substances often injected (testing offers)
SCREEN_RISKS = ["low", "moderate", "high"]
SEVERITIES = ["none", "mild", "moderate", "severe"]
RISK_LEVELS = ["low", "medium", "high"]
STAGES = ["police", "prosecution", "pretrial_court", "sentencing", "post_sentence"]
MEASURES = [
    "no_further_action",
    "warning",
    "caution",
    "conditional_suspension",
    "pretrial_release",
    "suspended_sentence_treatment",
    "community_order",
    "treatment_court",
    "fine",
    "home_detention_em",
    "custody",
]
# Measures that put a person under supervision with conditions (technical violations possible).
SUPERVISED = [
    "conditional_suspension",
    "pretrial_release",
    "suspended_sentence_treatment",
    "community_order",
    "treatment_court",
    "home_detention_em",
]
SENTENCING_ALTERNATIVES = [
    "suspended_sentence_treatment",
    "community_order",
    "treatment_court",
    "home_detention_em",
]
DIVERSION = ["no_further_action", "warning", "caution", "conditional_suspension"]
# Measures whose conditions include treatment, so informed consent must be recorded.
CONSENT_MEASURES = ["conditional_suspension", "suspended_sentence_treatment", "treatment_court"]
INTENSITIES = ["low", "medium", "high"]
MODALITIES = ["none", "brief_intervention", "outpatient", "oat", "residential"]
BREACH_RESPONSES = [
    "none",
    "warning",
    "service_adjustment",
    "increased_supervision",
    "short_custody",
    "revocation",
]
EVENTS = [
    "first_contact",
    "screening",
    "legal_aid_contact",
    "offer",
    "consent",
    "referral_sent",
    "assessment",
    "treatment_entry",
    "first_review",
    "exit",
]
AGENCIES = ["police", "prosecution", "court", "defence", "probation", "health", "ngo"]
PATHWAYS = ["police_caution", "prosecutorial_diversion", "court_order", "treatment_court"]
SITES = ["S1", "S2", "S3", "S4"]
POLICIES = ["graduated_therapeutic", "early_custodial"]
TEST_RESULTS = ["negative", "positive", "missed", "dilute", "adulterated"]
RESPONSES = [
    "none",
    "praise",
    "incentive",
    "service_adjustment",
    "warning",
    "community_hours",
    "increased_testing",
    "jail_1_3_days",
    "termination",
]
PUNITIVE = ["community_hours", "jail_1_3_days", "termination"]
RELEASE_GROUPS = ["oat_continued", "no_oat"]
CAPACITY_MODALITIES = [
    "brief_intervention",
    "outpatient",
    "oat",
    "residential",
    "women_only",
    "adolescent",
    "cooccurring_integrated",
]
JURISDICTIONS = ["A", "B", "C"]
COMPONENTS = [
    "legal_basis",
    "service_capacity",
    "coordination",
    "information_protocol",
    "training",
    "data_monitoring",
    "civil_society",
    "funding",
]


# --------------------------------------------------------------------------------------------
# Column specification: one source for the CSV column order and the Frictionless schemas.
def col(name, type_, description, *, enum=None, na=False, minimum=None, maximum=None, **extra):
    """One schema field. `na=True` marks the only columns that may be empty (missing)."""
    field = {"name": name, "type": type_, "description": description}
    if type_ == "boolean":
        field["trueValues"] = ["true"]
        field["falseValues"] = ["false"]
    constraints = {"required": not na}
    if enum is not None:
        constraints["enum"] = list(enum)
    if minimum is not None:
        constraints["minimum"] = minimum
    if maximum is not None:
        constraints["maximum"] = maximum
    constraints.update(extra)
    field["constraints"] = constraints
    return field


COHORT = [
    col("person_id", "string", "Synthetic person id", pattern="^P[0-9]{6}$", unique=True),
    col("year_index", "integer", "Year of first contact (1-4)", minimum=1, maximum=4),
    col("period", "string", "pre (years 1-2) or post (years 3-4) reform", enum=["pre", "post"]),
    col("region", "string", "Fictional region", enum=REGIONS),
    col("district", "string", "Fictional district (3 per region)", enum=DISTRICTS),
    col("sex", "string", "Recorded sex", enum=SEXES),
    col("age_group", "string", "Age group at first contact", enum=AGE_GROUPS),
    col("dependent_children", "string", "Number of dependent children", enum=CHILDREN),
    col("pregnant", "boolean", "Pregnant at first contact (female only)"),
    col("foreign_national", "boolean", "Not a national of Jurisdiction B"),
    col("housing", "string", "Housing situation", enum=HOUSING),
    col("offence_type", "string", "Most serious offence alleged", enum=OFFENCES),
    col(
        "offence_gravity", "integer", "Gravity of the offence, 1 (least) to 5", minimum=1, maximum=5
    ),
    col("prior_convictions", "integer", "Number of prior convictions", minimum=0, maximum=40),
    col("primary_substance", "string", "Main substance used (none: no use)", enum=SUBSTANCES),
    col("screened", "boolean", "Screened for substance use"),
    col(
        "screen_risk",
        "string",
        "Screening result (empty: not screened)",
        enum=SCREEN_RISKS,
        na=True,
    ),
    col(
        "sud_severity",
        "string",
        "Assessed SUD severity (empty: not screened)",
        enum=SEVERITIES,
        na=True,
    ),
    col("cooccurring_mh", "boolean", "Co-occurring mental health condition"),
    col("risk_level", "string", "Assessed risk of reoffending", enum=RISK_LEVELS),
    col(
        "legal_aid_first_hearing",
        "boolean",
        "Legal aid at the first court hearing (false: no hearing)",
    ),
    col("decision_stage", "string", "Stage at which the recorded decision was taken", enum=STAGES),
    col("pretrial_detained", "boolean", "Detained before trial"),
    col("pretrial_days", "integer", "Days detained before trial", minimum=0, maximum=365),
    col("measure", "string", "Measure decided", enum=MEASURES),
    col("intensity", "string", "Intensity of supervision and conditions", enum=INTENSITIES),
    col(
        "consent_recorded",
        "boolean",
        "Informed consent recorded (empty: no measure needing consent)",
        na=True,
    ),
    col("referred_to_treatment", "boolean", "Referred to treatment"),
    col(
        "days_to_treatment_entry",
        "integer",
        "Days from first contact to treatment entry (empty: not entered)",
        na=True,
        minimum=0,
        maximum=365,
    ),
    col("treatment_modality", "string", "Treatment entered (none: not entered)", enum=MODALITIES),
    col(
        "women_only_service_offered",
        "boolean",
        "Women-only service offered (empty: not a referred woman)",
        na=True,
    ),
    col(
        "retained_90d",
        "boolean",
        "In treatment or completed at 90 days (empty: not entered)",
        na=True,
    ),
    col(
        "completed", "boolean", "Completed treatment within 12 months (empty: not entered)", na=True
    ),
    col(
        "technical_violations",
        "integer",
        "Violations of conditions (not new offences)",
        minimum=0,
        maximum=30,
    ),
    col("breach_response", "string", "Most serious response to violations", enum=BREACH_RESPONSES),
    col(
        "custody_days_total",
        "integer",
        "Days in custody in the 12 months after first contact",
        minimum=0,
        maximum=365,
    ),
    col("rearrest_12m", "boolean", "Re-arrested within 12 months at liberty"),
    col("overdose_nonfatal_12m", "boolean", "Non-fatal overdose within 12 months"),
    col("hiv_test_offered", "boolean", "HIV test offered"),
    col("hcv_test_offered", "boolean", "Hepatitis C test offered"),
]

EVENTS_COLUMNS = [
    col(
        "person_id",
        "string",
        "Person in synth_cohort (referred to treatment)",
        pattern="^P[0-9]{6}$",
    ),
    col(
        "event_seq", "integer", "Order of the event for this person, from 1", minimum=1, maximum=20
    ),
    col("event", "string", "Pathway event", enum=EVENTS),
    col("day", "integer", "Days since first contact", minimum=0, maximum=730),
    col("agency", "string", "Agency that recorded the event", enum=AGENCIES),
    col("pathway", "string", "Route into treatment", enum=PATHWAYS),
    col("region", "string", "Region of the person (as in synth_cohort)", enum=REGIONS),
    col("region_has_sharing_agreement", "boolean", "Region has an information-sharing agreement"),
]

WEEKS_COLUMNS = [
    col("participant_id", "string", "Synthetic programme participant id", pattern="^T[0-9]{6}$"),
    col("site", "string", "Programme site", enum=SITES),
    col(
        "response_policy", "string", "How the site responds to early positive tests", enum=POLICIES
    ),
    col("week", "integer", "Programme week", minimum=1, maximum=52),
    col("phase", "integer", "Programme phase", minimum=1, maximum=4),
    col("attended", "boolean", "Attended the scheduled contacts this week"),
    col(
        "test_result",
        "string",
        "Drug test result (empty: no test scheduled)",
        enum=TEST_RESULTS,
        na=True,
    ),
    col("self_reported_use", "boolean", "Participant reported use this week"),
    col("response", "string", "Team response this week", enum=RESPONSES),
    col(
        "enrolled_next_week",
        "boolean",
        "Still enrolled next week (false in week 52: programme ends)",
    ),
]

RELEASE_COLUMNS = [
    col("week", "integer", "Week after release", minimum=1, maximum=12),
    col("group", "string", "OAT continued after release or not", enum=RELEASE_GROUPS),
    col("person_weeks", "integer", "Person-weeks at risk", minimum=1),
    col("overdose_deaths", "integer", "Overdose deaths", minimum=0),
    col("rate_per_1000_pw", "number", "Deaths per 1,000 person-weeks", minimum=0),
]

CAPACITY_COLUMNS = [
    col("region", "string", "Fictional region", enum=REGIONS),
    col("modality", "string", "Service type", enum=CAPACITY_MODALITIES),
    col(
        "slots_per_year",
        "integer",
        "Treatment places per year open to justice referrals",
        minimum=1,
    ),
    col(
        "projected_justice_referrals",
        "integer",
        "Projected referrals per year from the justice system",
        minimum=0,
    ),
    col("median_wait_days", "integer", "Median days from referral to a place", minimum=0),
]

MATURITY_COLUMNS = [
    col("jurisdiction", "string", "Fictional jurisdiction", enum=JURISDICTIONS),
    col("component", "string", "Strategy component", enum=COMPONENTS),
    col(
        "maturity",
        "integer",
        "0 absent, 1 emerging, 2 established, 3 advanced",
        minimum=0,
        maximum=3,
    ),
    col("evidence_note", "string", "Short invented note on the score", maxLength=200),
]

TABLES = {
    "synth_cohort": {
        "columns": COHORT,
        "primaryKey": ["person_id"],
        "title": "Synthetic cohort: people in contact with the justice system in Jurisdiction B",
        "description": "One row per person, 4 years, reform from year 3.",
    },
    "synth_pathway_events": {
        "columns": EVENTS_COLUMNS,
        "primaryKey": ["person_id", "event_seq"],
        "foreignKeys": [
            {
                "fields": ["person_id"],
                "reference": {"resource": "synth_cohort", "fields": ["person_id"]},
            }
        ],
        "title": "Synthetic referral pathway events for referred cohort members",
        "description": "One row per event, from first contact to treatment entry and exit.",
    },
    "synth_programme_weeks": {
        "columns": WEEKS_COLUMNS,
        "primaryKey": ["participant_id", "week"],
        "title": "Synthetic weekly log of a treatment-court-style programme at four sites",
        "description": "One row per participant and week while enrolled (up to 52 weeks).",
    },
    "synth_post_release": {
        "columns": RELEASE_COLUMNS,
        "primaryKey": ["week", "group"],
        "title": "Synthetic overdose deaths in the 12 weeks after release from prison",
        "description": "Aggregated by week and OAT continuity; the shape follows published "
        "studies, the values are invented.",
    },
    "synth_service_capacity": {
        "columns": CAPACITY_COLUMNS,
        "primaryKey": ["region", "modality"],
        "title": "Synthetic treatment capacity and projected justice referrals by region",
        "description": "Slots, projected referrals and waits for 7 service types in 4 regions.",
    },
    "synth_strategy_maturity": {
        "columns": MATURITY_COLUMNS,
        "primaryKey": ["jurisdiction", "component"],
        "title": "Synthetic maturity scores of national strategy components",
        "description": "Scores 0-3 for 8 components in 3 fictional jurisdictions.",
    },
}


def resource_descriptors(params: dict) -> list[dict]:
    """The Frictionless resources for the synthetic files, in datapackage order."""
    resources = []
    for name, table in TABLES.items():
        schema = {
            "fields": table["columns"],
            "missingValues": [""],
            "primaryKey": table["primaryKey"],
        }
        if "foreignKeys" in table:
            schema["foreignKeys"] = table["foreignKeys"]
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "title": table["title"],
                "description": f"{SYNTHETIC_NOTE} {table['description']} See {name}.md.",
                "format": "csv",
                "encoding": "utf-8",
                "sudjustice": {
                    "kind": "synthetic",
                    "generator": GENERATOR,
                    "generator_version": params["generator_version"],
                    "seed": params["seed"],
                },
                "schema": schema,
            }
        )
    return resources


def render_resources(resources: list[dict]) -> str:
    """JSON for the resources in the datapackage's house style: one schema field per line."""

    def dumps(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    blocks = []
    for resource in resources:
        lines = ["    {"]
        items = list(resource.items())
        for i, (key, value) in enumerate(items):
            comma = "," if i < len(items) - 1 else ""
            if key != "schema":
                lines.append(f"      {dumps(key)}: {dumps(value)}{comma}")
                continue
            lines.append('      "schema": {')
            lines.append('        "fields": [')
            fields = value["fields"]
            for j, field in enumerate(fields):
                sep = "," if j < len(fields) - 1 else ""
                lines.append(f"          {dumps(field)}{sep}")
            lines.append("        ],")
            rest = [(k, v) for k, v in value.items() if k != "fields"]
            for j, (k, v) in enumerate(rest):
                sep = "," if j < len(rest) - 1 else ""
                lines.append(f"        {dumps(k)}: {dumps(v)}{sep}")
            lines.append(f"      }}{comma}")
        lines.append("    }")
        blocks.append("\n".join(lines))
    return ",\n".join(blocks)


# --------------------------------------------------------------------------------------------
# Small helpers
def choice(rng: np.random.Generator, options, probs, size=None):
    """Draw from `options` with probabilities `probs` (normalised, so rounding is harmless)."""
    probs = np.asarray(probs, dtype=float)
    return rng.choice(np.asarray(options, dtype=object), size=size, p=probs / probs.sum())


def choice_rows(rng: np.random.Generator, options, prob_rows: np.ndarray) -> np.ndarray:
    """Draw one option per row, each row with its own probability vector."""
    prob_rows = np.asarray(prob_rows, dtype=float)
    cum = np.cumsum(prob_rows / prob_rows.sum(axis=1, keepdims=True), axis=1)
    u = rng.random(len(prob_rows))[:, None]
    index = np.minimum((u > cum).sum(axis=1), len(options) - 1)
    return np.asarray(options, dtype=object)[index]


def bern(rng: np.random.Generator, p) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=float), 0.0, 1.0)
    return rng.random(p.shape) < p


def cut(values: np.ndarray, cuts, labels) -> np.ndarray:
    return np.asarray(labels, dtype=object)[np.searchsorted(cuts, values, side="right")]


def pick(u: float, mix: dict[str, float]) -> str:
    """The option whose slice of [0, 1) holds `u`; slices follow the order of `mix`."""
    total = 0.0
    for option, share in mix.items():
        total += share
        if u < total:
            return option
    return option  # u beyond a total just under 1 (rounding): the last option


def gamma_days(rng: np.random.Generator, mean, shape: float = 2.0, size=None) -> np.ndarray:
    """Whole days from a gamma distribution with the given mean (at least 0)."""
    mean = np.asarray(mean, dtype=float)
    return np.rint(rng.gamma(shape, mean / shape, size=size)).astype(int)


# --------------------------------------------------------------------------------------------
# synth_cohort
def make_cohort(params: dict, rng: np.random.Generator) -> tuple[pd.DataFrame, dict]:
    """People in contact with the justice system in fictional Jurisdiction B (one row each).

    Returns the columns known at the decision, and the hidden draws (track, what treatment would
    follow entry) that the pathway simulation and `finish_cohort` need.
    """
    p = params["cohort"]
    pat = params["patterns"]
    n = params["sizes"]["cohort_people"]
    reform = params["sizes"]["reform_start_year"]

    year = np.sort(choice(rng, [1, 2, 3, 4], p["year_weights"], n).astype(int))
    post = year >= reform
    districts = params["geography"]["districts"]
    district = choice(rng, DISTRICTS, [districts[d]["weight"] for d in DISTRICTS], n)
    region = np.array([districts[d]["region"] for d in district], dtype=object)
    sex = choice(rng, SEXES, [p["sex"][s] for s in SEXES], n)
    female = sex == "female"
    age = choice(rng, AGE_GROUPS, [p["age_group"][a] for a in AGE_GROUPS], n)
    child = age == "12-17"

    # Dependent children, pregnancy
    kids_probs = np.where(female[:, None], p["dependent_children"]["female"], 0)
    kids_probs = kids_probs + np.where(~female[:, None], p["dependent_children"]["other"], 0)
    kids_probs = np.where(
        (age == "18-24")[:, None], p["dependent_children"]["age_18_24"], kids_probs
    )
    kids_probs = np.where(child[:, None], p["dependent_children"]["child"], kids_probs)
    kids = choice_rows(rng, CHILDREN, kids_probs)
    preg_p = np.array([p["pregnant"].get(a, 0.0) for a in age]) * female
    pregnant = bern(rng, preg_p)

    # Offence
    off_adult = [p["offence_type"]["adult"][o] for o in OFFENCES]
    off_child = [p["offence_type"]["child"][o] for o in OFFENCES]
    offence = choice_rows(rng, OFFENCES, np.where(child[:, None], off_child, off_adult))
    gravity = choice_rows(
        rng, [1, 2, 3, 4, 5], np.array([p["offence_gravity"][o] for o in offence])
    ).astype(int)
    fn = p["foreign_national"]
    foreign = bern(rng, np.where(offence == "supply_large", fn["supply_large"], fn["default"]))
    housing = choice_rows(
        rng,
        HOUSING,
        np.where(
            child[:, None],
            [p["housing"]["child"][h] for h in HOUSING],
            [p["housing"]["adult"][h] for h in HOUSING],
        ),
    )
    pc = p["prior_convictions"]
    prior_mean = np.array([pc["mean_by_age"][a] for a in age])
    prior_mean = prior_mean * np.where(offence == "acquisitive", pc["acquisitive_factor"], 1.0)
    k = pc["dispersion"]
    prior = np.minimum(rng.negative_binomial(k, k / (k + prior_mean)), pc["cap"])

    # Substance and SUD severity (latent), screening
    ps = p["primary_substance"]
    subst_probs = np.array([ps[o] for o in offence])
    subst_probs = np.where(child[:, None], ps["child"], subst_probs)
    substance = choice_rows(rng, ps["substances"], subst_probs)
    sv = p["severity"]
    latent = np.array([sv["substance_mean"].get(s, 0.0) for s in substance])
    for key, shift in sv["shift"].items():
        latent = latent + shift * ((offence == key) | (housing == key))
    latent = latent + rng.normal(0.0, sv["noise_sd"], n)
    no_use = substance == "none"
    severity_true = np.where(no_use, "none", cut(latent, sv["cuts"], SEVERITIES))
    screen_latent = latent + rng.normal(0.0, sv["screen_noise_sd"], n)
    screen_result = np.where(no_use, "low", cut(screen_latent, sv["screen_cuts"], SCREEN_RISKS))

    scr = pat["screening_by_district"]["built_in"]
    coverage = np.array([scr["district_coverage_pre"][d] for d in district])
    screened = bern(rng, coverage + scr["post_extra"] * post)
    screen_risk = np.where(screened, screen_result, None)
    sud_severity = np.where(screened, severity_true, None)
    mod_sev = np.isin(severity_true, ["moderate", "severe"])
    cm = p["cooccurring_mh"]
    cooccurring = bern(rng, cm["base"] + cm["moderate_or_severe"] * mod_sev + cm["female"] * female)

    # Risk of reoffending
    rk = p["risk_level"]
    risk_latent = (
        rk["per_prior"] * np.minimum(prior, rk["prior_cap"])
        + np.array([rk["age_shift"][a] for a in age])
        + np.array([rk["housing_shift"][h] for h in housing])
        + rk["severity_weight"] * np.where(no_use, 0.0, latent)
        + rng.normal(0.0, rk["noise_sd"], n)
    )
    risk = cut(risk_latent, rk["cuts"], RISK_LEVELS)

    # First decision: police, prosecution or court (net-widening lives in the post shares)
    tr = p["track"]
    g = gravity - 1
    police_p = np.where(post, np.array(tr["post"]["police"])[g], np.array(tr["pre"]["police"])[g])
    pros_p = np.where(
        post, np.array(tr["post"]["prosecution"])[g], np.array(tr["pre"]["prosecution"])[g]
    )
    track = choice_rows(
        rng,
        ["police", "prosecution", "court"],
        np.column_stack([police_p, pros_p, np.clip(1 - police_p - pros_p, 0, 1)]),
    )
    # Children: mostly diverted, except in one region (pattern child_diversion_region)
    cd = pat["child_diversion_region"]["built_in"]
    child_div_p = np.array(tr["child_diversion"])[g] - (cd["diversion_gap_pp"] / 100) * (
        region == cd["region"]
    )
    child_diverted = bern(rng, child_div_p)
    child_track = np.where(
        child_diverted,
        np.where(bern(rng, np.full(n, tr["child_police_share"])), "police", "prosecution"),
        "court",
    )
    track = np.where(child, child_track, track)
    court = track == "court"

    # Legal aid at the first hearing (only cases that reach court have a hearing)
    la = p["legal_aid"]
    la_p = np.where(post, la["post"], la["pre"]) + la["child_extra"] * child
    for reg, shift in la["region_shift"].items():
        la_p = la_p + shift * (region == reg)
    legal_aid = court & bern(rng, la_p)

    stage = np.full(n, "police", dtype=object)
    stage[track == "prosecution"] = "prosecution"
    cs = p["court_stage"]
    court_stage = choice(rng, list(cs), list(cs.values()), n)
    stage[court] = court_stage[court]

    # Measures
    measure = np.empty(n, dtype=object)
    pm = p["police_measure"]
    police_measure = choice(rng, list(pm), list(pm.values()), n)
    measure[track == "police"] = police_measure[track == "police"]
    cs_p = np.where(
        post,
        p["prosecution_conditional_suspension"]["post"],
        p["prosecution_conditional_suspension"]["pre"],
    )
    pros_measure = np.where(bern(rng, cs_p), "conditional_suspension", "no_further_action")
    measure[track == "prosecution"] = pros_measure[track == "prosecution"]

    al = p["alternative"]
    mother = female & (kids != "0")
    alt_p = (
        np.where(post, np.array(al["post"])[g], np.array(al["pre"])[g])
        + pat["legal_aid_alternative"]["built_in"]["alternative_gap_pp"] / 100 * legal_aid
        + al["mother_extra"] * mother
        + al["child_extra"] * child
    )
    alternative = bern(rng, alt_p)
    sw = p["sentencing_alternative_weights"]
    weights = np.tile(np.array(sw["other"], dtype=float), (n, 1))
    weights[screened & (sud_severity == "mild")] = sw["mild"]
    weights[screened & np.isin(sud_severity, ["moderate", "severe"])] = sw["moderate_or_severe"]
    child_sud = child & screened & np.isin(sud_severity, ["mild", "moderate", "severe"])
    weights[child & ~child_sud] = sw["child_other"]
    weights[child_sud] = sw["child_sud"]
    sentencing_alt = choice_rows(rng, SENTENCING_ALTERNATIVES, weights)
    psa = p["post_sentence_alternative"]
    post_sentence_alt = choice(rng, list(psa), list(psa.values()), n)
    fine_p = np.where(child, p["child_fine_share"], np.array(p["fine_share"])[g])
    conventional = np.where(bern(rng, fine_p), "fine", "custody")
    court_measure = np.where(
        stage == "pretrial_court",
        np.where(alternative, "pretrial_release", "custody"),
        np.where(
            stage == "sentencing",
            np.where(alternative, sentencing_alt, conventional),
            np.where(alternative, post_sentence_alt, "custody"),
        ),
    )
    measure[court] = court_measure[court]
    # Children: custody only as a last resort; most become a community measure instead.
    spared = child & (measure == "custody") & ~bern(rng, np.full(n, p["child_custody_kept"]))
    measure[spared] = np.where(
        stage[spared] == "pretrial_court", "pretrial_release", "community_order"
    )
    supervised = np.isin(measure, SUPERVISED)

    # Pre-trial detention
    pd_ = p["pretrial_detention"]
    det_p = (
        np.array(pd_["by_gravity"])[g] * np.where(post, pd_["post_factor"], 1.0)
        + pd_["foreign_national_extra"] * foreign
        + pd_["homeless_extra"] * (housing == "homeless")
        + pd_["legal_aid_shift"] * legal_aid
    ) * np.where(child, pd_["child_factor"], 1.0)
    detained_sentencing = bern(rng, det_p)
    released_after_short = bern(rng, np.full(n, pd_["released_detained_share"]))
    remanded = (stage == "pretrial_court") & (measure == "custody")
    detained = np.select(
        [remanded, stage == "pretrial_court", stage == "sentencing"],
        [True, released_after_short, detained_sentencing],
        default=False,
    ).astype(bool)
    cap = p["follow_up_days_cap"]
    days_sentencing = np.maximum(1, gamma_days(rng, np.array(pd_["mean_days"])[g], size=n))
    days_remand = np.maximum(1, gamma_days(rng, np.full(n, pd_["remand_mean_days"])))
    lo, hi = pd_["released_after_days"]
    days_short = rng.integers(lo, hi + 1, n)
    pretrial_days = np.select(
        [remanded, stage == "pretrial_court", stage == "sentencing"],
        [days_remand, days_short, days_sentencing],
        default=0,
    )
    pretrial_days = np.minimum(np.where(detained, pretrial_days, 0), cap)

    # Intensity of the measure
    it = p["intensity"]
    int_probs = np.tile([1.0, 0.0, 0.0], (n, 1))
    for m in SUPERVISED:
        int_probs[measure == m] = it[m]
    int_probs[measure == "custody"] = [0.0, 0.0, 1.0]
    shift = it["high_risk_shift"] * (supervised & (risk == "high"))
    moved = np.minimum(int_probs[:, 0], shift)
    int_probs[:, 0] -= moved
    int_probs[:, 2] += moved
    intensity = choice_rows(rng, INTENSITIES, int_probs)

    # Treatment referral, consent, entry (entry comes from the pathway simulation below)
    rf = p["referral"]
    sev_key = np.where(screened, severity_true, "not_screened")
    ref_p = np.array([rf["by_severity"][s] for s in sev_key])
    ref_p = ref_p + rf["post_extra"] * post * np.isin(sev_key, ["mild", "moderate", "severe"])
    for m, shift in rf["measure_shift"].items():
        ref_p = ref_p + shift * (measure == m)
    referred = bern(rng, ref_p) & ~no_use
    referred |= np.isin(measure, ["treatment_court", "suspended_sentence_treatment"])
    needs_consent = referred | np.isin(measure, CONSENT_MEASURES)
    cr = p["consent_recorded"]
    consent_p = np.where(post, cr["post"], cr["pre"]) + cr["legal_aid_extra"] * legal_aid
    consent = np.where(needs_consent, bern(rng, consent_p), None)

    wo = pat["women_only_services"]["built_in"]
    wo_p = (
        wo["offer_without_children"] - wo["mothers_gap_pp"] / 100 * mother + wo["post_extra"] * post
    )
    offered = female & referred & bern(rng, wo_p)
    women_only = np.where(female & referred, offered, None)

    # Modality if the person enters treatment (OAT for opioids; none outside OAT for children)
    tp = p["treatment"]
    opioid = np.isin(substance, OPIOIDS)
    adult_mod = np.select(
        [severity_true == "severe", severity_true == "moderate"],
        ["residential", "outpatient"],
        default="brief_intervention",
    ).astype(object)
    residential_to_outpatient = bern(rng, np.full(n, tp["severe_outpatient_share"]))
    adult_mod[(adult_mod == "residential") & residential_to_outpatient] = "outpatient"
    oat = opioid & mod_sev & bern(rng, np.full(n, tp["opioid_oat_share"]))
    adult_mod[oat] = "oat"
    cm_ = tp["child_modality"]
    child_mod = choice(rng, list(cm_), list(cm_.values()), n)
    modality_if_entered = np.where(child, child_mod, adult_mod)

    rt = tp["retained_shift"]
    retained_p = (
        tp["retained_base"]
        + rt["oat"] * (modality_if_entered == "oat")
        + rt["post"] * post
        + rt["women_only"] * offered
        + rt["homeless"] * (housing == "homeless")
    )
    retained_if_entered = bern(rng, retained_p)
    completed_p = np.where(
        modality_if_entered == "brief_intervention",
        tp["completed_brief_intervention"],
        tp["completed_if_retained"],
    )
    completed_if_entered = retained_if_entered & bern(rng, completed_p)

    cohort = pd.DataFrame(
        {
            "person_id": [f"P{i:06d}" for i in range(1, n + 1)],
            "year_index": year,
            "period": np.where(post, "post", "pre"),
            "region": region,
            "district": district,
            "sex": sex,
            "age_group": age,
            "dependent_children": kids,
            "pregnant": pregnant,
            "foreign_national": foreign,
            "housing": housing,
            "offence_type": offence,
            "offence_gravity": gravity,
            "prior_convictions": prior,
            "primary_substance": substance,
            "screened": screened,
            "screen_risk": screen_risk,
            "sud_severity": sud_severity,
            "cooccurring_mh": cooccurring,
            "risk_level": risk,
            "legal_aid_first_hearing": legal_aid,
            "decision_stage": stage,
            "pretrial_detained": detained,
            "pretrial_days": pretrial_days,
            "measure": measure,
            "intensity": intensity,
            "consent_recorded": consent,
            "referred_to_treatment": referred,
            "women_only_service_offered": women_only,
        }
    )
    hidden = {
        "track": track,
        "modality_if_entered": modality_if_entered,
        "retained_if_entered": retained_if_entered,
        "completed_if_entered": completed_if_entered,
        "supervised": supervised,
        "opioid": opioid,
        "child": child,
        "post": post,
    }
    return cohort, hidden


def finish_cohort(
    params: dict, cohort: pd.DataFrame, hidden: dict, entry: pd.DataFrame, rng
) -> pd.DataFrame:
    """Add the columns that depend on treatment entry: outcomes, violations, custody, tests."""
    p = params["cohort"]
    pat = params["patterns"]
    n = len(cohort)
    entered = cohort["person_id"].isin(entry["person_id"]).to_numpy()
    entry_day = cohort["person_id"].map(entry.set_index("person_id")["day"])
    completed_path = cohort["person_id"].map(entry.set_index("person_id")["completed"])
    cohort["days_to_treatment_entry"] = entry_day.astype("Int64")
    modality = np.where(entered, hidden["modality_if_entered"], "none")
    cohort["treatment_modality"] = modality
    cohort["retained_90d"] = np.where(entered, hidden["retained_if_entered"], None)
    cohort["completed"] = np.where(entered, completed_path.fillna(False).astype(bool), None)

    risk = cohort["risk_level"].to_numpy()
    intensity = cohort["intensity"].to_numpy()
    measure = cohort["measure"].to_numpy()
    supervised = hidden["supervised"]
    child = hidden["child"]
    post = hidden["post"]

    # Technical violations: more conditions, more violations (pattern intensity_risk_mismatch)
    im = pat["intensity_risk_mismatch"]["built_in"]
    lam = np.array([im["violations_per_person"][i] for i in intensity]) * np.array(
        [im["violations_risk_factor"][r] for r in risk]
    )
    violations = np.where(supervised, rng.poisson(lam), 0)
    violations = np.minimum(violations, 30)

    br = p["breach_response"]
    probs = np.where(post[:, None], br["post"], br["pre"]).astype(float)
    repeat = violations >= 3
    move = np.minimum(probs[:, 0], br["repeat_shift"] * 2) * repeat
    probs[:, 0] -= move
    probs[:, 3] += move / 2
    probs[:, 4] += move / 2
    child_move = probs[:, 3:5] * (1 - br["child_custody_factor"]) * child[:, None]
    probs[:, 3:5] -= child_move
    probs[:, 1] += child_move.sum(axis=1)
    response = choice_rows(rng, BREACH_RESPONSES[1:], probs)
    response = np.where(violations > 0, response, "none")

    # Custody days in the 12 months after first contact
    gravity = cohort["offence_gravity"].to_numpy() - 1
    stage = cohort["decision_stage"].to_numpy()
    sentence = np.maximum(1, gamma_days(rng, np.array(p["sentence_days_mean"])[gravity]))
    sentence = np.where((measure == "custody") & (stage == "sentencing"), sentence, 0)
    lo, hi = p["recall_days"]
    recall = np.where(
        (measure == "custody") & (stage == "post_sentence"), rng.integers(lo, hi + 1, n), 0
    )
    lo, hi = br["short_custody_days_per_violation"]
    short = np.where(response == "short_custody", violations * rng.integers(lo, hi + 1, n), 0)
    lo, hi = br["revocation_days"]
    revoked = np.where(response == "revocation", rng.integers(lo, hi + 1, n), 0)
    custody_days = cohort["pretrial_days"].to_numpy() + sentence + recall + short + revoked
    custody_days = np.minimum(custody_days, p["follow_up_days_cap"])

    # Re-arrest within 12 months at liberty
    ra = p["rearrest"]
    effect = im["rearrest_effect_high_vs_low_intensity_pp"]
    medium = im["medium_intensity_share_of_effect"]
    high_vs_low = np.select([intensity == "high", intensity == "medium"], [1.0, medium], 0.0)
    rearrest_p = (
        np.array([ra["base"][r] for r in risk])
        + supervised * high_vs_low * np.array([effect[r] for r in risk]) / 100
        + ra["homeless"] * (cohort["housing"].to_numpy() == "homeless")
        + ra["age_18_24"] * (cohort["age_group"].to_numpy() == "18-24")
        + ra["retained_in_treatment"] * (entered & hidden["retained_if_entered"])
    )
    rearrest = bern(rng, rearrest_p)

    # Non-fatal overdose: higher for opioids and after custody; lower in OAT (pattern oat_overdose)
    od = p["overdose"]
    od_p = np.array([od["base"][s] for s in cohort["primary_substance"]])
    od_p = od_p + od["after_custody_30d"] * (custody_days >= 30) * hidden["opioid"]
    od_p = od_p * np.where(
        modality == "oat", pat["oat_overdose"]["built_in"]["oat_relative_risk"], 1.0
    )
    overdose = bern(rng, od_p)

    def test_offer(q: dict) -> np.ndarray:
        prob = (
            q["base"]
            + q["screened"] * cohort["screened"].to_numpy()
            + q["custody"] * (custody_days > 0)
            + q["injecting_substance"] * cohort["primary_substance"].isin(INJECTING).to_numpy()
            + q["post"] * post
        )
        return bern(rng, prob)

    cohort["technical_violations"] = violations
    cohort["breach_response"] = response
    cohort["custody_days_total"] = custody_days
    cohort["rearrest_12m"] = rearrest
    cohort["overdose_nonfatal_12m"] = overdose
    cohort["hiv_test_offered"] = test_offer(p["hiv_test"])
    cohort["hcv_test_offered"] = test_offer(p["hcv_test"])
    return cohort[[c["name"] for c in COHORT]]


# --------------------------------------------------------------------------------------------
# synth_pathway_events
def make_pathway(params: dict, cohort: pd.DataFrame, hidden: dict, rng):
    """Referral events for every referred person; returns (events, entry) where `entry` holds
    the treatment-entry day and completion of the people who entered treatment."""
    pw = params["pathway"]
    pat = params["patterns"]["handoff_dropout"]["built_in"]
    sharing = set(params["geography"]["sharing_agreement_regions"])
    cap = params["cohort"]["follow_up_days_cap"]
    ref = cohort[cohort["referred_to_treatment"]].copy()
    ref_idx = np.flatnonzero(cohort["referred_to_treatment"].to_numpy())
    m = len(ref)

    track = hidden["track"][ref_idx]
    measure = ref["measure"].to_numpy()
    pathway = np.select(
        [track == "police", track == "prosecution", measure == "treatment_court"],
        ["police_caution", "prosecutorial_diversion", "treatment_court"],
        default="court_order",
    )
    agreement = ref["region"].isin(sharing).to_numpy()
    key = np.where(agreement, "agreement", "none")
    post = hidden["post"][ref_idx]
    modality = hidden["modality_if_entered"][ref_idx]
    retained = hidden["retained_if_entered"][ref_idx]
    completed = hidden["completed_if_entered"][ref_idx]

    offer_mean = np.array([pw["offer_day_mean"][x] for x in pathway])
    police = pathway == "police_caution"
    lo, hi = pw["police_offer_days"]
    offer_day = np.where(police, rng.integers(lo, hi + 1, m), 0)
    offer_day = offer_day + np.where(
        police, 0, np.maximum(pw["min_offer_day"], gamma_days(rng, offer_mean))
    )
    lo, hi = pw["screening_days"]
    screen_day = np.minimum(rng.integers(lo, hi + 1, m), offer_day)  # screening before the offer
    lo, hi = pw["legal_aid_days"]
    legal_day = rng.integers(lo, hi + 1, m)
    # Legal aid can also reach people whose case never goes to court (advice at the station).
    station_legal_aid = (track != "court") & bern(
        rng, np.full(m, params["cohort"]["legal_aid_before_court"])
    )
    legal_day = np.where(station_legal_aid, np.minimum(legal_day - 1, offer_day), legal_day)
    lo, hi = pw["consent_after_offer_days"]
    consent_day = offer_day + rng.integers(lo, hi + 1, m)
    referral_day = consent_day + gamma_days(
        rng, np.array([pw["referral_delay_mean"][k] for k in key]), shape=1.5
    )
    assessed = bern(
        rng, np.array([pat["assessed_after_referral"][k] for k in key]) + pat["post_extra"] * post
    )
    assessment_day = referral_day + np.maximum(
        1, gamma_days(rng, np.array([pw["assessment_delay_mean"][k] for k in key]))
    )
    entered = assessed & bern(rng, np.full(m, pw["entry_after_assessment"]))
    entry_day = assessment_day + gamma_days(
        rng, np.array([pw["entry_delay_mean"][k] for k in key]), shape=1.5
    )
    entered &= entry_day <= cap
    lo, hi = pw["review_after_days"]
    review_day = np.where(pathway == "police_caution", entry_day, referral_day) + rng.integers(
        lo, hi + 1, m
    )
    has_review = np.where(pathway == "police_caution", entered, True)
    # Exit: lost contact before assessment, left treatment early, completed, or left later.
    lo, hi = pw["lost_contact_exit_days"]
    exit_lost = referral_day + rng.integers(lo, hi + 1, m)

    def days(bounds: list[int]) -> np.ndarray:
        return rng.integers(bounds[0], bounds[1] + 1, m)

    exit_early = entry_day + days(pw["exit_early_days"])
    brief = pw["exit_complete_days"]["brief_intervention"]
    exit_complete = entry_day + np.where(
        modality == "brief_intervention", days(brief), days(pw["exit_complete_days"]["other"])
    )
    exit_later = entry_day + days(pw["exit_later_days"])
    leaves_later = bern(rng, np.full(m, pw["leaves_later_share"]))
    completed = completed & (exit_complete <= cap)
    exit_day = np.select(
        [~entered, ~retained, completed, leaves_later],
        [exit_lost, exit_early, exit_complete, exit_later],
        default=-1,
    )
    has_exit = (exit_day >= 0) & (exit_day <= cap)

    offer_agency = {
        "police_caution": "police",
        "prosecutorial_diversion": "prosecution",
        "court_order": "court",
        "treatment_court": "court",
    }
    referral_agency = dict(offer_agency, court_order="probation")
    review_agency = dict(referral_agency, police_caution="health")
    ngo = bern(rng, np.array([pw["ngo_provider_share"].get(x, 0.0) for x in modality]))
    provider = np.where(ngo, "ngo", "health")
    screen_agency = np.where(
        ~police & bern(rng, np.full(m, pw["screening_by_probation_share"])), "probation", "health"
    )

    columns = {
        "first_contact": (np.ones(m, bool), np.zeros(m, int), np.full(m, "police", object)),
        "screening": (ref["screened"].to_numpy(), screen_day, screen_agency),
        "legal_aid_contact": (
            ref["legal_aid_first_hearing"].to_numpy() | station_legal_aid,
            legal_day,
            np.full(m, "defence", object),
        ),
        "offer": (np.ones(m, bool), offer_day, np.array([offer_agency[x] for x in pathway])),
        "consent": (
            ref["consent_recorded"].eq(True).to_numpy(),
            consent_day,
            np.array([offer_agency[x] for x in pathway]),
        ),
        "referral_sent": (
            np.ones(m, bool),
            referral_day,
            np.array([referral_agency[x] for x in pathway]),
        ),
        "assessment": (assessed, assessment_day, np.full(m, "health", object)),
        "treatment_entry": (entered, entry_day, provider),
        "first_review": (has_review, review_day, np.array([review_agency[x] for x in pathway])),
        "exit": (
            has_exit,
            exit_day,
            np.where(entered, provider, np.array([referral_agency[x] for x in pathway])),
        ),
    }
    frames = []
    for order, (event, (present, day, agency)) in enumerate(columns.items()):
        frames.append(
            pd.DataFrame(
                {
                    "row": np.arange(m)[present],
                    "order": order,
                    "event": event,
                    "day": day[present],
                    "agency": agency[present],
                }
            )
        )
    events = pd.concat(frames, ignore_index=True)
    events = events.sort_values(["row", "day", "order"], kind="stable").reset_index(drop=True)
    events["event_seq"] = events.groupby("row").cumcount() + 1
    rows = events["row"].to_numpy()
    events["person_id"] = ref["person_id"].to_numpy()[rows]
    events["pathway"] = pathway[rows]
    events["region"] = ref["region"].to_numpy()[rows]
    events["region_has_sharing_agreement"] = agreement[rows]
    events = events[[c["name"] for c in EVENTS_COLUMNS]]

    entry = pd.DataFrame(
        {
            "person_id": ref["person_id"].to_numpy()[entered],
            "day": entry_day[entered],
            "completed": completed[entered],
        }
    )
    return events, entry


# --------------------------------------------------------------------------------------------
# synth_programme_weeks
def make_programme_weeks(params: dict, rng: np.random.Generator) -> pd.DataFrame:
    """Weekly log of a treatment-court-style programme; rows stop when a participant leaves."""
    p = params["programme"]
    pat = params["patterns"]
    n = params["sizes"]["programme_participants"]
    weeks = params["sizes"]["programme_weeks"]
    early_custody = pat["early_custodial_retention"]["built_in"]["custody_share_for_early_positive"]
    early_use = {"jail_1_3_days": early_custody, "warning": 1 - early_custody}
    mixes = p["responses"]
    ph = pat["punished_honesty"]["built_in"]
    sites = choice(rng, SITES, [1, 1, 1, 1], n)
    starts = np.array(p["phase_starts"])
    rows = []
    for i in range(n):
        site = sites[i]
        policy = p["sites"][site]
        custodial = policy == "early_custodial"
        use0 = rng.uniform(*p["use_start"])
        honesty = rng.uniform(*p["honesty_start"])
        missed_run = 0
        custody_count = 0
        for week in range(1, weeks + 1):
            phase = int(np.searchsorted(starts, week, side="right"))
            use_p = max(p["use_floor"], use0 * np.exp(-(week - 1) / p["use_decay_weeks"]))
            used = rng.random() < use_p
            attended = rng.random() < (p["attend_if_used"] if used else p["attend"])
            tested = phase <= 2 or rng.random() < p["test_share_late_phases"]
            u = rng.random()
            if not tested:
                test = None
            elif not attended:
                test = "missed"
            else:
                test = pick(u, p["test_if_used"] if used else p["test_if_not_used"])
            self_report = bool(attended and used and rng.random() < honesty)
            missed_run = 0 if attended else missed_run + 1
            use_signal = self_report or test in ("positive", "adulterated")
            u = rng.random()
            if missed_run >= p["missed_weeks_to_termination"]:
                response = "termination"
            elif custodial and use_signal and phase <= 2:
                response = pick(u, early_use)
            elif custodial and test == "missed":
                response = pick(u, mixes["early_custodial_missed"])
            elif use_signal:
                response = pick(u, mixes["use_detected"])
            elif test == "missed" or not attended:
                response = pick(u, mixes["not_attended"])
            elif test == "dilute":
                response = pick(u, mixes["dilute"])
            else:
                response = pick(u, mixes["compliant"])
            if response == "jail_1_3_days":
                custody_count += 1
                if (
                    custody_count >= p["custody_count_to_termination"]
                    and rng.random() < p["termination_after_custody_count"]
                ):
                    response = "termination"
            if self_report:  # honesty met with punishment makes later honesty less likely
                if response in PUNITIVE:
                    honesty *= ph["honesty_factor_after_punishment"]
                else:
                    honesty = min(p["honesty_cap"], honesty * ph["honesty_factor_after_support"])
            dropout_p = (
                p["dropout_base"]
                + p["dropout_after_custody"] * (response == "jail_1_3_days")
                + p["dropout_after_use"] * used
            )
            leaves = response == "termination" or rng.random() < dropout_p or week == weeks
            rows.append(
                (
                    f"T{i + 1:06d}",
                    site,
                    policy,
                    week,
                    phase,
                    attended,
                    test,
                    self_report,
                    response,
                    not leaves,
                )
            )
            if leaves:
                break
    return pd.DataFrame(rows, columns=[c["name"] for c in WEEKS_COLUMNS])


# --------------------------------------------------------------------------------------------
# synth_post_release, synth_service_capacity, synth_strategy_maturity
def make_post_release(params: dict, rng: np.random.Generator) -> pd.DataFrame:
    """Overdose deaths by week after release; the curve's shape, not its values, is realistic."""
    p = params["post_release"]
    weeks = params["sizes"]["post_release_weeks"]
    rows = []
    for group in RELEASE_GROUPS:
        at_risk = params["sizes"]["post_release_people"][group]
        for week in range(1, weeks + 1):
            rate = p["no_oat_rate_per_1000_pw"][week - 1]
            if group == "oat_continued":
                rate *= p["oat_rate_ratio_weeks_1_4"] if week <= 4 else p["oat_rate_ratio_later"]
            deaths = int(rng.poisson(rate * at_risk / 1000))
            rows.append((week, group, at_risk, deaths, round(1000 * deaths / at_risk, 2)))
            at_risk -= deaths + int(rng.binomial(at_risk - deaths, p["reimprisonment_per_week"]))
    return pd.DataFrame(rows, columns=[c["name"] for c in RELEASE_COLUMNS])


def make_capacity(params: dict, cohort: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Slots, projected referrals and waits; referrals are projected from the cohort's post-reform
    referrals, so the capacity table and the cohort tell one story."""
    p = params["capacity"]
    gaps = params["patterns"]["capacity_gaps"]["built_in"]["gap_modalities"]
    post_years = params["sizes"]["cohort_years"] - params["sizes"]["reform_start_year"] + 1
    ref = cohort[cohort["referred_to_treatment"] & (cohort["period"] == "post")]
    sev = ref["sud_severity"].fillna("none")
    need = {
        "brief_intervention": sev.isin(["none", "mild"]),
        "outpatient": sev == "moderate",
        "oat": ref["primary_substance"].isin(OPIOIDS) & sev.isin(["moderate", "severe"]),
        "residential": ~ref["primary_substance"].isin(OPIOIDS) & (sev == "severe"),
        "women_only": ref["sex"] == "female",
        "adolescent": ref["age_group"] == "12-17",
        "cooccurring_integrated": ref["cooccurring_mh"],
    }
    rows = []
    for region in REGIONS:
        in_region = ref["region"] == region
        for modality in CAPACITY_MODALITIES:
            count = int((need[modality] & in_region).sum())
            projected = round(count / post_years * p["demand_growth"])
            gap = modality in gaps
            ratio = rng.uniform(*(p["gap_ratio_range"] if gap else p["spare_ratio_range"]))
            slots = max(1, round(projected / ratio))
            if gap and projected <= slots:  # tiny counts: keep the documented gap
                slots = max(1, int(np.floor(projected / p["gap_ratio_range"][0])))
            lo, hi = p["gap_wait_days"] if gap else p["spare_wait_days"]
            wait = int(rng.integers(lo, hi + 1))
            rows.append((region, modality, slots, projected, wait))
    return pd.DataFrame(rows, columns=[c["name"] for c in CAPACITY_COLUMNS])


def make_maturity(params: dict) -> pd.DataFrame:
    """Authored scores from PARAMS.yaml (no randomness: the pattern is the whole point)."""
    rows = [
        (j, c, int(params["maturity"][j][c][0]), params["maturity"][j][c][1])
        for j in JURISDICTIONS
        for c in COMPONENTS
    ]
    return pd.DataFrame(rows, columns=[c["name"] for c in MATURITY_COLUMNS])


# --------------------------------------------------------------------------------------------
# Writing
def to_csv_text(frame: pd.DataFrame, columns: list[dict]) -> str:
    """CSV text with fixed formatting: true/false, empty for missing, numbers with 2 decimals."""
    out = pd.DataFrame(index=frame.index)
    for spec in columns:
        name, type_ = spec["name"], spec["type"]
        values = frame[name]
        missing = values.isna()
        if type_ == "boolean":
            text = values.map(lambda v: "true" if v else "false")
        elif type_ == "integer":
            text = values.map(lambda v: "" if pd.isna(v) else str(int(v)))
        elif type_ == "number":
            text = values.map(lambda v: "" if pd.isna(v) else f"{float(v):.2f}")
        else:
            text = values.astype(object).map(str)
        out[name] = text.where(~missing, "")
    return out.to_csv(index=False, lineterminator="\n")


def generate(params: dict, seed: int) -> dict[str, pd.DataFrame]:
    """All synthetic tables for `seed`, each from its own child random stream."""
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(7)]
    cohort, hidden = make_cohort(params, streams[0])
    events, entry = make_pathway(params, cohort, hidden, streams[1])
    cohort = finish_cohort(params, cohort, hidden, entry, streams[2])
    tables = {
        "synth_cohort": cohort,
        "synth_pathway_events": events,
        "synth_programme_weeks": make_programme_weeks(params, streams[3]),
        "synth_post_release": make_post_release(params, streams[4]),
        "synth_service_capacity": make_capacity(params, cohort, streams[5]),
        "synth_strategy_maturity": make_maturity(params),
    }
    for name, frame in tables.items():
        keys = TABLES[name]["primaryKey"]
        tables[name] = frame.sort_values(keys, kind="stable").reset_index(drop=True)
    return tables


def write(tables: dict[str, pd.DataFrame], out: Path) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, frame in tables.items():
        text = to_csv_text(frame, TABLES[name]["columns"])
        (out / f"{name}.csv").write_bytes(text.encode("utf-8"))
        counts[name] = len(frame)
    return counts


def load_params(path: Path = PARAMS_PATH) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, help="random seed (default: PARAMS.yaml seed)")
    parser.add_argument("--out", type=Path, default=HERE, help="output folder (default: here)")
    parser.add_argument("--params", type=Path, default=PARAMS_PATH, help="parameter file")
    parser.add_argument(
        "--print-resources",
        action="store_true",
        help="print the Frictionless resources for datapackage.json and exit",
    )
    args = parser.parse_args(argv)
    params = load_params(args.params)
    if args.print_resources:
        print(render_resources(resource_descriptors(params)))
        return 0
    seed = params["seed"] if args.seed is None else args.seed
    start = time.perf_counter()
    counts = write(generate(params, seed), args.out)
    elapsed = time.perf_counter() - start
    for name, count in counts.items():
        print(f"{name}.csv: {count} rows")
    print(f"seed {seed}: wrote {len(counts)} files to {args.out} in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
