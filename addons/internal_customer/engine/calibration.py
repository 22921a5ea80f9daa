# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Rater calibration: how lenient or strict each rater is, and each ratee's
scores with that taken out.

The model is additive: ``score = mean + ratee + rater + dimension + noise``.
It is fitted by alternating least squares, the rater effects shrunk toward
zero by empirical Bayes: a rater's effect is their mean residual times
``n / (n + sigma2 / tau2)``, where ``n`` is their number of scores, ``sigma2``
the noise variance and ``tau2`` the variance of true rater effects, both
estimated from the data at each pass (method of moments). A rater with few
scores thus moves little from zero. Pure numpy, no model or table: the
estimates never leave this module.

The results engine (engine/results.py) calls it when a campaign closes.
"""

import numpy

PASSES = 30


def _means(index, values, size):
    counts = numpy.bincount(index, minlength=size)
    sums = numpy.bincount(index, weights=values, minlength=size)
    with numpy.errstate(invalid="ignore", divide="ignore"):
        return numpy.where(counts > 0, sums / numpy.maximum(counts, 1), 0.0), counts


def rater_effects(ratees, raters, dimensions, scores, passes=PASSES):
    """The shrunken effect of each rater, from parallel arrays of integer
    codes (0..n-1) and scores. Returns an array indexed by rater code."""
    ratees = numpy.asarray(ratees)
    raters = numpy.asarray(raters)
    dimensions = numpy.asarray(dimensions)
    scores = numpy.asarray(scores, dtype=float)
    if not len(scores):
        return numpy.zeros(0)
    n_ratee, n_rater, n_dim = ratees.max() + 1, raters.max() + 1, dimensions.max() + 1
    mean = scores.mean()
    ratee = numpy.zeros(n_ratee)
    rater = numpy.zeros(n_rater)
    dim = numpy.zeros(n_dim)
    for _pass in range(passes):
        ratee, _n = _means(
            ratees, scores - mean - rater[raters] - dim[dimensions], n_ratee
        )
        dim, _n = _means(
            dimensions, scores - mean - ratee[ratees] - rater[raters], n_dim
        )
        residual = scores - mean - ratee[ratees] - dim[dimensions]
        raw, counts = _means(raters, residual, n_rater)
        noise = residual - raw[raters]
        sigma2 = max(float((noise**2).sum()) / max(len(scores) - n_rater, 1), 1e-6)
        rated = counts > 0
        tau2 = float(raw[rated].var()) - float((sigma2 / counts[rated]).mean())
        tau2 = max(tau2, 1e-6)
        rater = numpy.where(rated, counts / (counts + sigma2 / tau2) * raw, 0.0)
    return rater


def calibrated_means(ratees, raters, dimensions, scores, passes=PASSES):
    """Each ratee's mean score with their raters' effects taken out, clipped
    to the 1-5 scale: an array indexed by ratee code (NaN for a ratee with no
    score)."""
    ratees = numpy.asarray(ratees)
    raters = numpy.asarray(raters)
    scores = numpy.asarray(scores, dtype=float)
    effects = rater_effects(ratees, raters, dimensions, scores, passes)
    adjusted = scores - effects[raters]
    counts = numpy.bincount(ratees)
    sums = numpy.bincount(ratees, weights=adjusted)
    with numpy.errstate(invalid="ignore", divide="ignore"):
        means = sums / counts
    return numpy.clip(means, 1.0, 5.0)
