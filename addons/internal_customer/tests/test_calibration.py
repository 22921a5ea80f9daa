# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Rater calibration (engine only, not yet in the product): on synthetic
campaigns with a known truth, taking each rater's leniency out brings the
ratee's mean closer to their true quality."""

import sys

import numpy

from odoo.tests import BaseCase, tagged

from ..engine import calibration


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

    def test_nothing_in_nothing_out(self):
        self.assertEqual(len(calibration.rater_effects([], [], [], [])), 0)
