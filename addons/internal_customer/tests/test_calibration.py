# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Rater calibration: on synthetic campaigns with a known truth, taking each
rater's leniency out brings the ratee's mean closer to their true quality; in
a closed campaign, every result has its calibrated index, shown exactly when
the raw one is."""

import sys

import numpy
from hypothesis import given
from hypothesis import strategies as st

from odoo import Command
from odoo.tests import BaseCase, tagged

from ..engine import calibration
from .common import InternalCustomerCase
from .property import prop

# Small campaigns: (ratee, rater, dimension, score) rows, scores 1 to 5
campaigns = st.lists(
    st.tuples(
        st.integers(0, 5), st.integers(0, 7), st.integers(0, 2), st.integers(1, 5)
    ),
    min_size=1,
    max_size=60,
)


def _columns(rows):
    ratees, raters, dims, scores = (numpy.array(c) for c in zip(*rows, strict=True))
    codes = [numpy.unique(c, return_inverse=True)[1] for c in (ratees, raters, dims)]
    return (*codes, scores.astype(float))


def _campaign(seed, leniency_sd=0.6):
    """300 ratees of true quality N(3.2, 0.5), each rated by 6 to 10 of 300
    raters of leniency N(0, leniency_sd), on six dimensions, plus noise
    N(0, 0.5); scores rounded and clipped to 1-5 as a rater gives them."""
    rng = numpy.random.default_rng(seed)
    quality = rng.normal(3.2, 0.5, 300)
    leniency = rng.normal(0.0, leniency_sd, 300)
    dimension = rng.normal(0.0, 0.2, 6)
    rows = numpy.array(
        [
            (ratee, rater, dim)
            for ratee in range(300)
            for rater in rng.choice(300, rng.integers(6, 11), replace=False)
            for dim in range(6)
        ]
    )
    true = quality[rows[:, 0]] + leniency[rows[:, 1]] + dimension[rows[:, 2]]
    scores = numpy.clip(numpy.rint(true + rng.normal(0.0, 0.5, len(rows))), 1, 5)
    return rows, scores, quality, leniency


def _raw_means(rows, scores):
    return numpy.bincount(rows[:, 0], weights=scores) / numpy.bincount(rows[:, 0])


@tagged("post_install", "-at_install")
class TestCalibration(BaseCase):
    def test_calibrated_means_follow_the_truth_better_than_raw_ones(self):
        for seed in range(3):
            rows, scores, quality, leniency = _campaign(seed)
            raw = numpy.corrcoef(_raw_means(rows, scores), quality)[0, 1]
            fitted = calibration.calibrated_means(
                rows[:, 0], rows[:, 1], rows[:, 2], scores
            )
            calibrated = numpy.corrcoef(fitted, quality)[0, 1]
            effects = calibration.rater_effects(
                rows[:, 0], rows[:, 1], rows[:, 2], scores
            )
            found = numpy.corrcoef(effects, leniency)[0, 1]
            # The figures the README quotes (pytest -s shows them)
            sys.stdout.write(
                f"calibration, synthetic campaign {seed}: correlation with the "
                f"true quality raw {raw:.3f}, calibrated {calibrated:.3f}; "
                f"rater effects against the true leniency {found:.3f}\n"
            )
            self.assertGreater(calibrated, raw + 0.04, seed)
            self.assertGreater(found, 0.9, seed)

    def test_a_rater_with_few_scores_moves_little(self):
        """A harsh rater with a single score is shrunk toward zero (about half
        here: noise and rater variances are alike); raters with dozens of
        scores keep nearly all of their residual."""
        rows, scores, _quality, _leniency = _campaign(0)
        lone = rows[:, 1].max() + 1
        rows = numpy.vstack([rows, [[0, lone, 0]]])
        scores = numpy.append(scores, 1.0)
        effects = calibration.rater_effects(rows[:, 0], rows[:, 1], rows[:, 2], scores)
        others = (rows[:-1, 0] == 0) & (rows[:-1, 2] == 0)
        residual = 1.0 - scores[:-1][others].mean()
        self.assertLess(effects[lone], 0.0)
        self.assertLess(abs(effects[lone]), 0.7 * abs(residual))

    def test_fair_raters_change_little(self):
        rows, scores, _quality, _leniency = _campaign(1, leniency_sd=0.0)
        raw = _raw_means(rows, scores)
        fitted = calibration.calibrated_means(
            rows[:, 0], rows[:, 1], rows[:, 2], scores
        )
        self.assertLess(float(numpy.abs(fitted - raw).max()), 0.25)
        self.assertGreater(numpy.corrcoef(fitted, raw)[0, 1], 0.98)

    @prop
    @given(rows=campaigns, data=st.data())
    def test_the_order_of_the_scores_changes_nothing(self, rows, data):
        shuffled = data.draw(st.permutations(rows))
        self.assertTrue(
            numpy.allclose(
                calibration.rater_effects(*_columns(rows)),
                calibration.rater_effects(*_columns(shuffled)),
                atol=1e-9,
            )
        )

    @prop
    @given(rows=campaigns, shift=st.floats(-2, 2))
    def test_a_campaign_wide_shift_is_nobody_s_leniency(self, rows, shift):
        """Everybody scoring one point higher moves the mean, not the raters."""
        ratees, raters, dims, scores = _columns(rows)
        self.assertTrue(
            numpy.allclose(
                calibration.rater_effects(ratees, raters, dims, scores),
                calibration.rater_effects(ratees, raters, dims, scores + shift),
                atol=1e-6,
            )
        )

    @prop
    @given(rows=campaigns)
    def test_effects_are_finite_and_means_stay_on_the_scale(self, rows):
        ratees, raters, dims, scores = _columns(rows)
        effects = calibration.rater_effects(ratees, raters, dims, scores)
        self.assertEqual(len(effects), raters.max() + 1)
        self.assertTrue(numpy.isfinite(effects).all())
        # No rater's effect exceeds the spread of the scale
        self.assertTrue((numpy.abs(effects) <= 4.0 + 1e-9).all())
        means = calibration.calibrated_means(ratees, raters, dims, scores)
        self.assertTrue(((means >= 1.0) & (means <= 5.0)).all())

    def test_nothing_in_nothing_out(self):
        self.assertEqual(len(calibration.rater_effects([], [], [], [])), 0)


@tagged("post_install", "-at_install")
class TestCalibratedResults(InternalCustomerCase):
    """Sue, Sid and Sol score Ivy 4, Ian 3 and Bea 4. Sam is harsh: he gives
    1 to Ivy, Ian and Hana, and does not rate Bea. Hana serves only Sam and
    Sue: two raters, below the threshold of 3."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for provider in cls.ivy | cls.it_lead:
            for customer in cls.sales:
                cls._relation(provider, customer)
        for customer in cls.sue | cls.sid | cls.sol:
            cls._relation(cls.boss, customer)
        for customer in cls.sam | cls.sue:
            cls._relation(cls.hr_employee, customer)
        cls.campaign = cls._campaign(
            dimension_ids=[Command.set((cls.dim_quality | cls.dim_response).ids)],
            min_raters=3,
        )
        cls.campaign.action_launch()
        fair = {cls.ivy: 4, cls.it_lead: 3, cls.boss: 4, cls.hr_employee: 4}
        for rating in cls._ratings(cls, cls.campaign):
            score = 1 if rating.rater_id == cls.sam else fair[rating.ratee_id]
            cls._rate(cls, rating, score)
        cls.campaign.action_close()
        cls.results = cls.env["internal.customer.result"].search(
            [("campaign_id", "=", cls.campaign.id)]
        )

    def _overall(self, employee):
        return self.results.filtered(
            lambda r: r.employee_id == employee and r._is_overall()
        )

    def test_a_harsh_rater_no_longer_lowers_those_they_rate(self):
        """Ivy and Bea get the same scores from the raters they share; only
        Ivy met Sam. Raw, she is far behind; calibrated, nearly level."""
        ivy, ian, bea = map(self._overall, (self.ivy, self.it_lead, self.boss))
        self.assertAlmostEqual(ivy.index, 56.25, places=4)  # (1 + 3 * 4) / 4
        self.assertAlmostEqual(bea.index, 75.0, places=4)
        self.assertLess(abs(bea.index_calibrated - ivy.index_calibrated), 5.0)
        self.assertGreater(ivy.index_calibrated, ivy.index)
        self.assertLess(bea.index_calibrated, bea.index)
        # Who is better served stays: Ian's fair score is lower
        self.assertLess(ian.index_calibrated, ivy.index_calibrated - 10)

    def test_the_calibrated_index_is_shown_exactly_when_the_index_is(self):
        hana = self._overall(self.hr_employee)
        self.assertFalse(hana.visible)
        self.assertFalse(hana.index_calibrated)
        self.assertTrue(self.results.filtered("visible"))
        self.assertTrue(self.results.filtered(lambda r: not r.visible))
        for result in self.results:
            self.assertEqual(
                result.index is False,
                result.index_calibrated is False,
                (result.level, result.employee_id.name, result.dimension_id.name),
            )
            if result.visible:
                self.assertTrue(0.0 <= result.index_calibrated <= 100.0)

    def test_no_rater_effect_outlives_the_computation(self):
        """The effects live in one statement's parameters: no table, not even
        a temporary one, keeps them."""
        self.campaign.action_compute_results()
        self.env.cr.execute("SELECT to_regclass('ic_raw'), to_regclass('ic_effects')")
        self.assertEqual(self.env.cr.fetchone(), (None, None))
        self.env.cr.execute(
            """SELECT attrelid::regclass::text, attname FROM pg_attribute
                WHERE attname ILIKE '%lenien%' OR attname ILIKE '%rater_effect%'"""
        )
        self.assertEqual(self.env.cr.fetchall(), [])
