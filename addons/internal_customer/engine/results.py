# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A campaign's results, set-wise: aggregate, suppress, roll up, write.

Takes a cursor and ids, returns nothing but rows in the database; no ORM.
The steps, each one statement or a handful:

1. ``_stage``: the submitted scores of the campaign (``ic_scores``, one row
   per score) and their sums per rating (``ic_ratings``, one row per rating),
   as temporary tables, so that each later step reads them once.
2. ``_employee_cells``: per colleague rated, overall, per dimension and per
   relation type, with the requests, into ``ic_cells`` (raw counts).
3. ``_suppress``: hides the cells from which a hidden one could be computed
   by subtraction (``anonymity.suppress_cells``).
4. ``_rollup_cells``: departments and the company, built only from the cells
   shown, so a roll-up reveals nothing that they do not.
5. ``_write``: upserts the cells into ``internal_customer_result``: a hidden
   figure is written without a number and without a rater count, and a row
   whose figures did not change is not touched (its id, the colleague's answer
   and the improvement actions that point at it stay).
6. ``_copy_comments`` and ``_compare``: anonymous comments, once, and the change
   since the previous campaign where both figures are shown.

Before anything else, the ratings of reciprocal pairs and short rings are
dampened (engine/collusion.py): their scores shifted so that their lead over
the other raters' mean counts at the campaign's weight. Every figure, raw and
calibrated, and the heat map are computed from these scores.

Every figure has its calibrated twin: ``_rater_effects`` estimates each
rater's leniency (``calibration.rater_effects``) and ``ic_scores.adj`` is the
score with it taken out. The
calibrated index is shown exactly when the raw one is, and no rater's effect
is written anywhere.

Recomputing a closed campaign gives the same rows, bit for bit: everything it
reads is frozen at closing (the ratings, the dimension weights copied at
launch, the threshold, the campaign compared with).
"""

from collections import defaultdict, namedtuple

import numpy

from odoo.tools import SQL

from .. import anonymity
from . import calibration, collusion

# The columns that identify a result row (see the unique index in the model).
KEY = SQL(
    "campaign_id, level, COALESCE(employee_id, 0), COALESCE(department_id, 0),"
    " COALESCE(dimension_id, 0), COALESCE(relation_type, '')"
)

FIGURES = [
    "company_id",
    "rater_count",
    "request_count",
    "response_rate",
    "visible",
    "suppressed",
    "mean",
    "index",
    "index_calibrated",
    "satisfaction_rate",
    "top_box_rate",
    "self_mean",
    "self_gap",
]

# Figures of a group of ratings, from ic_ratings.
RATING_STATS = """
           count(*) AS raters,
           sum(sw) / sum(w) AS mean,
           sum(swc) / sum(w) AS cmean,
           100.0 * sum(n4) / sum(n) AS sat,
           100.0 * sum(n5) / sum(n) AS top"""

# Figures of a group of scores, from ic_scores.
SCORE_STATS = """
           count(*) AS raters,
           sum(score * weight) / sum(weight) AS mean,
           sum(adj * weight) / sum(weight) AS cmean,
           100.0 * avg((score >= 4)::int) AS sat,
           100.0 * avg((score = 5)::int) AS top"""


Computed = namedtuple("Computed", "hidden pairs rings shifts effects")


def compute(
    cr,
    campaign_id,
    company_id,
    min_raters,
    previous_id,
    uid,
    calibrate=True,
    damping=1.0,
):
    """Compute and write every result of a campaign. Returns a
    :class:`Computed`: the number of cells hidden to stop a subtraction, the
    numbers of reciprocal pairs and rings found (see engine/collusion.py), the
    shifts of the dampened ratings and the rater effects (``{rater: effect}``,
    in memory only), for the heat map to use the same scores. ``damping`` is the weight of a dampened rating's lead (1: none).
    ``calibrate=False`` leaves every rater effect at zero (the calibrated
    figures equal the raw ones): what the benchmark compares the
    calibration's cost with."""
    pairs, rings, shifts, effects = _stage(cr, campaign_id, calibrate, damping)
    _employee_cells(cr, campaign_id)
    hidden = _suppress(cr, min_raters)
    _rollup_cells(cr, campaign_id)
    _write(cr, campaign_id, company_id, min_raters, uid)
    # The rows just written, before the comparison joins them (autovacuum may
    # be off, or late)
    cr.execute(SQL("ANALYZE internal_customer_result"))
    _copy_comments(cr, campaign_id, uid)
    _compare(cr, campaign_id, previous_id)
    return Computed(hidden, pairs, rings, shifts, effects)


def _stage(cr, campaign_id, calibrate=True, damping=1.0):
    """Stage the scores; returns the pairs, rings and shifts of
    engine/collusion.py."""
    # The ratings changed state since launch: refresh the planner's statistics
    # (a sample, so it stays cheap) or large campaigns get nested loops.
    cr.execute(
        SQL(
            "ANALYZE internal_customer_rating, internal_customer_rating_line,"
            " internal_customer_campaign_dimension"
        )
    )
    # The scores, then the generous ratings among them
    cr.execute(
        SQL(
            """
            DROP TABLE IF EXISTS ic_raw, ic_scores, ic_ratings, ic_cells;
            CREATE TEMP TABLE ic_raw ON COMMIT DROP AS
            SELECT r.id AS rating, r.ratee_id AS ratee, r.rater_id AS rater,
                   COALESCE(r.ratee_department_id, 0) AS dept,
                   COALESCE(r.relation_type, '') AS rtype,
                   l.dimension_id AS dim, l.score::float AS score, d.weight
              FROM internal_customer_rating r
              JOIN internal_customer_rating_line l ON l.rating_id = r.id
              JOIN internal_customer_campaign_dimension d
                ON d.campaign_id = r.campaign_id AND d.dimension_id = l.dimension_id
             WHERE r.campaign_id = %(campaign)s AND r.state = 'submitted'
               AND NOT r.is_self AND l.score IS NOT NULL;
            %(generous)s
            """,
            campaign=campaign_id,
            generous=SQL(collusion.GENEROUS, collusion.MARGIN),
        )
    )
    pairs, rings, shifts = collusion.shifts(cr.fetchall(), damping)
    # The dampened ratings' scores shifted, then read back at once for the
    # calibration
    dampen = SQL(
        """UPDATE ic_raw s SET score = s.score - x.shift
             FROM unnest(%s::int[], %s::float[]) AS x(rating, shift)
            WHERE s.rating = x.rating;""",
        list(shifts),
        list(shifts.values()),
    )
    cr.execute(
        SQL(
            "%s %s",
            dampen if any(shifts.values()) else SQL(""),
            SQL("SELECT ratee, rater, dim, score FROM ic_raw")
            if calibrate
            else SQL("SELECT 1 WHERE FALSE"),
        )
    )
    raters, effects = _rater_effects(cr.fetchall())
    cr.execute(
        SQL(
            """
            CREATE TEMP TABLE ic_scores ON COMMIT DROP AS
            SELECT s.rating, s.ratee, s.dept, s.rtype, s.dim, s.score, s.weight,
                   s.score - COALESCE(e.effect, 0) AS adj
              FROM ic_raw s
              LEFT JOIN unnest(%(raters)s::int[], %(effects)s::float[])
                   AS e(rater, effect) ON e.rater = s.rater;
            DROP TABLE ic_raw;
            CREATE TEMP TABLE ic_ratings ON COMMIT DROP AS
            SELECT rating, ratee, dept, rtype,
                   sum(score * weight) AS sw, sum(adj * weight) AS swc,
                   sum(weight) AS w, count(*) AS n,
                   count(*) FILTER (WHERE score >= 4) AS n4,
                   count(*) FILTER (WHERE score = 5) AS n5
              FROM ic_scores
             GROUP BY rating, ratee, dept, rtype;
            CREATE TEMP TABLE ic_cells (
                level varchar, ratee int, dept int, dim int, rtype varchar,
                requests int, answered int, raters int, mean float, cmean float,
                sat float, top float, self_mean float, visible bool, suppressed bool
            ) ON COMMIT DROP;
            ANALYZE ic_scores, ic_ratings;
            """,
            raters=raters,
            effects=effects,
        )
    )
    return pairs, rings, shifts, dict(zip(raters, effects, strict=True))


def _rater_effects(rows):
    """(rater ids, their effects) from (ratee, rater, dimension, score) rows,
    see engine/calibration.py. They go straight into the statement that adjusts
    the scores: no table keeps them."""
    if not rows:
        return [], []
    ratees, raters, dims, scores = (numpy.array(col) for col in zip(*rows, strict=True))
    # In one order whatever order the rows came in: a recomputation gives the
    # same effects, to the last bit
    order = numpy.lexsort((scores, dims, raters, ratees))
    ratees, raters, dims, scores = (
        ratees[order],
        raters[order],
        dims[order],
        scores[order],
    )
    rater_ids, rater_codes = numpy.unique(raters, return_inverse=True)
    effects = calibration.rater_effects(
        numpy.unique(ratees, return_inverse=True)[1],
        rater_codes,
        numpy.unique(dims, return_inverse=True)[1],
        scores.astype(float),
    )
    return rater_ids.tolist(), effects.tolist()


def _employee_cells(cr, campaign_id):
    cr.execute(
        SQL(
            """
            WITH req AS (
                SELECT ratee_id AS ratee, COALESCE(ratee_department_id, 0) AS dept,
                       COALESCE(relation_type, '') AS rtype, count(*) AS requests,
                       count(*) FILTER (WHERE state = 'submitted') AS answered
                  FROM internal_customer_rating
                 WHERE campaign_id = %(campaign)s AND NOT is_self
                 GROUP BY 1, 2, 3
            ), req_all AS (
                SELECT ratee, dept, sum(requests) AS requests,
                       sum(answered) AS answered
                  FROM req GROUP BY ratee, dept
            ), overall AS (
                SELECT ratee, dept, %(rating_stats)s
                  FROM ic_ratings GROUP BY ratee, dept
            ), by_type AS (
                SELECT ratee, dept, rtype, %(rating_stats)s
                  FROM ic_ratings GROUP BY ratee, dept, rtype
            ), by_dim AS (
                SELECT ratee, dept, dim, %(score_stats)s
                  FROM ic_scores GROUP BY ratee, dept, dim
            ), selfs AS (
                SELECT r.ratee_id AS ratee, COALESCE(l.dimension_id, 0) AS dim,
                       sum(l.score * d.weight) / sum(d.weight) AS mean
                  FROM internal_customer_rating r
                  JOIN internal_customer_rating_line l ON l.rating_id = r.id
                  JOIN internal_customer_campaign_dimension d
                    ON d.campaign_id = r.campaign_id
                   AND d.dimension_id = l.dimension_id
                 WHERE r.campaign_id = %(campaign)s AND r.state = 'submitted'
                   AND r.is_self AND l.score IS NOT NULL
                 GROUP BY GROUPING SETS ((r.ratee_id), (r.ratee_id, l.dimension_id))
            ), dims AS (
                -- Every dimension of the campaign has its row, answered or not:
                -- which rows exist must not tell whether anybody answered.
                SELECT dimension_id AS dim FROM internal_customer_campaign_dimension
                 WHERE campaign_id = %(campaign)s
            )
            INSERT INTO ic_cells
            SELECT 'employee', q.ratee, q.dept, 0, '', q.requests, q.answered,
                   o.raters, o.mean, o.cmean, o.sat, o.top, s.mean, FALSE, FALSE
              FROM req_all q
              LEFT JOIN overall o ON o.ratee = q.ratee AND o.dept = q.dept
              LEFT JOIN selfs s ON s.ratee = q.ratee AND s.dim = 0
            UNION ALL
            SELECT 'employee', q.ratee, q.dept, 0, q.rtype, q.requests, q.answered,
                   t.raters, t.mean, t.cmean, t.sat, t.top, NULL::float, FALSE, FALSE
              FROM req q
              LEFT JOIN by_type t
                ON t.ratee = q.ratee AND t.dept = q.dept AND t.rtype = q.rtype
            UNION ALL
            SELECT 'employee', q.ratee, q.dept, d.dim, '', q.requests, q.answered,
                   b.raters, b.mean, b.cmean, b.sat, b.top, s.mean, FALSE, FALSE
              FROM req_all q
             CROSS JOIN dims d
              LEFT JOIN by_dim b
                ON b.ratee = q.ratee AND b.dept = q.dept AND b.dim = d.dim
              LEFT JOIN selfs s ON s.ratee = q.ratee AND s.dim = d.dim
            """,
            campaign=campaign_id,
            rating_stats=SQL(RATING_STATS),
            score_stats=SQL(SCORE_STATS),
        )
    )


def _suppress(cr, min_raters):
    """Mark the cells below the threshold hidden, then hide more where a
    breakdown (by dimension, by relation type) would give a hidden part away
    by subtraction from the colleague's overall figure."""
    cr.execute(
        SQL(
            "UPDATE ic_cells SET visible = COALESCE(raters, 0) >= %s",
            min_raters,
        )
    )
    cr.execute(
        SQL(
            """SELECT ratee, dim, rtype, COALESCE(raters, 0), visible
                 FROM ic_cells WHERE dim != 0 OR rtype != ''"""
        )
    )
    families = defaultdict(dict)
    for ratee, dim, rtype, count, visible in cr.fetchall():
        family = (ratee, "dimension" if dim else "type")
        families[family][(ratee, dim, rtype)] = (count, visible)
    # One colleague's dimensions are scored by the same raters: their hidden
    # ones count each rater once (relation types split the raters, so counts add)
    overlapping = sorted(
        ratee
        for (ratee, kind), cells in families.items()
        if kind == "dimension"
        and any(count and not visible for count, visible in cells.values())
    )
    raters = defaultdict(frozenset)
    if overlapping:
        cr.execute(
            SQL(
                """SELECT ratee, dim, array_agg(rating) FROM ic_scores
                    WHERE ratee = ANY(%s) GROUP BY ratee, dim""",
                overlapping,
            )
        )
        raters.update(
            ((ratee, dim), frozenset(ids)) for ratee, dim, ids in cr.fetchall()
        )
    overlapping = set(overlapping)
    to_hide = []
    for (ratee, kind), cells in families.items():
        if kind == "dimension" and ratee in overlapping:
            to_hide += anonymity.suppress_sets(
                {
                    key: (raters[(key[0], key[1])], visible)
                    for key, (_count, visible) in cells.items()
                },
                min_raters,
            )
        else:
            to_hide += anonymity.suppress_cells(cells, min_raters)
    if to_hide:
        ratees, dims, rtypes = map(list, zip(*sorted(to_hide), strict=True))
        cr.execute(
            SQL(
                """
                UPDATE ic_cells c SET visible = FALSE, suppressed = TRUE
                  FROM unnest(%s::int[], %s::int[], %s::varchar[]) AS h(ratee, dim, rtype)
                 WHERE c.level = 'employee' AND c.ratee = h.ratee AND c.dim = h.dim
                   AND c.rtype = h.rtype
                """,
                ratees,
                dims,
                rtypes,
            )
        )
    return len(to_hide)


def _rollup_cells(cr, campaign_id):
    """Departments and the company, from the ratee cells that are shown: their
    figures and their request counts alike (a department's requests minus
    those of the colleagues shown would otherwise tell about a hidden one).
    Which rows exist depends on the requests only, never on the answers."""
    cr.execute(
        SQL(
            """
            WITH shown AS (
                SELECT ratee, dim, rtype FROM ic_cells
                 WHERE level = 'employee' AND visible
            ), all_ratings AS (
                SELECT r.* FROM ic_ratings r
                  JOIN shown s ON s.ratee = r.ratee AND s.dim = 0 AND s.rtype = ''
            ), type_ratings AS (
                SELECT r.* FROM ic_ratings r
                  JOIN shown s ON s.ratee = r.ratee AND s.dim = 0 AND s.rtype = r.rtype
            ), dim_scores AS (
                SELECT c.* FROM ic_scores c
                  JOIN shown s ON s.ratee = c.ratee AND s.dim = c.dim AND s.rtype = ''
            ), figures AS (
                SELECT GROUPING(dept) AS lvl, COALESCE(dept, 0) AS dept, 0 AS dim,
                       '' AS rtype, %(rating_stats)s
                  FROM all_ratings GROUP BY GROUPING SETS ((dept), ())
                UNION ALL
                SELECT GROUPING(dept), COALESCE(dept, 0), 0, rtype, %(rating_stats)s
                  FROM type_ratings GROUP BY GROUPING SETS ((dept, rtype), (rtype))
                UNION ALL
                SELECT GROUPING(dept), COALESCE(dept, 0), dim, '', %(score_stats)s
                  FROM dim_scores GROUP BY GROUPING SETS ((dept, dim), (dim))
            ), reqs AS (
                SELECT COALESCE(r.ratee_department_id, 0) AS dept,
                       COALESCE(r.relation_type, '') AS rtype, r.state,
                       a.ratee IS NOT NULL AS all_shown,
                       t.ratee IS NOT NULL AS type_shown
                  FROM internal_customer_rating r
                  LEFT JOIN shown a
                    ON a.ratee = r.ratee_id AND a.dim = 0 AND a.rtype = ''
                  LEFT JOIN shown t
                    ON t.ratee = r.ratee_id AND t.dim = 0
                   AND t.rtype = COALESCE(r.relation_type, '')
                 WHERE r.campaign_id = %(campaign)s AND NOT r.is_self
            ), req_all AS (
                SELECT GROUPING(dept) AS lvl, COALESCE(dept, 0) AS dept,
                       count(*) FILTER (WHERE all_shown) AS requests,
                       count(*) FILTER (WHERE all_shown AND state = 'submitted')
                           AS answered
                  FROM reqs GROUP BY GROUPING SETS ((dept), ())
            ), req_type AS (
                SELECT GROUPING(dept) AS lvl, COALESCE(dept, 0) AS dept, rtype,
                       count(*) FILTER (WHERE type_shown) AS requests,
                       count(*) FILTER (WHERE type_shown AND state = 'submitted')
                           AS answered
                  FROM reqs GROUP BY GROUPING SETS ((dept, rtype), (rtype))
            ), dims AS (
                SELECT dimension_id AS dim FROM internal_customer_campaign_dimension
                 WHERE campaign_id = %(campaign)s
            )
            INSERT INTO ic_cells
            SELECT CASE WHEN q.lvl = 0 THEN 'department' ELSE 'company' END,
                   0, q.dept, 0, '', q.requests, q.answered,
                   f.raters, f.mean, f.cmean, f.sat, f.top, NULL::float, FALSE, FALSE
              FROM req_all q
              LEFT JOIN figures f ON f.lvl = q.lvl AND f.dept = q.dept
               AND f.rtype = '' AND f.dim = 0
             WHERE NOT (q.lvl = 0 AND q.dept = 0)
            UNION ALL
            SELECT CASE WHEN q.lvl = 0 THEN 'department' ELSE 'company' END,
                   0, q.dept, 0, q.rtype, q.requests, q.answered,
                   f.raters, f.mean, f.cmean, f.sat, f.top, NULL::float, FALSE, FALSE
              FROM req_type q
              LEFT JOIN figures f ON f.lvl = q.lvl AND f.dept = q.dept
               AND f.rtype = q.rtype AND f.dim = 0
             WHERE NOT (q.lvl = 0 AND q.dept = 0)
            UNION ALL
            SELECT CASE WHEN q.lvl = 0 THEN 'department' ELSE 'company' END,
                   0, q.dept, d.dim, '', q.requests, q.answered,
                   f.raters, f.mean, f.cmean, f.sat, f.top, NULL::float, FALSE, FALSE
              FROM req_all q
             CROSS JOIN dims d
              LEFT JOIN figures f ON f.lvl = q.lvl AND f.dept = q.dept
               AND f.rtype = '' AND f.dim = d.dim
             WHERE NOT (q.lvl = 0 AND q.dept = 0)
            """,
            campaign=campaign_id,
            rating_stats=SQL(RATING_STATS),
            score_stats=SQL(SCORE_STATS),
        )
    )


def _write(cr, campaign_id, company_id, min_raters, uid):
    """Upsert the cells; a hidden figure keeps no number and no rater count,
    and a group of fewer requests than the threshold no request count."""
    figures = SQL(", ").join(SQL.identifier(name) for name in FIGURES)
    excluded = SQL(", ").join(SQL("EXCLUDED.%s", SQL.identifier(n)) for n in FIGURES)
    current = SQL(", ").join(
        SQL("internal_customer_result.%s", SQL.identifier(n)) for n in FIGURES
    )
    cr.execute(
        SQL(
            """
            UPDATE ic_cells SET visible = COALESCE(raters, 0) >= %(k)s
             WHERE level != 'employee';
            INSERT INTO internal_customer_result (
                campaign_id, level, employee_id, department_id, dimension_id,
                relation_type, %(figures)s,
                create_uid, create_date, write_uid, write_date)
            SELECT %(campaign)s, c.level, NULLIF(c.ratee, 0), NULLIF(c.dept, 0),
                   NULLIF(c.dim, 0), NULLIF(c.rtype, ''), %(company)s,
                   CASE WHEN c.visible THEN c.raters END,
                   CASE WHEN c.requests >= %(k)s THEN c.requests END,
                   CASE WHEN c.visible AND c.requests > 0
                        THEN 100.0 * c.answered / c.requests END,
                   c.visible, c.suppressed,
                   CASE WHEN c.visible THEN c.mean END,
                   CASE WHEN c.visible THEN (c.mean - 1) / 4 * 100 END,
                   -- rounded below any figure shown: summing the adjusted scores
                   -- in another order must not change the stored figure
                   CASE WHEN c.visible
                        THEN round(((GREATEST(LEAST(c.cmean, 5), 1) - 1) / 4 * 100)
                                   ::numeric, 6)::float END,
                   CASE WHEN c.visible THEN c.sat END,
                   CASE WHEN c.visible THEN c.top END,
                   CASE WHEN c.visible THEN c.self_mean END,
                   CASE WHEN c.visible THEN c.mean - c.self_mean END,
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
              FROM ic_cells c
            ON CONFLICT (%(key)s) DO UPDATE
               SET (%(figures)s, write_uid, write_date)
                 = (%(excluded)s, EXCLUDED.write_uid, EXCLUDED.write_date)
             WHERE (%(current)s) IS DISTINCT FROM (%(excluded)s);
            DELETE FROM internal_customer_result res
             WHERE res.campaign_id = %(campaign)s
               AND NOT EXISTS (
                   SELECT 1 FROM ic_cells c
                    WHERE c.level = res.level
                      AND c.ratee = COALESCE(res.employee_id, 0)
                      AND c.dept = COALESCE(res.department_id, 0)
                      AND c.dim = COALESCE(res.dimension_id, 0)
                      AND c.rtype = COALESCE(res.relation_type, ''));
            """,
            k=min_raters,
            figures=figures,
            excluded=excluded,
            current=current,
            key=KEY,
            campaign=campaign_id,
            company=company_id,
            uid=uid,
        )
    )


def _copy_comments(cr, campaign_id, uid):
    """Comments without their author, once per campaign, for the colleagues
    whose results are shown: all with the same stamp, in random order."""
    cr.execute(
        SQL(
            """
            WITH shown AS MATERIALIZED (
                SELECT ratee FROM ic_cells
                 WHERE level = 'employee' AND visible AND dim = 0 AND rtype = ''
            )
            INSERT INTO internal_customer_comment (
                campaign_id, company_id, employee_id, kind, body, sort_key,
                create_uid, create_date, write_uid, write_date)
            SELECT r.campaign_id, r.company_id, r.ratee_id, c.kind, trim(c.body),
                   md5(random()::text), %(uid)s, now() AT TIME ZONE 'UTC',
                   %(uid)s, now() AT TIME ZONE 'UTC'
              FROM internal_customer_rating r
             CROSS JOIN LATERAL (VALUES ('positive', r.comment_positive),
                                        ('improve', r.comment_improve)) AS c(kind, body)
             WHERE r.campaign_id = %(campaign)s AND r.state = 'submitted'
               AND NOT r.is_self AND trim(COALESCE(c.body, '')) != ''
               AND r.ratee_id IN (SELECT ratee FROM shown)
               AND NOT EXISTS (SELECT 1 FROM internal_customer_comment x
                                WHERE x.campaign_id = %(campaign)s)
             ORDER BY random()
            """,
            campaign=campaign_id,
            uid=uid,
        )
    )


def _compare(cr, campaign_id, previous_id):
    """The change since the previous campaign, for every figure shown in both
    (so it reveals nothing new); empty everywhere else."""
    cr.execute(
        SQL(
            """
            UPDATE internal_customer_result cur
               SET previous_index = cmp.previous, index_change = cmp.change
              FROM (
                  SELECT c.id, p.index AS previous, c.index - p.index AS change
                    FROM internal_customer_result c
                    LEFT JOIN internal_customer_result p
                      ON p.campaign_id = %(previous)s AND p.visible AND c.visible
                     AND p.level = c.level
                     AND COALESCE(p.employee_id, 0) = COALESCE(c.employee_id, 0)
                     AND COALESCE(p.department_id, 0) = COALESCE(c.department_id, 0)
                     AND COALESCE(p.dimension_id, 0) = COALESCE(c.dimension_id, 0)
                     AND COALESCE(p.relation_type, '') = COALESCE(c.relation_type, '')
                   WHERE c.campaign_id = %(campaign)s
              ) cmp
             WHERE cur.id = cmp.id
               AND (cur.previous_index, cur.index_change)
                   IS DISTINCT FROM (cmp.previous, cmp.change)
            """,
            campaign=campaign_id,
            previous=previous_id or 0,
        )
    )
