"""Do the real, authored and stand-in tables keep the promises CURRICULUM §5.1 makes for them?"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import frictionless
import pytest

from sudjustice.paths import bibliography_path
from sudjustice.references import load_references

DESCRIPTORS = Path(__file__).resolve().parents[2] / "datasets" / "datapackage.json"

# Columns as CURRICULUM §5.1 lists them (the evidence table adds `pin` after `source_key`); the
# stand-ins carry the columns of the real files they replace.
COLUMNS = {
    "real_evidence_summary": [
        "row_id", "source_key", "pin", "intervention", "population", "comparison", "outcome",
        "metric", "estimate", "ci_low", "ci_high", "n_studies", "quality_tier", "notes",
        "verified_by", "verified_on",
    ],
    "real_context_figures": [
        "figure_id", "description", "value", "unit", "year", "source_key", "page", "verified_by",
    ],
    "indicator_catalogue": [
        "indicator_id", "name", "level", "definition", "numerator", "denominator",
        "disaggregation", "data_source", "frequency", "related_sources", "computable_from",
    ],
    "stage_measure_matrix": [
        "measure_id", "measure_name", "stage", "tokyo_rule", "treaty_basis", "consent_required",
        "restrictiveness", "typical_conditions", "key_risks", "needs_sud",
    ],
    "glossary": ["term", "definition", "first_module", "related_terms"],
    "synth_drug_law_offences": [
        "country", "year", "offence_category", "reports", "source_table", "notes", "retrieved_on",
    ],
    "synth_unsentenced": [
        "geo_code", "country_or_area", "m49_region", "year", "sex", "unsentenced_pct", "source",
        "retrieved_on",
    ],
}  # fmt: skip

ROW_RANGE = {
    "real_evidence_summary": (5, 10),
    "real_context_figures": (1, 10),
    "indicator_catalogue": (16, 16),
    "stage_measure_matrix": (20, 35),  # "~25" in the spec
    "synth_drug_law_offences": (30, 1000),
    "synth_unsentenced": (30, 2000),
}

# CURRICULUM §6, in order. The glossary must define every one of these.
SECTION_6_TERMS = [
    "Aftercare", "Alternative to conviction or punishment", "Alternative to imprisonment",
    "ASSIST", "Bangkok Rules", "Beijing Rules", "Brief intervention", "Case management",
    "Caution (police)", "Community service order", "Compulsory drug detention centre",
    "Conditional discharge", "Conditional suspension of prosecution", "Confidentiality",
    "Contingency management", "Continuity of care", "Co-occurring disorders", "Deflection",
    "Dependence", "Detection window", "Diversion", "Drug law offence", "Drug treatment court",
    "Electronic monitoring", "Equivalence of care", "Fine / day-fine", "Gender-responsive",
    "Graduated responses", "Harm reduction", "Harmful use", "Home detention", "Indicator",
    "Informed consent", "Intent-to-treat", "Legal aid", "Logic model", "Minimum intervention",
    "Minor nature (offence of a)", "Naloxone", "Nelson Mandela Rules", "Net-widening",
    "Non-custodial measure", "Opioid agonist treatment (OAT)", "Overdose", "Parole",
    "Peer support / peer navigator", "Pre-sentence (social inquiry) report",
    "Pre-trial detention", "Proportionality", "Proximal and distal goals",
    "Quasi-compulsory treatment", "Recovery", "Recovery capital", "Relapse", "Restitution",
    "Restorative justice", "Risk–need–responsivity (RNR)", "Screening", "Social reintegration",
    "Substance use disorder (SUD)", "Suspended sentence", "Throughcare", "Tokyo Rules",
    "Tolerance", "Trauma-informed", "Victim–offender mediation", "Warm handoff", "Withdrawal",
]  # fmt: skip
# Terms the glossary adds to §6 (to be mirrored there by the lead).
ADDED_TERMS = {"Person-first language"}

# Columns of the synthetic files as CURRICULUM §5.2 lists them (the files are made elsewhere).
SYNTHETIC_COLUMNS = {
    "synth_cohort": {
        "person_id", "year_index", "period", "region", "district", "sex", "age_group",
        "dependent_children", "pregnant", "foreign_national", "housing", "offence_type",
        "offence_gravity", "prior_convictions", "primary_substance", "screened", "screen_risk",
        "sud_severity", "cooccurring_mh", "risk_level", "legal_aid_first_hearing",
        "decision_stage", "pretrial_detained", "pretrial_days", "measure", "intensity",
        "consent_recorded", "referred_to_treatment", "days_to_treatment_entry",
        "treatment_modality", "women_only_service_offered", "retained_90d", "completed",
        "technical_violations", "breach_response", "custody_days_total", "rearrest_12m",
        "overdose_nonfatal_12m", "hiv_test_offered", "hcv_test_offered",
    },
    "synth_pathway_events": {
        "person_id", "event_seq", "event", "day", "agency", "pathway", "region",
        "region_has_sharing_agreement",
    },
}  # fmt: skip

# Stigmatising labels (FACTS.md §0). "clean"/"dirty" are banned outright: the tables have no
# innocent use for them, and the wording for tests is "tested negative"/"tested positive".
STIGMA = re.compile(
    r"\b(addicts?|addicted|abusers?|drug abuse|substance abuse|junkies?|alcoholics?|clean|dirty)\b",
    re.IGNORECASE,
)
# The only places allowed to name those words: definitions that explain why they are avoided.
EXPLAINS_AVOIDED_WORDS = {("glossary", "Person-first language")}

# Tokyo Rules provisions whose text FACTS.md records as seen (G07, G14, G15); others stay empty.
VERIFIED_TOKYO_RULES = {"3.4"} | {f"8.2({letter})" for letter in "abcdefghijklm"}
FACT_ID = re.compile(r"^FACTS\.md [A-Z]\d{2}(; [A-Z]\d{2})*$")


def _descriptors() -> dict[str, dict]:
    resources = json.loads(DESCRIPTORS.read_text(encoding="utf-8"))["resources"]
    return {d["name"]: d for d in resources}


def _header(root: Path, name: str) -> list[str]:
    with (root / "datasets" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def _rows(root: Path, name: str) -> list[dict[str, str]]:
    with (root / "datasets" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


@pytest.fixture(scope="module")
def references(root: Path) -> set[str]:
    return set(load_references(bibliography_path(root)))


def test_one_descriptor_per_file():
    """Does the data package describe each of the seven files exactly once?"""
    resources = json.loads(DESCRIPTORS.read_text(encoding="utf-8"))["resources"]
    names = [r["name"] for r in resources]
    assert all(names.count(name) == 1 for name in COLUMNS)


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_file_matches_its_schema(root: Path, name: str):
    """Does the file pass Frictionless validation against its own descriptor?"""
    resource = frictionless.Resource(_descriptors()[name], basepath=str(root / "datasets"))
    report = resource.validate()
    errors = [
        f"line {getattr(e, 'row_number', '-')} {getattr(e, 'field_name', '-')}: {e.message}"
        for task in report.tasks
        for e in task.errors
    ]
    assert report.valid, errors + [e.message for e in report.errors]


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_descriptor_follows_the_package_model(name: str, references: set[str]):
    """Does the descriptor carry the same keys as real_treaty_provisions, plus provenance?"""
    descriptor = _descriptors()[name]
    assert descriptor["path"] == f"{name}.csv"
    assert (descriptor["format"], descriptor["encoding"]) == ("csv", "utf-8")
    assert descriptor["title"] and descriptor["description"]
    assert [f["name"] for f in descriptor["schema"]["fields"]] == COLUMNS[name]
    assert descriptor["schema"]["primaryKey"]
    for source in descriptor["sources"]:
        assert source["title"] and source["key"] in references
    provenance = descriptor["sudjustice"]
    assert provenance["attribution"]
    if name.startswith("synth_"):
        assert provenance["kind"] == "synthetic"
        assert provenance["generator"] == "hand-made stand-in"
        assert provenance["attribution"] == "Synthetic data — for teaching only"
        assert provenance["stands_in_for"]["key"] in references
        assert descriptor["sources"] == []  # no real source behind invented values
    else:
        assert provenance["kind"] == ("real" if name.startswith("real_") else "authored")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", provenance["retrieved_on"])
        assert descriptor["sources"]


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_columns_are_the_curriculum_columns(root: Path, name: str):
    """Are the header's columns exactly those CURRICULUM §5.1 names, in order?"""
    assert _header(root, name) == COLUMNS[name]


@pytest.mark.parametrize("name", sorted(ROW_RANGE))
def test_row_count_is_as_specified(root: Path, name: str):
    """Does each table have the number of rows the curriculum expects?"""
    low, high = ROW_RANGE[name]
    assert low <= len(_rows(root, name)) <= high


@pytest.mark.parametrize("name", ["real_evidence_summary", "real_context_figures"])
def test_every_source_key_resolves(root: Path, name: str, references: set[str]):
    """Is every row's source key an entry of book/references.bib?"""
    missing = [r["source_key"] for r in _rows(root, name) if r["source_key"] not in references]
    assert missing == []


def test_every_related_source_resolves(root: Path, references: set[str]):
    """Is every key listed against an indicator an entry of book/references.bib?"""
    keys = {k for row in _rows(root, "indicator_catalogue") for k in _split(row["related_sources"])}
    assert keys and keys <= references, sorted(keys - references)


@pytest.mark.parametrize(
    ("name", "pin"), [("real_evidence_summary", "pin"), ("real_context_figures", "page")]
)
def test_every_real_figure_has_pinpoint_and_fact_id(root: Path, name: str, pin: str):
    """Does every real figure say where in the source it was read and which checked fact it is?"""
    for row in _rows(root, name):
        assert row[pin].strip(), row
        assert FACT_ID.match(row["verified_by"]), row["verified_by"]


def test_confidence_intervals_bracket_the_estimate(root: Path):
    """Is a confidence interval either absent or complete and around its estimate?"""
    for row in _rows(root, "real_evidence_summary"):
        low, high = row["ci_low"], row["ci_high"]
        assert bool(low) == bool(high), row["row_id"]
        if low:
            assert float(low) <= float(row["estimate"]) <= float(high), row["row_id"]


def test_evidence_rows_are_dated(root: Path):
    """Was every evidence row verified on the recorded review date?"""
    assert {r["verified_on"] for r in _rows(root, "real_evidence_summary")} == {"2026-11-23"}


def test_glossary_covers_section_6_once_each(root: Path):
    """Does the glossary define every §6 term exactly once, and is every added term used?"""
    terms = [row["term"] for row in _rows(root, "glossary")]
    assert len(terms) == len(set(terms))
    assert set(SECTION_6_TERMS) <= set(terms)
    content = "\n".join(
        p.read_text("utf-8")
        for pattern in (
            "modules/**/*.md",
            "book/*.md",
            "exercises/cases/*.yaml",
            "exercises/items/*.yaml",
        )
        for p in root.glob(pattern)
    ).lower()
    unused = [
        term
        for term in set(terms) - set(SECTION_6_TERMS) - ADDED_TERMS
        if re.sub(r"\s*\(.*\)", "", term).lower() not in content
        and f"<{term.lower()}>" not in content
    ]
    assert unused == []


def test_glossary_cross_references_resolve(root: Path):
    """Do related terms name other glossary terms, and first modules name real modules?"""
    rows = _rows(root, "glossary")
    terms = {row["term"] for row in rows}
    for row in rows:
        related = _split(row["related_terms"])
        assert related, row["term"]
        assert set(related) <= terms - {row["term"]}, (row["term"], set(related) - terms)
        assert re.fullmatch(r"m(0\d|1[0-3])", row["first_module"]), row["term"]


def _stigmatising_cells(root: Path) -> list[tuple[str, str, str]]:
    """(file, row key, matched word) for every stigmatising label in any text cell."""
    found = []
    for name in COLUMNS:
        for row in _rows(root, name):
            key = next(iter(row.values()))
            for value in row.values():
                found += [(name, key, m.group(0)) for m in STIGMA.finditer(value)]
    return found


def test_language_is_person_first(root: Path):
    """Are labels such as "addict", "abuser", "junkie", "clean" and "dirty" absent everywhere?"""
    offending = [hit for hit in _stigmatising_cells(root) if hit[:2] not in EXPLAINS_AVOIDED_WORDS]
    assert offending == []


def test_avoided_words_appear_only_to_explain_avoiding_them(root: Path):
    """Does each allowed exception really explain why the words are avoided?"""
    definitions = {row["term"]: row["definition"] for row in _rows(root, "glossary")}
    for name, term in EXPLAINS_AVOIDED_WORDS:
        assert name == "glossary"
        text = definitions[term]
        assert STIGMA.search(text), f"{term}: exception no longer needed; remove it"
        assert "avoid" in text.lower() and "stigmatis" in text.lower()


def test_indicators_i01_to_i16_are_all_present(root: Path):
    """Is every indicator of the minimum set, I01 to I16, in the catalogue?"""
    ids = [row["indicator_id"] for row in _rows(root, "indicator_catalogue")]
    assert sorted(ids) == [f"I{n:02d}" for n in range(1, 17)]


def test_catalogue_has_safeguard_and_unintended_indicators(root: Path):
    """Can a capstone M&E plan draw a safeguard and an unintended-effect indicator from it?"""
    levels = {row["level"] for row in _rows(root, "indicator_catalogue")}
    assert {"safeguard", "unintended", "equity", "outcome", "process"} <= levels


def test_computable_from_names_synthetic_columns(root: Path):
    """Does every indicator name only files and columns that CURRICULUM §5.2 defines?"""
    columns = {  # once the generated files exist, hold the catalogue to their headers too
        file: names & set(_header(root, file))
        if (root / "datasets" / f"{file}.csv").exists()
        else names
        for file, names in SYNTHETIC_COLUMNS.items()
    }
    for row in _rows(root, "indicator_catalogue"):
        spec = row["computable_from"]
        if spec.startswith("none: "):
            continue
        for part in _split(spec):
            file, _, names = part.partition(": ")
            assert file in columns, (row["indicator_id"], file)
            named = {c.strip() for c in names.split(",")}
            assert named <= columns[file], (row["indicator_id"], named - columns[file])


def test_restrictiveness_is_on_the_one_to_six_scale(root: Path):
    """Is every measure scored 1 to 6, with both ends of the scale used?"""
    scores = [int(row["restrictiveness"]) for row in _rows(root, "stage_measure_matrix")]
    assert all(1 <= s <= 6 for s in scores)
    assert {1, 6} <= set(scores)


def test_every_stage_has_measures_and_a_light_option(root: Path):
    """Does every stage offer measures, and do the early stages offer a do-nothing option?"""
    rows = _rows(root, "stage_measure_matrix")
    stages = {"pre_arrest", "pre_trial", "trial", "sentencing", "post_sentencing"}
    assert {row["stage"] for row in rows} == stages
    for stage in ("pre_arrest", "pre_trial"):
        assert min(int(r["restrictiveness"]) for r in rows if r["stage"] == stage) == 1


def test_tokyo_rules_cited_only_where_verified(root: Path):
    """Does the matrix cite only Tokyo Rules provisions whose text was seen?"""
    cited = {
        rule for row in _rows(root, "stage_measure_matrix") for rule in _split(row["tokyo_rule"])
    }
    assert cited <= VERIFIED_TOKYO_RULES, sorted(cited - VERIFIED_TOKYO_RULES)


def test_treaty_basis_names_coded_provisions(root: Path):
    """Does every treaty basis point at a provision in real_treaty_provisions.csv?"""
    provisions = {row["provision_id"] for row in _rows(root, "real_treaty_provisions")}
    for row in _rows(root, "stage_measure_matrix"):
        assert set(_split(row["treaty_basis"])) <= provisions, row["measure_id"]


def test_treatment_measures_need_consent(root: Path):
    """Does every measure that presupposes a substance use disorder require consent?"""
    for row in _rows(root, "stage_measure_matrix"):
        if row["needs_sud"] == "true":
            assert row["consent_required"] == "yes", row["measure_id"]


def test_drug_law_stand_in_is_labelled_synthetic(root: Path):
    """Could anyone mistake the drug-law-offence stand-in for real countries or real data?"""
    for row in _rows(root, "synth_drug_law_offences"):
        assert re.fullmatch(r"Country \d+", row["country"]), row["country"]
        assert row["source_table"] == "synthetic stand-in"
        assert row["notes"].startswith("Synthetic stand-in")
        assert row["retrieved_on"] == ""


def test_unsentenced_stand_in_is_labelled_synthetic(root: Path):
    """Could anyone mistake the unsentenced-detention stand-in for real countries or real data?"""
    for row in _rows(root, "synth_unsentenced"):
        assert re.fullmatch(r"X[A-Z]\d", row["geo_code"]), row["geo_code"]  # never an ISO code
        assert row["country_or_area"].startswith("Country ")
        assert row["m49_region"].startswith("Region ")
        assert row["source"] == "synthetic"
        assert row["retrieved_on"] == ""


def test_each_stand_in_names_the_real_file_it_replaces():
    """Does each stand-in say which real file a learner's own download would replace it with?"""
    for name in COLUMNS:
        descriptor = _descriptors()[name]
        if descriptor["sudjustice"]["kind"] == "synthetic":
            real = descriptor["sudjustice"]["stands_in_for"]["path"]
            assert real.startswith("real_") and real != descriptor["path"]
