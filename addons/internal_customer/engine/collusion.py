# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reciprocal pairs and short rings: colleagues who rate each other
generously.

A rating is *generous* when its mean is at least :data:`MARGIN` above the
mean of the other ratings the same colleague got in the campaign (a colleague
rated by one person has nothing to compare with). A *reciprocal pair* is two
generous ratings in both directions (A rates B, B rates A); a *ring* three in
a circle (A rates B, B rates C, C rates A). Every rating of a pair or a ring
is *dampened*: its lead over the others' mean counts at the campaign's weight
(one half by default), by shifting all its scores down by the same amount.

Shifting the scores rather than lowering the rating's weight keeps every
figure's weights what they would have been: a department's figure stays the
same weighted average of its colleagues' figures, so comparing the two tells
nothing about where a rating was dampened.

Only counts leave this module (the campaign keeps them for HR, hidden below
the threshold); the ratings concerned go, as shifts, into the statements that
compute the campaign's results and heat map, and are kept nowhere.
"""

from collections import defaultdict

from odoo.tools import SQL

# How far above the others' mean (on the 1-5 scale) a rating is generous
MARGIN = 1.0

# The generous ratings of the staged scores (results.py's ic_raw): the
# rating, its rater, its ratee, its mean and the others' mean.
GENEROUS = """
    WITH means AS (
        SELECT rating, rater, ratee, sum(score * weight) / sum(weight) AS m
          FROM ic_raw GROUP BY rating, rater, ratee
    ), totals AS (
        SELECT ratee, sum(m) AS s, count(*) AS n FROM means GROUP BY ratee
    )
    SELECT m.rating, m.rater, m.ratee, m.m, (t.s - m.m) / (t.n - 1)
      FROM means m JOIN totals t ON t.ratee = m.ratee
     WHERE t.n > 1 AND m.m - (t.s - m.m) / (t.n - 1) >= %s
     ORDER BY m.rating
"""


def groups(edges):
    """The reciprocal pairs and the rings among generous ratings.

    ``edges``: ``(rating, rater, ratee)`` triples. Returns ``(pairs, rings)``,
    each a sorted list of tuples of rating ids; a pair or a ring is counted
    once, whatever rating it starts from (two colleagues with two relations
    may have two ratings each way: they make one pair)."""
    ratings = defaultdict(list)
    follows = defaultdict(set)
    for rating, rater, ratee in edges:
        ratings[(rater, ratee)].append(rating)
        follows[rater].add(ratee)
    pairs, rings = [], []
    for (a, b), ids in sorted(ratings.items()):
        if a < b and (b, a) in ratings:
            pairs.append(tuple(sorted(ids + ratings[(b, a)])))
        for c in sorted(follows.get(b, ())):
            # a -> b -> c -> a, counted from its smallest colleague
            if c != a and a < b and a < c and (c, a) in ratings:
                rings.append(tuple(sorted(ids + ratings[(b, c)] + ratings[(c, a)])))
    return sorted(pairs), sorted(rings)


def shifts(rows, weight):
    """``rows``: :data:`GENEROUS`'s. Returns ``(pairs, rings, {rating: shift})``:
    the counts, and how much to take off each score of a dampened rating so
    that its lead over the others' mean counts at ``weight``."""
    pairs, rings = groups((rating, rater, ratee) for rating, rater, ratee, *_ in rows)
    lead = {rating: mean - others for rating, _a, _b, mean, others in rows}
    dampened = {rating for group in pairs + rings for rating in group}
    return (
        len(pairs),
        len(rings),
        {rating: (1.0 - weight) * lead[rating] for rating in sorted(dampened)},
    )


def store_counts(cr, campaign_id, k, pairs, rings):
    """Keep the campaign's counts for HR, each only when it reaches the
    threshold ``k`` (a smaller count is stored as nothing at all)."""
    cr.execute(
        SQL(
            """UPDATE internal_customer_campaign
                  SET reciprocal_pair_count = %(pairs)s,
                      reciprocal_ring_count = %(rings)s
                WHERE id = %(campaign)s""",
            pairs=pairs if pairs >= k else None,
            rings=rings if rings >= k else None,
            campaign=campaign_id,
        )
    )
