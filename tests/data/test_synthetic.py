"""Do the synthetic datasets hold what datasets/PARAMS.yaml and their READMEs promise?

Every table is read through the package loader (`sudjustice.data.load`), so it is validated
against its Frictionless schema first. Pattern sizes
are measured from the committed CSVs and compared with the `minimum` (or `maximum`) that
PARAMS.yaml documents for each teaching pattern.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from sudjustice.data import load
from sudjustice.data.load import PANDAS_DTYPES

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT / "datasets"
SCRIPT = DATASETS / "make_synthetic.py"
PARAMS = yaml.safe_load((DATASETS / "PARAMS.yaml").read_text(encoding="utf-8"))
NAMES = [
    "synth_cohort",
    "synth_pathway_events",
    "synth_programme_weeks",
    "synth_post_release",
    "synth_service_capacity",
    "synth_strategy_maturity",
]
# Columns that §5.2 of the curriculum declares NA-able; every other column must be complete.
NA_COLUMNS = {
    "synth_cohort": {
        "screen_risk",
        "sud_severity",
        "consent_recorded",
        "days_to_treatment_entry",
        "women_only_service_offered",
        "retained_90d",
        "completed",
    },
    "synth_programme_weeks": {"test_result"},
}
ROWS = {  # (at least, at most)
    "synth_cohort": (8000, 8000),
    "synth_pathway_events": (25_000, 35_000),
    "synth_programme_weeks": (15_000, 26_000),
    "synth_post_release": (24, 24),
    "synth_service_capacity": (28, 28),
    "synth_strategy_maturity": (24, 24),
}


def _generator():
    """The generator script as a module (no bytecode cache left in datasets/)."""
    spec = importlib.util.spec_from_file_location("make_synthetic", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    dont_write, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = dont_write
    return module


# The measure groups that define each pattern come from the generator, so the two cannot drift.
GENERATOR = _generator()
SUPERVISED, DIVERSION, OPIOIDS, PUNITIVE = (
    GENERATOR.SUPERVISED,
    GENERATOR.DIVERSION,
    GENERATOR.OPIOIDS,
    GENERATOR.PUNITIVE,
)
COURT_STAGES = ["pretrial_court", "sentencing", "post_sentence"]


@pytest.fixture(scope="module")
def gen():
    return _generator()


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {name: load(name, ROOT) for name in NAMES}


@pytest.fixture(scope="module")
def measured(tables) -> dict[str, dict[str, float]]:
    return measure_patterns(tables)


def _read_plain(folder: Path, gen) -> dict[str, pd.DataFrame]:
    """Read freshly generated CSVs with the loader's dtypes (no schema validation)."""
    frames = {}
    for name, table in gen.TABLES.items():
        dtypes = {c["name"]: PANDAS_DTYPES[c["type"]] for c in table["columns"]}
        frames[name] = pd.read_csv(
            folder / f"{name}.csv",
            dtype=dtypes,
            keep_default_na=False,
            na_values=[""],
            true_values=["true"],
            false_values=["false"],
        )
    return frames


# ---------------------------------------------------------------------------------------------
# Pattern measurements: pattern -> metric -> value, named as in PARAMS.yaml `patterns`.
def _pp(share: float) -> float:
    return 100 * float(share)


def measure_patterns(t: dict[str, pd.DataFrame]) -> dict[str, dict[str, float]]:
    cohort = t["synth_cohort"]
    events = t["synth_pathway_events"]
    weeks = t["synth_programme_weeks"]
    release = t["synth_post_release"]
    capacity = t["synth_service_capacity"]
    maturity = t["synth_strategy_maturity"]
    supervised = cohort["measure"].isin(SUPERVISED)
    found: dict[str, dict[str, float]] = {}

    # (1) net-widening: gravity-1 supervision (I14) against custody days per 100 people (I07)
    g1 = cohort[cohort["offence_gravity"] == 1]
    sup = g1.groupby("period")["measure"].agg(lambda m: m.isin(SUPERVISED).mean())
    days = cohort.groupby("period")["custody_days_total"].mean()
    fall_pct = _pp(1 - days["post"] / days["pre"])
    rise_pct = _pp(sup["post"] / sup["pre"] - 1)
    found["net_widening"] = {
        "gravity1_supervised_rise_pp": _pp(sup["post"] - sup["pre"]),
        "rise_to_fall_ratio": rise_pct / fall_pct if fall_pct > 0 else float("inf"),
        "custody_days_fall_pct": fall_pct,
    }

    # (2) legal aid at the first hearing and non-custodial alternatives, among court cases
    court = cohort[cohort["decision_stage"].isin(COURT_STAGES)]
    alt = court.groupby("legal_aid_first_hearing")["measure"].agg(
        lambda m: m.isin(SUPERVISED).mean()
    )
    found["legal_aid_alternative"] = {"alternative_gap_pp": _pp(alt[True] - alt[False])}

    # (3) screening coverage by district
    coverage = cohort.groupby("district")["screened"].mean()
    found["screening_by_district"] = {"district_spread_pp": _pp(coverage.max() - coverage.min())}

    # (4) possession cases screen low or moderate
    poss = cohort[(cohort["offence_type"] == "possession_personal") & cohort["screened"]]
    low_mod = poss["screen_risk"].isin(["low", "moderate"]).mean()
    found["possession_screen_risk"] = {"low_or_moderate_pct": _pp(low_mod)}

    # (5) intensity against risk, among people under a supervised measure
    sup_people = cohort[supervised]
    by = sup_people.groupby(["risk_level", "intensity"])
    viol = by["technical_violations"].mean()
    rearrest = by["rearrest_12m"].mean()
    found["intensity_risk_mismatch"] = {
        "low_risk_extra_violations": float(viol["low", "high"] - viol["low", "low"]),
        "low_risk_rearrest_benefit_pp": _pp(rearrest["low", "low"] - rearrest["low", "high"]),
        "high_risk_rearrest_benefit_pp": _pp(rearrest["high", "low"] - rearrest["high", "high"]),
    }

    # (6) women-only services for referred women with and without dependent children
    women = cohort[(cohort["sex"] == "female") & cohort["referred_to_treatment"]]
    offered = women.groupby(women["dependent_children"] != "0")["women_only_service_offered"]
    offered = offered.mean()
    found["women_only_services"] = {"mothers_gap_pp": _pp(offered[False] - offered[True])}

    # (7) non-fatal overdose among people using opioids, in and out of OAT
    opioid = cohort[cohort["primary_substance"].isin(OPIOIDS)]
    od = opioid.groupby(opioid["treatment_modality"] == "oat")["overdose_nonfatal_12m"].mean()
    found["oat_overdose"] = {"opioid_overdose_gap_pp": _pp(od[False] - od[True])}

    # (8) diversion of children by region
    region = PARAMS["patterns"]["child_diversion_region"]["built_in"]["region"]
    kids = cohort[cohort["age_group"] == "12-17"]
    diverted = kids.groupby(kids["region"] == region)["measure"].agg(
        lambda m: m.isin(DIVERSION).mean()
    )
    found["child_diversion_region"] = {"diversion_gap_pp": _pp(diverted[False] - diverted[True])}

    # Pathway: people reaching each step, and days to treatment entry
    reached = events.groupby("event")["person_id"].nunique()
    to_assessment = 1 - reached["assessment"] / reached["referral_sent"]
    to_entry = 1 - reached["treatment_entry"] / reached["assessment"]
    to_referral = 1 - reached["referral_sent"] / reached["offer"]
    found["handoff_dropout"] = {
        "referral_to_assessment_dropout_pct": _pp(to_assessment),
        "lead_over_other_steps_pp": _pp(to_assessment - max(to_entry, to_referral)),
    }
    entry = events[events["event"] == "treatment_entry"]
    median = entry.groupby("region_has_sharing_agreement")["day"].median()
    found["sharing_agreement_speed"] = {
        "median_entry_days_gap": float(median[False] - median[True])
    }

    # Programme: retention to week 13 and self-report after a punished first self-report
    last_week = weeks.groupby("participant_id").agg(
        policy=("response_policy", "first"), last=("week", "max")
    )
    retained = last_week.groupby("policy")["last"].agg(lambda w: (w >= 13).mean())
    found["early_custodial_retention"] = {
        "retention_gap_pp": _pp(retained["graduated_therapeutic"] - retained["early_custodial"])
    }
    reports = weeks[weeks["self_reported_use"]].sort_values(["participant_id", "week"])
    first = reports.groupby("participant_id").first()
    first_punished = first["response"].isin(PUNITIVE)
    later = weeks[weeks["test_result"] == "positive"].join(
        first[["week"]].rename(columns={"week": "first_week"}), on="participant_id", how="inner"
    )
    later = later[later["week"] > later["first_week"]]
    later_rate = later.groupby(later["participant_id"].map(first_punished))["self_reported_use"]
    later_rate = later_rate.mean()
    found["punished_honesty"] = {
        "later_self_report_gap_pp": _pp(later_rate[False] - later_rate[True])
    }

    # Post-release: the early peak and OAT continuity
    def rate(rows: pd.DataFrame) -> float:
        return 1000 * rows["overdose_deaths"].sum() / rows["person_weeks"].sum()

    no_oat = release[release["group"] == "no_oat"]
    oat = release[release["group"] == "oat_continued"]
    found["release_peak"] = {
        "weeks_1_2_to_3_12_ratio": rate(no_oat[no_oat["week"] <= 2])
        / rate(no_oat[no_oat["week"] > 2]),
        "peak_week": float(no_oat.loc[no_oat["rate_per_1000_pw"].idxmax(), "week"]),
    }
    found["oat_continuity"] = {"rate_ratio_12_weeks": rate(oat) / rate(no_oat)}

    # Capacity: referrals per slot and waits, gap modalities against the rest
    gaps = PARAMS["patterns"]["capacity_gaps"]["built_in"]["gap_modalities"]
    ratio = capacity["projected_justice_referrals"] / capacity["slots_per_year"]
    is_gap = capacity["modality"].isin(gaps)
    found["capacity_gaps"] = {
        "gap_ratio": float(ratio[is_gap].min()),
        "gap_wait_days": float(capacity.loc[is_gap, "median_wait_days"].min()),
        "spare_ratio": float(ratio[~is_gap].max()),
        "spare_wait_days": float(capacity.loc[~is_gap, "median_wait_days"].max()),
    }

    # Strategy maturity: law ahead of services and data; C weakest on safeguards
    score = maturity.pivot(index="jurisdiction", columns="component", values="maturity")
    lead = score["legal_basis"] - score[["service_capacity", "data_monitoring"]].max(axis=1)
    safeguards = PARAMS["patterns"]["c_weakest_safeguards"]["built_in"]["safeguard_components"]
    means = score[safeguards].mean(axis=1).sort_values()
    found["law_ahead_of_services"] = {"legal_basis_lead": float(lead.min())}
    found["c_weakest_safeguards"] = {
        "weakest_is_c": float(means.index[0] == "C"),
        "gap_to_next": float(means.iloc[1] - means.iloc[0]),
    }
    return found


def _bounds() -> list[tuple[str, str, str, float]]:
    """(pattern, metric, 'minimum' or 'maximum', bound) for every documented bound."""
    return [
        (pattern, metric, kind, float(bound))
        for pattern, spec in PARAMS["patterns"].items()
        for kind in ("minimum", "maximum")
        for metric, bound in spec.get(kind, {}).items()
    ]


def _violations(found: dict[str, dict[str, float]]) -> list[str]:
    out = []
    for pattern, metric, kind, bound in _bounds():
        value = found[pattern][metric]
        ok = value >= bound if kind == "minimum" else value <= bound
        if not ok:
            out.append(f"{pattern}.{metric} = {value:.3f}, documented {kind} {bound}")
    return out


# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("pattern", "metric", "kind", "bound"), _bounds(), ids=[f"{p}.{m}" for p, m, _, _ in _bounds()]
)
def test_pattern_reaches_documented_size(measured, pattern, metric, kind, bound):
    """Is this teaching pattern at least as large as PARAMS.yaml says?"""
    value = measured[pattern][metric]
    if kind == "minimum":
        assert value >= bound, f"{pattern}.{metric} = {value:.3f} < documented minimum {bound}"
    else:
        assert value <= bound, f"{pattern}.{metric} = {value:.3f} > documented maximum {bound}"


def test_documented_sizes_match_the_committed_files(measured):
    """Are the sizes PARAMS.yaml reports for the default seed the sizes in the committed CSVs?"""
    found = measured
    for pattern, spec in PARAMS["patterns"].items():
        for metric, documented in spec["at_default_seed"].items():
            assert found[pattern][metric] == pytest.approx(documented, abs=0.051), (
                f"{pattern}.{metric}"
            )


def test_every_pattern_has_a_documented_bound():
    """Does each pattern in PARAMS.yaml carry a description, a size and a bound to test?"""
    for pattern, spec in PARAMS["patterns"].items():
        assert spec.get("what"), pattern
        assert spec.get("at_default_seed"), pattern
        assert spec.get("minimum") or spec.get("maximum"), pattern


def test_patterns_survive_another_seed(tmp_path, gen):
    """Do the documented minimums hold for a different seed, not just the committed one?"""
    gen.main(["--seed", str(PARAMS["seed"] + 1), "--out", str(tmp_path)])
    assert _violations(measure_patterns(_read_plain(tmp_path, gen))) == []


# ---------------------------------------------------------------------------------------------
def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_default_seed_reproduces_committed_files(tmp_path):
    """Does a fresh run with the default seed write byte-identical copies of the committed CSVs?"""
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert re.search(r"in \d+\.\d+ s", result.stdout), result.stdout
    for name in NAMES:
        fresh, committed = tmp_path / f"{name}.csv", DATASETS / f"{name}.csv"
        assert fresh.is_file(), f"generator did not write {name}.csv"
        assert _sha256(fresh) == _sha256(committed), f"{name}.csv differs from the committed file"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{n}.csv" for n in NAMES)


def test_seed_changes_the_data(tmp_path, gen):
    """Does another seed give different random files (so the hash check can fail)?"""
    gen.main(["--seed", "7", "--out", str(tmp_path)])
    random_tables = [n for n in NAMES if n != "synth_strategy_maturity"]  # authored scores
    for name in random_tables:
        assert _sha256(tmp_path / f"{name}.csv") != _sha256(DATASETS / f"{name}.csv"), name
    maturity = "synth_strategy_maturity.csv"
    assert _sha256(tmp_path / maturity) == _sha256(DATASETS / maturity)


def test_files_use_fixed_formatting():
    """Are the CSVs written with LF line ends, lower-case booleans and two-decimal numbers?"""
    for name in NAMES:
        raw = (DATASETS / f"{name}.csv").read_bytes()
        assert b"\r" not in raw and raw.endswith(b"\n"), name
        text = raw.decode("utf-8")
        assert not re.search(r"(^|,)(True|False|nan|NaN|None)(,|$)", text, re.MULTILINE), name
    release = (DATASETS / "synth_post_release.csv").read_text("utf-8").splitlines()[1:]
    assert all(re.fullmatch(r".*,\d+\.\d\d", line) for line in release)


# ---------------------------------------------------------------------------------------------
def test_datapackage_matches_generator_columns(gen):
    """Do the synthetic resources in datapackage.json match the generator's column spec?"""
    package = json.loads((DATASETS / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in package["resources"]]
    resources = {r["name"]: r for r in package["resources"] if r["name"] in NAMES}
    expected = {r["name"]: r for r in gen.resource_descriptors(PARAMS)}
    assert list(resources) == NAMES  # all six, in this order, kept together
    start = names.index(NAMES[0])
    assert names[start : start + len(NAMES)] == NAMES
    assert resources == expected
    for name, resource in resources.items():
        assert "Synthetic data — for teaching only" in resource["description"]
        assert resource["sudjustice"]["seed"] == PARAMS["seed"]
        for field in resource["schema"]["fields"]:
            if field["type"] == "string" and field["name"] not in ("evidence_note",):
                constraints = field["constraints"]
                assert "enum" in constraints or "pattern" in constraints, (name, field["name"])


@pytest.mark.parametrize("name", NAMES)
def test_row_counts(tables, name):
    """Does each file have about the number of rows §5.2 asks for?"""
    low, high = ROWS[name]
    assert low <= len(tables[name]) <= high


@pytest.mark.parametrize("name", NAMES)
def test_no_missing_values_outside_declared_columns(tables, name):
    """Are missing values confined to the columns the curriculum declares NA-able?"""
    frame = tables[name]
    with_missing = {c for c in frame.columns if frame[c].isna().any()}
    assert with_missing <= NA_COLUMNS.get(name, set())


@pytest.mark.parametrize("name", NAMES)
def test_readme_documents_every_column(gen, name):
    """Does each file's README name every column and say that the data are synthetic?"""
    readme = (DATASETS / f"{name}.md").read_text(encoding="utf-8")
    assert "Synthetic data — for teaching only" in readme
    for column in gen.TABLES[name]["columns"]:
        assert f"`{column['name']}`" in readme, column["name"]


def test_language_is_person_first(gen):
    """Do the files, READMEs, parameters and generator avoid stigmatising words?"""
    banned = re.compile(
        r"\b(addicts?|addicted|abusers?|junkies|junkie|clean|dirty)\b", re.IGNORECASE
    )
    texts = [DATASETS / f"{n}.{ext}" for n in NAMES for ext in ("csv", "md")]
    texts += [DATASETS / "PARAMS.yaml", SCRIPT]
    for path in texts:
        text = path.read_text(encoding="utf-8")
        assert not banned.search(text), f"{path.name}: {banned.search(text).group()}"


# ---------------------------------------------------------------------------------------------
# Plausibility and internal consistency
def test_cohort_distributions_are_plausible(tables):
    """Are the cohort's shares in plausible ranges (e.g. 10-20% female)?"""
    c = tables["synth_cohort"]
    share = lambda mask: float(mask.mean())
    assert 0.10 <= share(c["sex"] == "female") <= 0.20
    assert 0.05 <= share(c["age_group"] == "12-17") <= 0.12
    assert 0.03 <= share(c["foreign_national"]) <= 0.15
    assert 0.25 <= share(c["offence_type"] == "possession_personal") <= 0.45
    assert 0.50 <= share(c["screened"]) <= 0.90
    assert 0.10 <= share(c["measure"] == "custody") <= 0.30
    assert 0.25 <= share(c["referred_to_treatment"]) <= 0.55
    assert 0.20 <= share(c["prior_convictions"] == 0) <= 0.60
    assert 0.35 <= share(c["period"] == "post") <= 0.65
    assert set(c["year_index"]) == {1, 2, 3, 4}
    assert c["district"].nunique() == 12


def test_cohort_is_internally_consistent(tables):
    """Do the cohort's columns agree with each other (NA rules, stages, measures, treatment)?"""
    c = tables["synth_cohort"]
    entered = c["treatment_modality"] != "none"
    female_referred = (c["sex"] == "female") & c["referred_to_treatment"]
    consent_needed = c["referred_to_treatment"] | c["measure"].isin(
        ["conditional_suspension", "suspended_sentence_treatment", "treatment_court"]
    )
    districts = PARAMS["geography"]["districts"]
    assert (c["period"] == c["year_index"].map(lambda y: "post" if y >= 3 else "pre")).all()
    assert (c["region"] == c["district"].map(lambda d: districts[d]["region"])).all()
    assert not (c["pregnant"] & ((c["sex"] != "female") | (c["age_group"] == "50+"))).any()
    assert (c["screen_risk"].isna() == ~c["screened"]).all()
    assert (c["sud_severity"].isna() == ~c["screened"]).all()
    assert not (c["legal_aid_first_hearing"] & ~c["decision_stage"].isin(COURT_STAGES)).any()
    assert ((c["pretrial_days"] > 0) == c["pretrial_detained"]).all()
    assert (c["consent_recorded"].isna() == ~consent_needed).all()
    assert (c["days_to_treatment_entry"].isna() == ~entered).all()
    assert not (entered & ~c["referred_to_treatment"]).any()
    assert (c["women_only_service_offered"].isna() == ~female_referred).all()
    assert (c["retained_90d"].isna() == ~entered).all()
    assert (c["completed"].isna() == ~entered).all()
    assert not (c["completed"].fillna(False) & ~c["retained_90d"].fillna(False)).any()
    assert not ((c["treatment_modality"] == "oat") & ~c["primary_substance"].isin(OPIOIDS)).any()
    assert not ((c["primary_substance"] == "none") & c["referred_to_treatment"]).any()
    assert ((c["technical_violations"] > 0) <= c["measure"].isin(SUPERVISED)).all()
    assert ((c["breach_response"] == "none") == (c["technical_violations"] == 0)).all()
    assert (c["custody_days_total"] >= c["pretrial_days"]).all()
    assert (c.loc[c["measure"] == "custody", "custody_days_total"] > 0).all()
    stage_measures = {
        "police": {"no_further_action", "warning", "caution"},
        "prosecution": {"no_further_action", "conditional_suspension"},
        "pretrial_court": {"pretrial_release", "custody"},
    }
    for stage, allowed in stage_measures.items():
        assert set(c.loc[c["decision_stage"] == stage, "measure"]) <= allowed, stage


def test_children_are_protected(tables):
    """Are children (12-17) rarely in custody or pregnant, and never in OAT or drug driving?"""
    c = tables["synth_cohort"]
    kids = c[c["age_group"] == "12-17"]
    assert (kids["measure"] == "custody").mean() <= 0.03
    assert (kids["treatment_modality"] != "oat").all()
    assert (kids["offence_type"] != "drug_driving").all()
    assert kids["pregnant"].mean() <= 0.02


def test_pathway_agrees_with_cohort(tables):
    """Does every referred person have a pathway that matches their cohort row?"""
    c = tables["synth_cohort"].set_index("person_id")
    e = tables["synth_pathway_events"]
    referred = set(c.index[c["referred_to_treatment"]])
    assert set(e["person_id"]) == referred
    assert not e.duplicated(["person_id", "event"]).any()
    first = e[e["event_seq"] == 1]
    assert (first["event"] == "first_contact").all() and (first["day"] == 0).all()
    assert (e.groupby("person_id")["day"].diff().fillna(0) >= 0).all()
    assert (e.groupby("person_id")["event_seq"].diff().fillna(1) == 1).all()
    assert (e["region"] == e["person_id"].map(c["region"])).all()
    sharing = e["region"].isin(PARAMS["geography"]["sharing_agreement_regions"])
    assert (e["region_has_sharing_agreement"] == sharing).all()
    has = {ev: set(e.loc[e["event"] == ev, "person_id"]) for ev in e["event"].unique()}
    entered = c["treatment_modality"] != "none"
    assert has["treatment_entry"] == set(c.index[entered])
    entry = e[e["event"] == "treatment_entry"].set_index("person_id")["day"]
    assert (entry == c.loc[entry.index, "days_to_treatment_entry"]).all()
    assert has["consent"] == referred & set(c.index[c["consent_recorded"].fillna(False)])
    assert has["screening"] == referred & set(c.index[c["screened"]])
    assert set(c.index[c["legal_aid_first_hearing"]]) & referred <= has["legal_aid_contact"]
    tc = e.groupby("person_id")["pathway"].first() == "treatment_court"
    assert (tc == (c.loc[tc.index, "measure"] == "treatment_court")).all()


def test_programme_log_is_consistent(tables):
    """Does each participant's log run week by week until the last row says they left?"""
    w = tables["synth_programme_weeks"]
    sites = PARAMS["programme"]["sites"]
    starts = PARAMS["programme"]["phase_starts"]
    by = w.groupby("participant_id")
    assert (by["week"].min() == 1).all()
    assert (by["week"].max() == by["week"].count()).all()
    last = by.tail(1)
    assert not last["enrolled_next_week"].any()
    assert w.drop(last.index)["enrolled_next_week"].all()
    assert (w["response_policy"] == w["site"].map(sites)).all()
    phase = w["week"].map(lambda wk: sum(wk >= s for s in starts))
    assert (w["phase"] == phase).all()
    assert ((w["test_result"] == "missed") == (w["test_result"].notna() & ~w["attended"])).all()
    assert not (w["self_reported_use"] & ~w["attended"]).any()
    assert w["participant_id"].nunique() == PARAMS["sizes"]["programme_participants"]
    assert set(w["site"]) == set(sites)


def test_aggregate_tables_are_complete_and_consistent(tables):
    """Are the small tables complete grids with arithmetic that adds up?"""
    r = tables["synth_post_release"]
    rate = (1000 * r["overdose_deaths"] / r["person_weeks"]).round(2)
    assert (rate - r["rate_per_1000_pw"]).abs().max() < 0.006
    for _, group in r.groupby("group"):
        assert group.sort_values("week")["person_weeks"].is_monotonic_decreasing
    cap = tables["synth_service_capacity"]
    assert len(cap.groupby(["region", "modality"])) == 28
    m = tables["synth_strategy_maturity"]
    assert len(m.groupby(["jurisdiction", "component"])) == 24
    for _, row in m.iterrows():
        assert [row["maturity"], row["evidence_note"]] == PARAMS["maturity"][row["jurisdiction"]][
            row["component"]
        ]
