# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Which requests a campaign creates, set-wise, at most once.

Takes a cursor and a :class:`Launch` (the campaign's settings as plain
values); no ORM. A campaign asks every internal customer (the rater) to rate
the providers of their approved relations in scope, at most ``cap`` of them,
chosen by relation weight, then deterministically by a hash of the campaign
and the relation. Every insert is ``ON CONFLICT DO NOTHING`` on a unique key,
so that a launch cut short and run again completes the work and never
duplicates a request; :func:`step` launches the next raters without a request
and says how many remain, for the launches that run in the background.

Feedback given between campaigns (a rating without a campaign, *held*) is
adopted by the first launch whose requests include its pair and whose period
covers the day it was given: :func:`adopt_held` makes it that campaign's
answer for the relation, stamped with the launch's time like every other
adopted one, so that nothing tells when it was given.
"""

from dataclasses import dataclass

from odoo.tools import SQL

BATCH = 2000


@dataclass(frozen=True)
class Launch:
    campaign_id: int
    company_id: int
    date_start: object
    deadline: object
    cap: int
    allow_self: bool
    dimension_ids: tuple
    providers: tuple | None  # None: the whole company
    uid: int
    date_end: object  # the end of the period rated (held feedback)


def _in_scope(launch):
    """The approved relations in scope (no numbering): what raters are."""
    return SQL(
        """
        SELECT rel.id, rel.customer_id, rel.provider_id, prov.department_id AS dept,
               cust.department_id AS rater_dept, rel.relation_type, rel.weight
          FROM internal_customer_relation rel
          JOIN hr_employee prov ON prov.id = rel.provider_id AND prov.active
          JOIN hr_employee cust ON cust.id = rel.customer_id AND cust.active
         WHERE rel.state = 'approved'
           AND rel.company_id = %(company)s
           AND rel.date_start <= %(deadline)s
           AND (rel.date_end IS NULL OR rel.date_end >= %(date_start)s)
           AND (%(everyone)s OR rel.provider_id = ANY(%(providers)s))
        """,
        company=launch.company_id,
        date_start=launch.date_start,
        deadline=launch.deadline,
        everyone=launch.providers is None,
        providers=list(launch.providers or ()),
    )


def relations(launch):
    """Approved relations in scope, numbered per rater by priority."""
    return SQL(
        """
        SELECT rel.*,
               row_number() OVER (
                   PARTITION BY rel.customer_id
                   ORDER BY rel.weight DESC, md5(%(campaign)s || '-' || rel.id), rel.id
               ) AS rank
          FROM (%(scope)s) rel
        """,
        campaign=str(launch.campaign_id),
        scope=_in_scope(launch),
    )


def raters(cr, launch, after=0, limit=None):
    """The raters of the campaign after the rater id ``after``, in id order,
    at most ``limit`` of them: a background launch walks them batch by batch
    without reading the whole map again."""
    cr.execute(
        SQL(
            """SELECT DISTINCT rel.customer_id FROM (%s) rel
                WHERE rel.customer_id > %s ORDER BY rel.customer_id %s""",
            _in_scope(launch),
            after,
            SQL("LIMIT %s", limit) if limit else SQL(""),
        )
    )
    return [row[0] for row in cr.fetchall()]


def count_raters(cr, launch):
    cr.execute(
        SQL("SELECT count(DISTINCT rel.customer_id) FROM (%s) rel", _in_scope(launch))
    )
    return cr.fetchone()[0]


def snapshot_dimensions(cr, launch):
    """Copy the dimensions as they are now into the campaign (idempotent)."""
    cr.execute(
        SQL(
            """
            INSERT INTO internal_customer_campaign_dimension (
                campaign_id, dimension_id, sequence, weight, is_outcome,
                create_uid, create_date, write_uid, write_date)
            SELECT %(campaign)s, d.id, d.sequence, d.weight, d.is_outcome, %(stamp)s
              FROM internal_customer_dimension d
             WHERE d.id = ANY(%(dimensions)s)
            ON CONFLICT (campaign_id, dimension_id) DO NOTHING
            """,
            campaign=launch.campaign_id,
            dimensions=list(launch.dimension_ids),
            stamp=_stamp(launch.uid),
        )
    )


def _stamp(uid):
    return SQL("%s, now() AT TIME ZONE 'UTC', %s, now() AT TIME ZONE 'UTC'", uid, uid)


# What adopting held feedback sets on the rating, whatever adopts it: the
# launch's stamp everywhere, so that nothing tells when it was given
_ADOPTED = """
    state = 'submitted', given_early = TRUE, is_self = FALSE,
    deadline = %(deadline)s, invited = FALSE, reminder_count = 0,
    submit_date = now() AT TIME ZONE 'UTC',
    create_uid = %(uid)s, create_date = now() AT TIME ZONE 'UTC',
    write_uid = %(uid)s, write_date = now() AT TIME ZONE 'UTC'"""


def _adopt(cr, launch, update, **params):
    """Run ``update`` (an UPDATE of ratings ... RETURNING r.id, which may use
    :data:`_ADOPTED` as ``%(adopted)s``), then drop the adopted scores of
    dimensions the campaign does not rate and stamp the others; the ones it
    rates and the feedback did not score are added empty (not applicable)
    by :func:`_insert_lines`."""
    values = {
        "campaign": launch.campaign_id,
        "company": launch.company_id,
        "deadline": launch.deadline,
        "dimensions": list(launch.dimension_ids),
        "uid": launch.uid,
        **params,
    }
    cr.execute(
        SQL(
            """
            WITH adopted AS (%(update)s), dropped AS (
                DELETE FROM internal_customer_rating_line l
                 USING adopted a
                 WHERE l.rating_id = a.id
                   AND l.dimension_id != ALL(%(dimensions)s)
            )
            UPDATE internal_customer_rating_line l
               SET create_uid = %(uid)s, create_date = now() AT TIME ZONE 'UTC',
                   write_uid = %(uid)s, write_date = now() AT TIME ZONE 'UTC'
              FROM adopted a
             WHERE l.rating_id = a.id AND l.dimension_id = ANY(%(dimensions)s)
            """,
            update=SQL(update, **values, adopted=SQL(_ADOPTED, **values)),
            dimensions=values["dimensions"],
            uid=launch.uid,
        )
    )


def adopt_held(cr, launch, rater_ids):
    """Make the held feedback of these raters the campaign's answers where the
    campaign asks for the same pair within its cap and its period covers the
    day the feedback was given."""
    _adopt(
        cr,
        launch,
        """
        WITH req AS (
            SELECT rel.* FROM (%(relations)s) rel
             WHERE rel.rank <= %(cap)s AND rel.customer_id = ANY(%(raters)s)
        ), held AS (
            SELECT DISTINCT ON (h.id) h.id, req.id AS relation_id, req.dept,
                   req.rater_dept, req.relation_type
              FROM internal_customer_rating h
              JOIN req ON req.customer_id = h.rater_id
               AND req.provider_id = h.ratee_id
             WHERE h.campaign_id IS NULL AND h.state = 'held'
               AND h.company_id = %(company)s
               AND h.rater_id = ANY(%(raters)s)
               AND h.submit_date::date BETWEEN %(date_start)s AND %(date_end)s
               AND NOT EXISTS (
                   SELECT 1 FROM internal_customer_rating x
                    WHERE x.campaign_id = %(campaign)s
                      AND x.relation_id = req.id)
             ORDER BY h.id, req.rank
        )
        UPDATE internal_customer_rating r
           SET campaign_id = %(campaign)s, relation_id = h.relation_id,
               ratee_department_id = h.dept, rater_department_id = h.rater_dept,
               relation_type = h.relation_type, %(adopted)s
          FROM held h
         WHERE r.id = h.id
        RETURNING r.id
        """,
        relations=relations(launch),
        cap=launch.cap,
        raters=list(rater_ids),
        date_start=launch.date_start,
        date_end=launch.date_end,
    )


def adopt_all_held(cr, launch, ratee_ids):
    """A rolling result: every held feedback on these colleagues becomes the
    campaign's answer, whatever day it was given, with the departments of
    today (no request was sent: nothing else is in the campaign)."""
    _adopt(
        cr,
        launch,
        """
        UPDATE internal_customer_rating r
           SET campaign_id = %(campaign)s, ratee_department_id = e.department_id,
               rater_department_id = re.department_id, %(adopted)s
          FROM hr_employee e, hr_employee re
         WHERE r.campaign_id IS NULL AND r.state = 'held'
           AND r.company_id = %(company)s AND r.ratee_id = ANY(%(ratees)s)
           AND e.id = r.ratee_id AND re.id = r.rater_id
        RETURNING r.id
        """,
        ratees=list(ratee_ids),
    )
    _insert_lines(cr, launch, SQL("NOT r.is_self"))


def insert_requests(cr, launch, rater_ids):
    """The requests of these raters, under the cap, and their score lines."""
    cr.execute(
        SQL(
            """
            INSERT INTO internal_customer_rating (
                campaign_id, relation_id, rater_id, ratee_id, ratee_department_id,
                rater_department_id, relation_type, is_self, state, company_id,
                reminder_count, deadline, invited,
                create_uid, create_date, write_uid, write_date)
            SELECT %(campaign)s, rel.id, rel.customer_id, rel.provider_id, rel.dept,
                   rel.rater_dept, rel.relation_type, FALSE, 'pending', %(company)s, 0, %(deadline)s,
                   FALSE, %(stamp)s
              FROM (%(relations)s) rel
             WHERE rel.rank <= %(cap)s AND rel.customer_id = ANY(%(raters)s)
             ORDER BY rel.customer_id, rel.rank
            ON CONFLICT (campaign_id, relation_id) DO NOTHING
            """,
            campaign=launch.campaign_id,
            company=launch.company_id,
            deadline=launch.deadline,
            stamp=_stamp(launch.uid),
            relations=relations(launch),
            cap=launch.cap,
            raters=list(rater_ids),
        )
    )
    _insert_lines(
        cr, launch, SQL("r.rater_id = ANY(%s) AND NOT r.is_self", list(rater_ids))
    )


def insert_self(cr, launch):
    """A self-rating for every colleague rated (when the campaign asks for it)."""
    cr.execute(
        SQL(
            """
            INSERT INTO internal_customer_rating (
                campaign_id, rater_id, ratee_id, ratee_department_id,
                rater_department_id, is_self, state, company_id, reminder_count,
                deadline, invited, create_uid, create_date, write_uid, write_date)
            SELECT DISTINCT %(campaign)s, r.ratee_id, r.ratee_id,
                   r.ratee_department_id, r.ratee_department_id, TRUE, 'pending', %(company)s, 0, r.deadline,
                   FALSE, %(stamp)s
              FROM internal_customer_rating r
             WHERE r.campaign_id = %(campaign)s AND NOT r.is_self
            ON CONFLICT (campaign_id, rater_id) WHERE is_self DO NOTHING
            """,
            campaign=launch.campaign_id,
            company=launch.company_id,
            stamp=_stamp(launch.uid),
        )
    )
    _insert_lines(cr, launch, SQL("r.is_self"))


def _insert_lines(cr, launch, where):
    cr.execute(
        SQL(
            """
            INSERT INTO internal_customer_rating_line (
                rating_id, dimension_id, sequence,
                create_uid, create_date, write_uid, write_date)
            SELECT r.id, d.dimension_id, d.sequence, %(stamp)s
              FROM internal_customer_rating r
              JOIN internal_customer_campaign_dimension d
                ON d.campaign_id = r.campaign_id
             WHERE r.campaign_id = %(campaign)s AND %(where)s
            ON CONFLICT (rating_id, dimension_id) DO NOTHING
            """,
            campaign=launch.campaign_id,
            stamp=_stamp(launch.uid),
            where=where,
        )
    )


def step(cr, launch, after=0, limit=None):
    """Launch the raters after the rater id ``after``: all of them, or the next
    ``limit``, in batches. Returns ``(last rater launched, how many, done)``:
    the last rater is the next call's ``after``; once no rater is left, the
    self-ratings are added and the launch is done.
    """
    # One more than asked for: whether any rater is left after this batch
    todo = raters(cr, launch, after=after, limit=limit and limit + 1)
    done = limit is None or len(todo) <= limit
    todo = todo[:limit]
    for start in range(0, len(todo), BATCH):
        adopt_held(cr, launch, todo[start : start + BATCH])
        insert_requests(cr, launch, todo[start : start + BATCH])
    if done and launch.allow_self:
        insert_self(cr, launch)
    # No ANALYZE here: it would hold its lock until the launch commits and make
    # other launches wait; closing analyzes what it aggregates.
    return (todo[-1] if todo else after), len(todo), done


def preview(cr, launch, threshold):
    """What a launch would create, before it does: ``(raters, requests,
    colleagues rated, colleagues rated by fewer than ``threshold`` raters)``.
    The last ones can never have results: their scope is too small."""
    cr.execute(
        SQL(
            """
            WITH req AS (
                SELECT rel.customer_id, rel.provider_id
                  FROM (%(relations)s) rel
                 WHERE rel.rank <= %(cap)s
            ), per_ratee AS (
                SELECT provider_id, count(DISTINCT customer_id) AS raters
                  FROM req GROUP BY provider_id
            )
            SELECT (SELECT count(DISTINCT customer_id) FROM req),
                   (SELECT count(*) FROM req),
                   (SELECT count(*) FROM per_ratee),
                   (SELECT count(*) FROM per_ratee WHERE raters < %(k)s)
            """,
            relations=relations(launch),
            cap=launch.cap,
            k=threshold,
        )
    )
    return cr.fetchone()
