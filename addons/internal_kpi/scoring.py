# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Scorecard maths with no ORM: achievement, weighting, fallback, confidence.

The ORM layer (``models/``) reads results and rules, calls these functions and
writes what they return; nothing here touches the database, so every rule can
be tested alone (``tests/test_scoring.py``).
"""

from dataclasses import dataclass

NEUTRAL_SCORE = 50.0

# How far a scorecard's figures can be trusted. A band is given only to a
# complete scorecard: every line that counts has a value.
COMPLETE = "complete"
PROVISIONAL = "provisional"
NO_DATA = "no_data"
SCORE_STATUSES = [
    (COMPLETE, "Complete"),
    (PROVISIONAL, "Provisional"),
    (NO_DATA, "No data yet"),
]

# What to do with an internal-customer KPI below the anonymity threshold.
FALLBACKS = [
    ("redistribute", "Spread its weight over the other KPIs"),
    ("neutral", "Count it as 50"),
    ("exclude", "Leave it out of the final score"),
]


@dataclass
class Line:
    """One scorecard line as the engine sees it."""

    key: object
    weight: float
    score: float | None  # 0..cap, None when there is no value
    below_threshold: bool = False  # an internal-customer KPI without enough raters


def achievement(actual, target, direction="higher", cap=100.0):
    """Score 0..cap of ``actual`` against ``target``.

    Higher is better: actual / target. Lower is better: target / actual. A
    zero target on a "higher" KPI, or a zero actual on a "lower" one, means
    the target is met at once: full cap.
    """
    if actual is None or target is None:
        return None
    if direction == "lower":
        if actual <= 0:
            return float(cap)
        ratio = target / actual
    else:
        if target <= 0:
            return float(cap)
        ratio = actual / target
    return max(0.0, min(float(cap), ratio * 100.0))


def combine_relation_types(indices, weights):
    """Weighted index over the relation types that have a shown value.

    ``indices`` maps a type to its index (or None when hidden); ``weights``
    maps a type to its weight. Types without a weight count 0; the weights of
    the types present are normalised, so a missing type never drags the
    index down. Returns None when no weighted type has a value.
    """
    pairs = [
        (weights.get(kind, 0.0), index)
        for kind, index in indices.items()
        if index is not None and weights.get(kind, 0.0) > 0
    ]
    total = sum(w for w, _ in pairs)
    if not total:
        return None
    return sum(w * index for w, index in pairs) / total


def shrink(index, raters, prior, strength):
    """Pull an index built from few raters toward ``prior``.

    A Bayesian average: as if ``strength`` extra raters had given the prior.
    With many raters the index barely moves; with few it moves a lot.
    """
    if index is None or prior is None or strength <= 0:
        return index
    return (raters * index + strength * prior) / (raters + strength)


def apply_fallback(lines, fallback):
    """Resolve the lines below the anonymity threshold; return new lines.

    - ``redistribute``: their weight is spread over the other valued lines, in
      proportion to those lines' weights (the weights still sum to the same
      total);
    - ``neutral``: they count with a score of 50;
    - ``exclude``: they keep their weight but no value, and the final score
      ignores them.
    """
    if fallback not in ("redistribute", "neutral", "exclude"):
        raise ValueError(f"unknown fallback {fallback!r}")
    out = []
    if fallback == "neutral":
        for line in lines:
            score = NEUTRAL_SCORE if line.below_threshold else line.score
            out.append(Line(line.key, line.weight, score, line.below_threshold))
        return out
    if fallback == "exclude":
        return [
            Line(
                line.key,
                line.weight,
                None if line.below_threshold else line.score,
                line.below_threshold,
            )
            for line in lines
        ]
    freed = sum(line.weight for line in lines if line.below_threshold)
    receivers = [
        line for line in lines if not line.below_threshold and line.score is not None
    ]
    base = sum(line.weight for line in receivers)
    for line in lines:
        if line.below_threshold:
            out.append(Line(line.key, 0.0, None, True))
        elif base and line in receivers:
            out.append(
                Line(line.key, line.weight + freed * line.weight / base, line.score)
            )
        else:
            out.append(Line(line.key, line.weight, line.score))
    return out


def final_score(lines, cap=100.0):
    """sum(weight * score) / sum(weights of the lines that have a value)."""
    valued = [line for line in lines if line.score is not None and line.weight > 0]
    total = sum(line.weight for line in valued)
    if not total:
        return None
    score = sum(line.weight * line.score for line in valued) / total
    return max(0.0, min(float(cap), score))


def band_for(score, thresholds):
    """The band whose minimum is the highest one not above ``score``.

    ``thresholds`` is an iterable of ``(minimum, band)``. Returns None when
    the score is None or below every minimum.
    """
    if score is None:
        return None
    best = None
    for minimum, band in sorted(thresholds, key=lambda item: item[0]):
        if score >= minimum:
            best = band
    return best


def line_score(below_threshold, fallback, actual, target, direction, cap):
    """A scorecard line's score: its achievement, or the fallback's below the
    threshold (50 when neutral, no value otherwise)."""
    if below_threshold:
        return NEUTRAL_SCORE if fallback == "neutral" else None
    return achievement(actual, target, direction, cap or 100.0)


def effective_weights(lines, fallback):
    """{key: (effective weight, weighted points or None)} for a card's lines,
    given as :class:`Line` (weight as set, score from :func:`line_score`)."""
    resolved = apply_fallback(
        [
            Line(
                line.key,
                line.weight,
                line.score,
                line.below_threshold and fallback != "neutral",
            )
            for line in lines
        ],
        fallback or "redistribute",
    )
    return {
        r.key: (r.weight, None if r.score is None else r.weight * r.score / 100.0)
        for r in resolved
    }


def completeness(lines):
    """How complete a card is, from its lines (effective weight, score and
    whether they are below the anonymity threshold):

    - ``no_data``: no line that counts has a measured value (a fallback's 50
      is not a measurement), or the card has no line;
    - ``provisional``: some line that counts (weight above 0, not below the
      threshold) has no value yet, e.g. a manual KPI not filled in;
    - ``complete``: every line that counts has a value.
    """
    counted = [x for x in lines if x.weight > 0 and not x.below_threshold]
    if not any(x.score is not None for x in counted):
        return NO_DATA
    if any(x.score is None for x in counted):
        return PROVISIONAL
    return COMPLETE


def card_scores(lines, cap, adjustment, thresholds):
    """(computed score, final score, band, completeness) of a card whose lines
    carry their effective weight, score and below-threshold flag.

    The final score adds the manager's adjustment, within 0 and the cap. A
    card with no measured value has no score; a provisional one has a score
    (marked provisional) but no band, so that no analysis counts it.
    """
    status = completeness(lines)
    base = final_score(lines, cap=cap) if status != NO_DATA else None
    if base is None:
        return None, None, None, NO_DATA
    final = max(0.0, min(cap, base + (adjustment or 0.0)))
    band = band_for(final, thresholds) if status == COMPLETE else None
    return base, final, band, status
