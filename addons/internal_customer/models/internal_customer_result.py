# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tools import SQL

from .. import guard
from ..engine import collusion, heatmap, results
from ..fields import NullableFloat, NullableInteger
from .internal_customer_relation import RELATION_TYPES


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
    mean = NullableFloat(
        string="Average Score (1-5)",
        digits=(3, 2),
        readonly=True,
        aggregator="avg",
    )
    index = NullableFloat(
        string="Service Index (0-100)",
        digits=(5, 1),
        readonly=True,
        aggregator="avg",
        help="The average score on a 0 to 100 scale: 1 is 0, 3 is 50, 5 is 100.",
    )
    index_calibrated = NullableFloat(
        string="Calibrated Index (0-100)",
        digits=(5, 1),
        readonly=True,
        aggregator="avg",
        help="The index with each rater's leniency or strictness taken out, as "
        "estimated from all their answers in the campaign: a strict rater no "
        "longer lowers everyone they rate, a generous one no longer lifts them. "
        "Shown exactly when the index is.",
    )
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
    self_mean = NullableFloat(
        string="My Own Rating (1-5)", digits=(3, 2), readonly=True
    )
    self_gap = NullableFloat(
        string="Others Compared with Me",
        digits=(3, 2),
        readonly=True,
        help="What others see minus what the colleague rated themselves.",
    )
    previous_index = NullableFloat(
        digits=(5, 1),
        readonly=True,
        string="Previous Campaign's Index",
        help="The same figure in the company's previous campaign, when both are shown.",
    )
    index_change = NullableFloat(
        string="Change Since Last Campaign",
        digits=(5, 1),
        readonly=True,
        aggregator="avg",
    )
    visible = fields.Boolean(readonly=True)
    suppressed = fields.Boolean(
        readonly=True,
        help="Hidden although above the threshold, because showing it would let "
        "someone compute a smaller group's score by subtraction.",
    )
    display_index = fields.Char(
        string="Service Index", compute="_compute_display_index"
    )
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
        # One row per figure: what the engine upserts on (see results.KEY).
        self.env.cr.execute(
            SQL(
                """CREATE UNIQUE INDEX IF NOT EXISTS internal_customer_result_key
                       ON internal_customer_result (%s);
                   DROP INDEX IF EXISTS internal_customer_result_campaign_level""",
                results.KEY,
            )
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
        # Only the rows of the results shown, never a whole campaign's.
        overall = self.filtered(lambda r: r._is_overall())
        domains = [
            [
                ("campaign_id", "=", result.campaign_id.id),
                ("level", "=", result.level),
                ("employee_id", "=", result.employee_id.id),
                ("department_id", "=", result.department_id.id),
            ]
            for result in overall
        ]
        rows = self.browse()
        if domains:
            rows = self.search(
                expression.AND(
                    [
                        expression.OR(domains),
                        [
                            "|",
                            ("dimension_id", "!=", False),
                            ("relation_type", "!=", False),
                        ],
                    ]
                )
            )
        by_key = defaultdict(self.browse)
        for row in rows:
            key = (row.campaign_id, row.level, row.employee_id, row.department_id)
            by_key[key] |= row
        for result in self:
            key = (
                result.campaign_id,
                result.level,
                result.employee_id,
                result.department_id,
            )
            result.breakdown_ids = by_key[key] if result in overall else False

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
        """Compute the campaign's results set-wise (see engine/results.py)."""
        self.env.flush_all()
        campaign = campaign.sudo()
        computed = results.compute(
            self.env.cr,
            campaign.id,
            campaign.company_id.id,
            campaign.min_raters,
            campaign.previous_campaign_id.id,
            self.env.uid,
            damping=campaign.reciprocal_weight,
        )
        # The service heat map of the campaign, from the results just written
        # and the same (dampened) scores
        heatmap.store(
            self.env.cr,
            campaign.id,
            campaign.min_raters,
            shifts=computed.shifts,
            effects=computed.effects,
        )
        collusion.store_counts(
            self.env.cr,
            campaign.id,
            campaign.min_raters,
            computed.pairs,
            computed.rings,
        )
        campaign.invalidate_recordset(
            ["reciprocal_pair_count", "reciprocal_ring_count"]
        )
        self.invalidate_model()
        self.env["internal.customer.comment"].invalidate_model()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_add_improvement(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Commit to an Improvement"),
            "res_model": "internal.customer.improvement",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_result_id": self.id,
                "default_employee_id": self.employee_id.id,
                "default_campaign_id": self.campaign_id.id,
            },
        }
