# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pure-Python tests of the scorecard engine (no database)."""

import math

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from odoo.addons.internal_kpi import scoring
from odoo.addons.internal_kpi.scoring import Line

PROPERTY = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def test_achievement_higher_and_lower_is_better():
    assert scoring.achievement(80, 100) == 80
    assert scoring.achievement(150, 100, cap=120) == 120
    assert scoring.achievement(3, 3, "lower") == 100
    assert scoring.achievement(6, 3, "lower") == 50
    assert scoring.achievement(0, 3, "lower", cap=120) == 120
    assert scoring.achievement(None, 3) is None
    assert scoring.achievement(-5, 10) == 0


def test_relation_types_are_weighted_over_those_present():
    weights = {"functional": 50, "process": 30, "upward": 20}
    assert scoring.combine_relation_types(
        {"functional": 80, "process": 60, "upward": 40}, weights
    ) == pytest.approx(66.0)
    # upward hidden: its weight is not counted as a zero
    assert scoring.combine_relation_types(
        {"functional": 80, "process": 60, "upward": None}, weights
    ) == pytest.approx((50 * 80 + 30 * 60) / 80)
    assert scoring.combine_relation_types({"project": 70}, weights) is None


def test_shrink_toward_the_mean():
    assert scoring.shrink(90, 3, 60, 3) == 75
    assert scoring.shrink(90, 27, 60, 3) == pytest.approx(87)
    assert scoring.shrink(90, 3, None, 3) == 90
    assert scoring.shrink(90, 3, 60, 0) == 90


def test_fallbacks():
    lines = [
        Line("ic", 40, None, below_threshold=True),
        Line("a", 30, 80),
        Line("b", 30, 100),
    ]
    spread = scoring.apply_fallback(lines, "redistribute")
    assert [x.weight for x in spread] == [0, 50, 50]
    assert scoring.final_score(spread) == 90
    neutral = scoring.apply_fallback(lines, "neutral")
    assert neutral[0].score == 50
    assert scoring.final_score(neutral) == pytest.approx(
        (40 * 50 + 30 * 80 + 30 * 100) / 100
    )
    excluded = scoring.apply_fallback(lines, "exclude")
    assert excluded[0].weight == 40 and excluded[0].score is None
    assert scoring.final_score(excluded) == 90
    with pytest.raises(ValueError):
        scoring.apply_fallback(lines, "ignore")


def test_final_score_ignores_lines_without_value():
    assert scoring.final_score([Line("a", 50, 80), Line("b", 50, None)]) == 80
    assert scoring.final_score([Line("a", 50, None)]) is None


def test_bands():
    bands = [(0, "low"), (60, "mid"), (90, "high")]
    assert scoring.band_for(59.99, bands) == "low"
    assert scoring.band_for(60, bands) == "mid"
    assert scoring.band_for(120, bands) == "high"
    assert scoring.band_for(None, bands) is None
    assert scoring.band_for(-1, bands) is None


scores = st.floats(min_value=0, max_value=120, allow_nan=False)
weights = st.floats(min_value=0.5, max_value=100, allow_nan=False)
line_lists = st.lists(st.tuples(weights, scores), min_size=1, max_size=8)


@PROPERTY
@given(lines=line_lists)
def test_final_score_stays_within_bounds(lines):
    result = scoring.final_score(
        [Line(i, w, s) for i, (w, s) in enumerate(lines)], cap=120
    )
    assert 0 <= result <= 120


@PROPERTY
@given(lines=line_lists, factor=st.floats(min_value=0.01, max_value=1000))
def test_scaling_all_weights_changes_nothing(lines, factor):
    base = scoring.final_score(
        [Line(i, w, s) for i, (w, s) in enumerate(lines)], cap=120
    )
    scaled = scoring.final_score(
        [Line(i, w * factor, s) for i, (w, s) in enumerate(lines)], cap=120
    )
    assert math.isclose(base, scaled, rel_tol=1e-9, abs_tol=1e-9)


@PROPERTY
@given(
    lines=line_lists,
    index=st.integers(min_value=0, max_value=7),
    bump=st.floats(0.01, 50),
)
def test_raising_one_score_never_lowers_the_final(lines, index, bump):
    assume(index < len(lines))
    before = [Line(i, w, s) for i, (w, s) in enumerate(lines)]
    after = [
        Line(i, w, min(120.0, s + bump) if i == index else s)
        for i, (w, s) in enumerate(lines)
    ]
    low = scoring.final_score(before, cap=120)
    high = scoring.final_score(after, cap=120)
    assert high >= low - 1e-9
    if lines[index][1] + bump <= 120:
        assert high > low


@PROPERTY
@given(
    lines=st.lists(st.tuples(weights, scores, st.booleans()), min_size=2, max_size=8)
)
def test_redistribution_keeps_the_weights_total(lines):
    assume(any(not below for _w, _s, below in lines))
    total = sum(w for w, _s, _b in lines)
    items = [
        Line(i, w, None if below else s, below) for i, (w, s, below) in enumerate(lines)
    ]
    spread = scoring.apply_fallback(items, "redistribute")
    assert math.isclose(sum(x.weight for x in spread), total, rel_tol=1e-9)
    assert all(x.weight == 0 for x in spread if x.below_threshold)
    # Normalised to 100, as on a scorecard
    assert math.isclose(
        sum(x.weight * 100 / total for x in spread), 100.0, rel_tol=1e-9
    )
