# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .. import anonymity, guard
from ..fields import NullableFloat, NullableInteger
from .internal_customer_relation import RELATION_TYPES

SCORES_CTE = """
WITH scores AS (
    SELECT r.id AS rating_id, r.ratee_id, r.ratee_department_id AS dept,
           r.relation_type AS rtype, l.dimension_id AS dim, l.score, d.weight
      FROM internal_customer_rating r
      JOIN internal_customer_rating_line l ON l.rating_id = r.id
      JOIN internal_customer_campaign_dimension d
        ON d.campaign_id = r.campaign_id AND d.dimension_id = l.dimension_id
     WHERE r.campaign_id = %(campaign)s AND r.state = 'submitted'
       AND NOT r.is_self AND l.score IS NOT NULL
)"""

STATS = """
           count(DISTINCT rating_id) AS raters,
           sum(score * weight) / sum(weight) AS mean,
           100.0 * avg((score >= 4)::int) AS sat,
           100.0 * avg((score = 5)::int) AS top"""

INSERT_RESULT = """
INSERT INTO internal_customer_result (
    campaign_id, company_id, level, employee_id, department_id, dimension_id,
    relation_type, rater_count, request_count, response_rate, visible, suppressed,
    mean, index, satisfaction_rate, top_box_rate, self_mean, self_gap,
    create_uid, create_date, write_uid, write_date)
SELECT %(campaign)s, %(company)s, c.level,
       NULLIF(c.ratee_key, 0), NULLIF(c.dept_key, 0), NULLIF(c.dim_key, 0),
       NULLIF(c.type_key, ''),
       COALESCE(c.raters, 0), c.requests,
       CASE WHEN c.requests > 0 THEN 100.0 * c.answered / c.requests ELSE 0 END,
       vis.ok, FALSE,
       CASE WHEN vis.ok THEN c.mean END,
       CASE WHEN vis.ok THEN (c.mean - 1) / 4 * 100 END,
       CASE WHEN vis.ok THEN c.sat END,
       CASE WHEN vis.ok THEN c.top END,
       c.self_mean,
       CASE WHEN vis.ok THEN c.mean - c.self_mean END,
       %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
  FROM cells c
  CROSS JOIN LATERAL (SELECT COALESCE(c.raters, 0) >= %(min_raters)s AS ok) vis
"""

# Per ratee: overall, per dimension, per relation type; with the self-rating.
EMPLOYEE_SQL = (
    SCORES_CTE
    + """, others AS (
    SELECT ratee_id AS ratee_key, COALESCE(dept, 0) AS dept_key,
           COALESCE(dim, 0) AS dim_key, COALESCE(rtype, '') AS type_key,"""
    + STATS
    + """
      FROM scores
     GROUP BY GROUPING SETS ((ratee_id, dept), (ratee_id, dept, dim),
                             (ratee_id, dept, rtype))
), requests AS (
    SELECT ratee_id AS ratee_key, COALESCE(ratee_department_id, 0) AS dept_key,
           COALESCE(relation_type, '') AS type_key,
           count(*) AS requests,
           count(*) FILTER (WHERE state = 'submitted') AS answered
      FROM internal_customer_rating
     WHERE campaign_id = %(campaign)s AND NOT is_self
     GROUP BY GROUPING SETS ((ratee_id, ratee_department_id),
                             (ratee_id, ratee_department_id, relation_type))
), selfs AS (
    SELECT r.ratee_id AS ratee_key, COALESCE(l.dimension_id, 0) AS dim_key,
           sum(l.score * d.weight) / sum(d.weight) AS mean
      FROM internal_customer_rating r
      JOIN internal_customer_rating_line l ON l.rating_id = r.id
      JOIN internal_customer_campaign_dimension d
        ON d.campaign_id = r.campaign_id AND d.dimension_id = l.dimension_id
     WHERE r.campaign_id = %(campaign)s AND r.state = 'submitted' AND r.is_self
       AND l.score IS NOT NULL
     GROUP BY GROUPING SETS ((r.ratee_id), (r.ratee_id, l.dimension_id))
), cells AS (
    SELECT 'employee' AS level, q.ratee_key, q.dept_key, 0 AS dim_key, q.type_key,
           q.requests, q.answered, o.raters, o.mean, o.sat, o.top,
           CASE WHEN q.type_key = '' THEN s.mean END AS self_mean
      FROM requests q
      LEFT JOIN others o
        ON o.ratee_key = q.ratee_key AND o.dept_key = q.dept_key
       AND o.type_key = q.type_key AND o.dim_key = 0
      LEFT JOIN selfs s ON s.ratee_key = q.ratee_key AND s.dim_key = 0
    UNION ALL
    SELECT 'employee', o.ratee_key, o.dept_key, o.dim_key, o.type_key,
           q.requests, q.answered, o.raters, o.mean, o.sat, o.top, s.mean
      FROM others o
      JOIN requests q
        ON q.ratee_key = o.ratee_key AND q.dept_key = o.dept_key AND q.type_key = ''
      LEFT JOIN selfs s ON s.ratee_key = o.ratee_key AND s.dim_key = o.dim_key
     WHERE o.dim_key != 0
)"""
    + INSERT_RESULT
)

# Departments and the company, built only from the ratee cells that are shown:
# a roll-up is then a combination of visible figures and can reveal nothing
# that they do not.
ROLLUP_SQL = (
    SCORES_CTE
    + """, shown AS (
    SELECT employee_id, COALESCE(dimension_id, 0) AS dim_key,
           COALESCE(relation_type, '') AS type_key
      FROM internal_customer_result
     WHERE campaign_id = %(campaign)s AND level = 'employee' AND visible
), picked AS (
    SELECT s.*, 'all' AS family FROM scores s
      JOIN shown v ON v.employee_id = s.ratee_id AND v.dim_key = 0 AND v.type_key = ''
    UNION ALL
    SELECT s.*, 'dim' FROM scores s
      JOIN shown v ON v.employee_id = s.ratee_id AND v.dim_key = s.dim AND v.type_key = ''
    UNION ALL
    SELECT s.*, 'type' FROM scores s
      JOIN shown v ON v.employee_id = s.ratee_id AND v.dim_key = 0 AND v.type_key = s.rtype
), others AS (
    SELECT GROUPING(dept) AS top_level, COALESCE(dept, 0) AS dept_key,
           0 AS dim_key, '' AS type_key,"""
    + STATS
    + """
      FROM picked WHERE family = 'all' GROUP BY GROUPING SETS ((dept), ())
    UNION ALL
    SELECT GROUPING(dept), COALESCE(dept, 0), dim, '',"""
    + STATS
    + """
      FROM picked WHERE family = 'dim' GROUP BY GROUPING SETS ((dept, dim), (dim))
    UNION ALL
    SELECT GROUPING(dept), COALESCE(dept, 0), 0, rtype,"""
    + STATS
    + """
      FROM picked WHERE family = 'type' GROUP BY GROUPING SETS ((dept, rtype), (rtype))
), requests AS (
    SELECT GROUPING(ratee_department_id) AS top_level,
           COALESCE(ratee_department_id, 0) AS dept_key,
           COALESCE(relation_type, '') AS type_key,
           count(*) AS requests,
           count(*) FILTER (WHERE state = 'submitted') AS answered
      FROM internal_customer_rating
     WHERE campaign_id = %(campaign)s AND NOT is_self
     GROUP BY GROUPING SETS ((ratee_department_id), (ratee_department_id, relation_type),
                             (), (relation_type))
), cells AS (
    SELECT CASE WHEN q.top_level = 0 THEN 'department' ELSE 'company' END AS level,
           0 AS ratee_key, q.dept_key, COALESCE(o.dim_key, 0) AS dim_key, q.type_key,
           q.requests, q.answered, o.raters, o.mean, o.sat, o.top,
           NULL::float AS self_mean
      FROM requests q
      LEFT JOIN others o
        ON o.top_level = q.top_level AND o.dept_key = q.dept_key
       AND o.type_key = q.type_key AND o.dim_key = 0
     WHERE NOT (q.top_level = 0 AND q.dept_key = 0)
    UNION ALL
    SELECT CASE WHEN o.top_level = 0 THEN 'department' ELSE 'company' END,
           0, o.dept_key, o.dim_key, '', q.requests, q.answered,
           o.raters, o.mean, o.sat, o.top, NULL::float
      FROM others o
      JOIN requests q
        ON q.top_level = o.top_level AND q.dept_key = o.dept_key AND q.type_key = ''
     WHERE o.dim_key != 0 AND NOT (o.top_level = 0 AND o.dept_key = 0)
)"""
    + INSERT_RESULT
)

COMMENT_SQL = """
WITH shown AS MATERIALIZED (
    SELECT employee_id FROM internal_customer_result
     WHERE campaign_id = %(campaign)s AND level = 'employee' AND visible
       AND dimension_id IS NULL AND relation_type IS NULL
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
 WHERE r.campaign_id = %(campaign)s AND r.state = 'submitted' AND NOT r.is_self
   AND trim(COALESCE(c.body, '')) != ''
   AND r.ratee_id IN (SELECT employee_id FROM shown)
   AND NOT EXISTS (
       SELECT 1 FROM internal_customer_comment x WHERE x.campaign_id = %(campaign)s)
 ORDER BY random()
"""


class InternalCustomerResult(models.Model):
    """Aggregated results of a campaign, per ratee, department and company.

    Rows are written set-wise in SQL when a campaign closes. A row built from
    fewer raters than the campaign's threshold, or hidden to stop a
    subtraction, carries no number at all: only its counts.
    """

    _name = "internal.customer.result"
    _description = "Internal Customer Result"
    _inherit = ["internal.customer.guarded"]
    _order = "campaign_id desc, level, employee_id, department_id, dimension_id, id"
    _rec_name = "employee_id"
    _client_fields = ("response",)
    _system_created = True

    campaign_id = fields.Many2one(
        "internal.customer.campaign",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    level = fields.Selection(
        [
            ("employee", "Employee"),
            ("department", "Department"),
            ("company", "Company"),
        ],
        required=True,
        readonly=True,
        index=True,
    )
    employee_id = fields.Many2one(
        "hr.employee", string="Employee", index=True, readonly=True
    )
    department_id = fields.Many2one("hr.department", index=True, readonly=True)
    dimension_id = fields.Many2one(
        "internal.customer.dimension", readonly=True, ondelete="cascade"
    )
    relation_type = fields.Selection(RELATION_TYPES, string="Type", readonly=True)
    rater_count = NullableInteger(
        string="Raters",
        readonly=True,
        aggregator="sum",
        help="Empty when the figure is hidden: a small count would tell who answered.",
    )
    request_count = NullableInteger(
        string="Requests",
        readonly=True,
        aggregator="sum",
        help="Empty below the anonymity threshold.",
    )
    response_rate = NullableFloat(
        string="Response Rate (%)", digits=(5, 1), readonly=True, aggregator="avg"
    )
    mean = NullableFloat(digits=(3, 2), readonly=True, aggregator="avg")
    index = NullableFloat(digits=(5, 1), readonly=True, aggregator="avg")
    satisfaction_rate = NullableFloat(
        string="Satisfied (%)",
        digits=(5, 1),
        readonly=True,
        aggregator="avg",
        help="Share of scores of 4 or 5. The seeds' target: 85 %.",
    )
    top_box_rate = NullableFloat(
        string="Very Satisfied (%)",
        digits=(5, 1),
        readonly=True,
        aggregator="avg",
        help="Share of scores of 5.",
    )
    self_mean = NullableFloat(string="Self Mean", digits=(3, 2), readonly=True)
    self_gap = NullableFloat(
        string="Others - Self",
        digits=(3, 2),
        readonly=True,
        help="What others see minus what the colleague rated themselves.",
    )
    previous_index = NullableFloat(
        digits=(5, 1),
        readonly=True,
        help="The same figure in the company's previous campaign, when both are shown.",
    )
    index_change = NullableFloat(
        string="Change", digits=(5, 1), readonly=True, aggregator="avg"
    )
    visible = fields.Boolean(readonly=True, index=True)
    suppressed = fields.Boolean(
        readonly=True,
        help="Hidden although above the threshold, because showing it would let "
        "someone compute a smaller group's score by subtraction.",
    )
    display_index = fields.Char(string="Index Shown", compute="_compute_display_index")
    campaign_state = fields.Selection(related="campaign_id.state", string="Status")
    response = fields.Text(
        string="My Answer",
        help="The colleague's answer to their internal customers' feedback.",
    )
    breakdown_ids = fields.One2many(
        "internal.customer.result", compute="_compute_breakdown_ids"
    )
    comment_ids = fields.One2many(
        "internal.customer.comment", compute="_compute_comment_ids", string="Comments"
    )
    improvement_ids = fields.One2many(
        "internal.customer.improvement", "result_id", string="Improvement Actions"
    )

    def init(self):
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS internal_customer_result_campaign_level
                   ON internal_customer_result (campaign_id, level, employee_id)"""
        )

    @api.depends("employee_id", "department_id", "level", "campaign_id")
    def _compute_display_name(self):
        for result in self:
            who = (
                result.employee_id.name
                or result.department_id.name
                or result.company_id.name
            )
            result.display_name = f"{result.campaign_id.name} - {who}"

    @api.depends("visible", "index", "suppressed")
    def _compute_display_index(self):
        for result in self:
            if result.visible:
                result.display_index = f"{result.index:.1f}"
            elif result.suppressed:
                result.display_index = self.env._("Hidden to protect anonymity")
            else:
                result.display_index = self.env._("Not enough responses")

    def _is_overall(self):
        self.ensure_one()
        return not self.dimension_id and not self.relation_type

    def _compute_breakdown_ids(self):
        overall = self.filtered(lambda r: r._is_overall())
        rows = self.search(
            [
                ("campaign_id", "in", overall.campaign_id.ids),
                ("level", "in", overall.mapped("level")),
                "|",
                ("dimension_id", "!=", False),
                ("relation_type", "!=", False),
            ]
        )
        for result in self:
            result.breakdown_ids = (
                rows.filtered(
                    lambda r, o=result: (
                        (r.campaign_id, r.level, r.employee_id)
                        == (o.campaign_id, o.level, o.employee_id)
                        and r.department_id == o.department_id
                    )
                )
                if result in overall
                else False
            )

    def _compute_comment_ids(self):
        owners = self.filtered(lambda r: r.level == "employee" and r._is_overall())
        comments = self.env["internal.customer.comment"].search(
            [
                ("campaign_id", "in", owners.campaign_id.ids),
                ("employee_id", "in", owners.employee_id.ids),
            ]
        )
        for result in self:
            result.comment_ids = (
                comments.filtered(
                    lambda c, o=result: (
                        c.campaign_id == o.campaign_id
                        and c.employee_id == o.employee_id
                    )
                )
                if result in owners
                else False
            )

    def write(self, vals):
        if not guard.is_unlocked(self.env) and "response" in vals:
            for result in self:
                if (
                    result.level != "employee"
                    or result.employee_id.user_id != self.env.user
                    or result.campaign_id.state != "published"
                ):
                    raise AccessError(
                        self.env._(
                            "Only the colleague rated answers their feedback, once "
                            "it is published."
                        )
                    )
        return super().write(vals)

    def _guard_hint(self):
        return self.env._(
            "results are computed when the campaign closes; only your answer to "
            "your feedback is yours to write"
        )

    # ------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------
    @api.model
    def _compute_for_campaign(self, campaign):
        """Replace the campaign's results, set-wise in a fixed number of queries."""
        self.env.flush_all()
        cr = self.env.cr
        params = {
            "campaign": campaign.id,
            "company": campaign.company_id.id,
            "uid": self.env.uid,
            "min_raters": campaign.min_raters,
        }
        cr.execute(
            SQL(
                "DELETE FROM internal_customer_result WHERE campaign_id = %s",
                campaign.id,
            )
        )
        # Ratings changed state since launch: refresh the planner's statistics
        # (a sample, so it stays cheap) or large campaigns get nested loops.
        cr.execute(
            SQL("ANALYZE internal_customer_rating, internal_customer_rating_line")
        )
        cr.execute(SQL(EMPLOYEE_SQL, **params))
        # The same for the rows just written, before the next joins read them.
        cr.execute(SQL("ANALYZE internal_customer_result"))
        self._apply_complementary_suppression(campaign)
        cr.execute(SQL(ROLLUP_SQL, **params))
        cr.execute(SQL(COMMENT_SQL, campaign=campaign.id, uid=self.env.uid))
        self._hide_small_counts(campaign)
        self._compare_with_previous(campaign)
        self.invalidate_model()
        self.env["internal.customer.comment"].invalidate_model()

    @api.model
    def _hide_small_counts(self, campaign):
        """Counts tell who answered when the group is small: a hidden figure
        keeps no rater count nor response rate, and a group of fewer requests
        than the threshold shows no request count (the suppression and the
        roll-ups above needed the real counts; nothing reads them in between)."""
        self.env.cr.execute(
            SQL(
                """
                UPDATE internal_customer_result
                   SET rater_count = CASE WHEN visible THEN rater_count END,
                       response_rate = CASE WHEN visible THEN response_rate END,
                       request_count = CASE WHEN request_count >= %(k)s
                                            THEN request_count END
                 WHERE campaign_id = %(campaign)s
                """,
                campaign=campaign.id,
                k=campaign.min_raters,
            )
        )

    @api.model
    def _compare_with_previous(self, campaign):
        """Cycle over cycle: the change since the company's previous campaign
        (fixed when this one closed), for every figure shown in both (so it
        reveals nothing new)."""
        previous = campaign.previous_campaign_id
        if not previous:
            return
        self.env.cr.execute(
            SQL(
                """
                UPDATE internal_customer_result cur
                   SET previous_index = prev.index,
                       index_change = cur.index - prev.index
                  FROM internal_customer_result prev
                 WHERE cur.campaign_id = %(current)s AND prev.campaign_id = %(previous)s
                   AND cur.visible AND prev.visible
                   AND cur.level = prev.level
                   AND COALESCE(cur.employee_id, 0) = COALESCE(prev.employee_id, 0)
                   AND COALESCE(cur.department_id, 0) = COALESCE(prev.department_id, 0)
                   AND COALESCE(cur.dimension_id, 0) = COALESCE(prev.dimension_id, 0)
                   AND COALESCE(cur.relation_type, '') = COALESCE(prev.relation_type, '')
                """,
                current=campaign.id,
                previous=previous.id,
            )
        )

    @api.model
    def _apply_complementary_suppression(self, campaign):
        """Hide ratee cells from which a hidden one could be computed by subtraction.

        Within one ratee, the overall figure is shown next to its breakdown by
        relation type and by dimension: when the hidden part of a breakdown
        covers fewer raters than the threshold, more of it is hidden.
        """
        cr = self.env.cr
        cr.execute(
            SQL(
                """SELECT id, employee_id, dimension_id, rater_count, visible
                     FROM internal_customer_result
                    WHERE campaign_id = %s AND level = 'employee'
                      AND (dimension_id IS NOT NULL OR relation_type IS NOT NULL)""",
                campaign.id,
            )
        )
        families = defaultdict(dict)
        for row_id, employee, dimension, count, visible in cr.fetchall():
            family = (employee, "dimension" if dimension else "type")
            families[family][row_id] = (count, visible)
        to_hide = []
        for cells in families.values():
            to_hide += anonymity.suppress_cells(cells, campaign.min_raters)
        if to_hide:
            cr.execute(
                SQL(
                    """UPDATE internal_customer_result
                          SET visible = FALSE, suppressed = TRUE, mean = NULL,
                              index = NULL, satisfaction_rate = NULL,
                              top_box_rate = NULL, self_gap = NULL
                        WHERE id = ANY(%s)""",
                    sorted(to_hide),
                )
            )
        return to_hide

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_add_improvement(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "internal.customer.improvement",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_result_id": self.id,
                "default_employee_id": self.employee_id.id,
                "default_campaign_id": self.campaign_id.id,
            },
        }
