# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The scorecard maths alone: no database (scoring.py)."""

import math

from hypothesis import given
from hypothesis import strategies as st

from odoo.tests import BaseCase, tagged

from odoo.addons.internal_customer.tests.property import prop

from .. import scoring
from ..scoring import Line

scores = st.floats(min_value=0, max_value=120, allow_nan=False)
weights = st.floats(min_value=0.5, max_value=100, allow_nan=False)
line_lists = st.lists(st.tuples(weights, scores), min_size=1, max_size=8)


def _by_hand(lines, cap):
    """The weighted mean of the lines that have a value, capped: the formula of
    PRODUCT.md written again, independently of scoring.py."""
    valued = [(w, s) for w, s in lines if s is not None]
    if not valued:
        return None
    mean = sum(w * s for w, s in valued) / sum(w for w, _s in valued)
    return max(0.0, min(cap, mean))


@tagged("post_install", "-at_install")
class TestScoring(BaseCase):
    def test_achievement_higher_and_lower_is_better(self):
        self.assertEqual(scoring.achievement(80, 100), 80)
        self.assertEqual(scoring.achievement(150, 100, cap=120), 120)
        self.assertEqual(scoring.achievement(3, 3, "lower"), 100)
        self.assertEqual(scoring.achievement(6, 3, "lower"), 50)
        self.assertEqual(scoring.achievement(0, 3, "lower", cap=120), 120)
        self.assertIsNone(scoring.achievement(None, 3))
        self.assertEqual(scoring.achievement(-5, 10), 0)

    def test_relation_types_are_weighted_over_those_present(self):
        weights = {"functional": 50, "process": 30, "upward": 20}
        self.assertAlmostEqual(
            scoring.combine_relation_types(
                {"functional": 80, "process": 60, "upward": 40}, weights
            ),
            66.0,
        )
        # upward hidden: its weight is not counted as a zero
        self.assertAlmostEqual(
            scoring.combine_relation_types(
                {"functional": 80, "process": 60, "upward": None}, weights
            ),
            (50 * 80 + 30 * 60) / 80,
        )
        self.assertIsNone(scoring.combine_relation_types({"project": 70}, weights))

    def test_shrink_toward_the_mean(self):
        self.assertEqual(scoring.shrink(90, 3, 60, 3), 75)
        self.assertAlmostEqual(scoring.shrink(90, 27, 60, 3), 87)
        self.assertEqual(scoring.shrink(90, 3, None, 3), 90)
        self.assertEqual(scoring.shrink(90, 3, 60, 0), 90)

    def test_fallbacks(self):
        lines = [
            Line("ic", 40, None, below_threshold=True),
            Line("a", 30, 80),
            Line("b", 30, 100),
        ]
        spread = scoring.apply_fallback(lines, "redistribute")
        self.assertEqual([x.weight for x in spread], [0, 50, 50])
        self.assertEqual(scoring.final_score(spread), 90)
        neutral = scoring.apply_fallback(lines, "neutral")
        self.assertEqual(neutral[0].score, 50)
        self.assertAlmostEqual(
            scoring.final_score(neutral), (40 * 50 + 30 * 80 + 30 * 100) / 100
        )
        excluded = scoring.apply_fallback(lines, "exclude")
        self.assertEqual((excluded[0].weight, excluded[0].score), (40, None))
        self.assertEqual(scoring.final_score(excluded), 90)
        with self.assertRaises(ValueError):
            scoring.apply_fallback(lines, "ignore")
        self.assertEqual(
            [key for key, _label in scoring.FALLBACKS],
            ["redistribute", "neutral", "exclude"],
        )

    def test_final_score_ignores_lines_without_value(self):
        self.assertEqual(
            scoring.final_score([Line("a", 50, 80), Line("b", 50, None)]), 80
        )
        self.assertIsNone(scoring.final_score([Line("a", 50, None)]))

    def test_completeness(self):
        done, prov, none = scoring.COMPLETE, scoring.PROVISIONAL, scoring.NO_DATA
        self.assertEqual(scoring.completeness([]), none)
        self.assertEqual(scoring.completeness([Line("a", 70, 80)]), done)
        # A manual KPI still empty: provisional
        self.assertEqual(
            scoring.completeness([Line("a", 30, 80), Line("b", 70, None)]), prov
        )
        # Below the threshold: it does not count, whatever the fallback's value
        self.assertEqual(
            scoring.completeness([Line("a", 30, 80), Line("b", 70, 50.0, True)]),
            done,
        )
        self.assertEqual(
            scoring.completeness([Line("a", 30, 80), Line("b", 0.0, None, True)]),
            done,
        )
        # Only the neutral fallback's 50: nothing was measured
        self.assertEqual(scoring.completeness([Line("b", 100, 50.0, True)]), none)
        self.assertEqual(
            scoring.completeness([Line("a", 50, None), Line("b", 50, None)]), none
        )

    def test_only_a_complete_card_gets_a_band(self):
        bands = [(0, "low"), (60, "mid"), (90, "high")]
        self.assertEqual(
            scoring.card_scores([Line("a", 100, 95)], 120, 0, bands),
            (95, 95, "high", "complete"),
        )
        self.assertEqual(
            scoring.card_scores(
                [Line("a", 30, 95), Line("b", 70, None)], 120, 5, bands
            ),
            (95, 100, None, "provisional"),
        )
        self.assertEqual(
            scoring.card_scores([Line("b", 100, 50.0, True)], 120, 0, bands),
            (None, None, None, "no_data"),
        )

    def test_bands(self):
        bands = [(0, "low"), (60, "mid"), (90, "high")]
        self.assertEqual(scoring.band_for(59.99, bands), "low")
        self.assertEqual(scoring.band_for(60, bands), "mid")
        self.assertEqual(scoring.band_for(120, bands), "high")
        self.assertIsNone(scoring.band_for(None, bands))
        self.assertIsNone(scoring.band_for(-1, bands))

    @prop
    @given(
        lines=st.lists(st.tuples(weights, st.none() | scores), min_size=1, max_size=8)
    )
    def test_final_score_is_the_weighted_mean_of_valued_lines(self, lines):
        result = scoring.final_score(
            [Line(i, w, s) for i, (w, s) in enumerate(lines)], cap=120
        )
        expected = _by_hand(lines, 120)
        if expected is None:
            self.assertIsNone(result)
        else:
            self.assertTrue(math.isclose(result, expected, rel_tol=1e-9, abs_tol=1e-9))

    @prop
    @given(lines=line_lists, factor=st.floats(min_value=0.01, max_value=1000))
    def test_scaling_all_weights_changes_nothing(self, lines, factor):
        base = scoring.final_score(
            [Line(i, w, s) for i, (w, s) in enumerate(lines)], cap=120
        )
        scaled = scoring.final_score(
            [Line(i, w * factor, s) for i, (w, s) in enumerate(lines)], cap=120
        )
        self.assertTrue(math.isclose(base, scaled, rel_tol=1e-9, abs_tol=1e-9))

    @prop
    @given(
        lines=line_lists,
        index=st.integers(min_value=0, max_value=7),
        bump=st.floats(0.01, 50),
    )
    def test_raising_one_score_never_lowers_the_final(self, lines, index, bump):
        if index >= len(lines):
            return
        before = [Line(i, w, s) for i, (w, s) in enumerate(lines)]
        after = [
            Line(i, w, min(120.0, s + bump) if i == index else s)
            for i, (w, s) in enumerate(lines)
        ]
        low = scoring.final_score(before, cap=120)
        high = scoring.final_score(after, cap=120)
        self.assertGreaterEqual(high, low - 1e-9)
        if lines[index][1] + bump <= 120:
            self.assertGreater(high, low)

    @prop
    @given(
        lines=st.lists(
            st.tuples(weights, scores, st.booleans()), min_size=2, max_size=8
        )
    )
    def test_redistribution_keeps_the_weights_total(self, lines):
        if all(below for _w, _s, below in lines):
            return
        total = sum(w for w, _s, _b in lines)
        items = [
            Line(i, w, None if below else s, below)
            for i, (w, s, below) in enumerate(lines)
        ]
        spread = scoring.apply_fallback(items, "redistribute")
        self.assertTrue(
            math.isclose(sum(x.weight for x in spread), total, rel_tol=1e-9)
        )
        self.assertTrue(all(x.weight == 0 for x in spread if x.below_threshold))
        # Each valued line keeps its share of the valued weights
        valued = sum(w for w, _s, below in lines if not below)
        for line, (w, _s, below) in zip(spread, lines, strict=True):
            if not below:
                self.assertTrue(
                    math.isclose(line.weight, w * total / valued, rel_tol=1e-9)
                )
