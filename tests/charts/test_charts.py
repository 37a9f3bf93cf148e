"""Are course charts accessible and renderable without a kernel?"""

from __future__ import annotations

import json
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from sudjustice import charts
from sudjustice.charts import provision_features, provision_heatmap
from sudjustice.charts.render import VEGALITE_MIME, renderer
from sudjustice.data import load


@pytest.fixture(scope="module")
def provisions() -> pd.DataFrame:
    return load("real_treaty_provisions", Path(__file__).resolve().parents[2])


def test_features_follow_the_coding(provisions):
    """Does the grid say 3(4)(b) only adds, and 3(4)(c) needs a minor case but not drug use?"""
    grid = provision_features(provisions).set_index(["provision", "feature"]).answer
    assert grid["1988 art. 3(4)(b)", "Instead of conviction or punishment"] == "no"
    assert grid["1988 art. 3(4)(b)", "In addition to conviction or punishment"] == "yes"
    assert grid["1988 art. 3(4)(c)", "Only for cases of a minor nature"] == "yes"
    assert grid["1988 art. 3(4)(c)", "Only if the person uses drugs"] == "no"
    assert grid["1961 art. 36(1)(b)", "Only if the person uses drugs"] == "yes"


def test_book_output_has_description_table_and_inert_spec(provisions):
    """Does the book output carry alt text, a data table and a spec that cannot break out?"""
    bundle = provision_heatmap(provisions)._repr_mimebundle_()
    html = bundle["text/html"]
    assert bundle[VEGALITE_MIME]["description"] in html
    assert "<table" in html and "Data table" in html
    spec_text = html.split('class="sudj-chart-spec">', 1)[1].split("</script>", 1)[0]
    assert json.loads(spec_text)["title"]["text"] == "What each treaty flexibility allows"


def test_chart_without_description_is_refused():
    """Is a chart with no text alternative refused by the course renderer?"""
    spec = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x").to_dict()
    with pytest.raises(ValueError, match="description"):
        renderer(spec)


def test_chart_data_must_say_where_it_comes_from():
    """Is a chart on data that did not come through the loader refused (no label to show)?"""
    with pytest.raises(ValueError, match="source note"):
        provision_heatmap(pd.DataFrame(columns=["treaty_key", "article", "paragraph", "relation"]))


def test_chart_subtitle_is_the_source_note(provisions):
    """Does the treaty chart carry its dataset's attribution under the title?"""
    spec = provision_heatmap(provisions).to_dict()
    assert spec["title"]["subtitle"] == provisions.attrs["source_note"]
    assert "course authors" in spec["title"]["subtitle"]


SYNTHETIC_CHARTS = {
    "screening_profile": "synth_cohort",
    "retention_by_policy": "synth_programme_weeks",
    "post_release_deaths": "synth_post_release",
    "capacity_gap": "synth_service_capacity",
}


def _rows(spec: dict) -> list[dict]:
    return next(iter(spec["datasets"].values()))


@pytest.mark.parametrize(("chart", "table"), SYNTHETIC_CHARTS.items())
def test_synthetic_charts_are_labelled_and_small(chart, table):
    """Does every chart on synthetic data say so, describe itself and embed only aggregates?"""
    spec = getattr(charts, chart)(load(table)).to_dict()
    assert spec["title"]["subtitle"] == "Synthetic data — for teaching only"
    assert len(spec["description"]) > 60
    assert 0 < len(_rows(spec)) <= 200


def test_retention_chart_shows_the_custody_gap():
    """Does the retention chart show fewer people left at custodial sites by week 13?"""
    rows = pd.DataFrame(_rows(charts.retention_by_policy(load("synth_programme_weeks")).to_dict()))
    week13 = rows[rows.week == 13].set_index("policy").still_enrolled
    assert (
        week13["Graduated, therapeutic responses"] - week13["Custody for early positive tests"]
        > 0.1
    )


def test_post_release_chart_peaks_early():
    """Is the highest death rate in the first two weeks after release?"""
    rows = pd.DataFrame(_rows(charts.post_release_deaths(load("synth_post_release")).to_dict()))
    assert rows.loc[rows.rate_per_1000_pw.idxmax(), "week"] <= 2
