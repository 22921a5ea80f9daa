# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.internal_customer.fields import NullableFloat, NullableInteger
from odoo.addons.internal_kpi import scoring


class HrAppraisal(models.Model):
    _inherit = "hr.appraisal"

    ic_scorecard_id = fields.Many2one(
        "internal.kpi.scorecard",
        string="KPI Scorecard",
        compute="_compute_ic_scorecard",
        help="The employee's scorecard of the appraisal cycle covering this "
        "appraisal's date, as far as you may read it.",
    )
    # Blank, not zero, when the scorecard has no such figure (yet)
    ic_final_score = NullableFloat(
        string="KPI Final Score", compute="_compute_ic_scorecard", digits=(5, 2)
    )
    ic_score_status = fields.Selection(
        scoring.SCORE_STATUSES,
        string="KPI Score Status",
        compute="_compute_ic_scorecard",
    )
    ic_band = fields.Char(string="KPI Band", compute="_compute_ic_scorecard")
    ic_internal_index = NullableFloat(
        string="Internal-Customer Index", compute="_compute_ic_scorecard", digits=(5, 1)
    )
    ic_internal_index_calibrated = NullableFloat(
        string="Calibrated Index", compute="_compute_ic_scorecard", digits=(5, 1)
    )
    ic_internal_rater_count = NullableInteger(
        string="Internal Raters", compute="_compute_ic_scorecard"
    )

    @api.depends_context("uid")
    @api.depends("employee_id", "date_close")
    def _compute_ic_scorecard(self):
        # No sudo: the scorecard's own rules decide who sees it from here too.
        Scorecard = self.env["internal.kpi.scorecard"]
        cards = Scorecard.search([("employee_id", "in", self.employee_id.ids)])
        # The latest cycle first (ordering by cycle_id would follow the cycle's
        # own order, reversed: the oldest first)
        cards = cards.sorted(lambda c: (c.cycle_id.date_end, c.id), reverse=True)
        for appraisal in self:
            mine = cards.filtered(lambda c, a=appraisal: c.employee_id == a.employee_id)
            date = appraisal.date_close
            matching = mine.filtered(
                lambda c, d=date: (
                    d and c.cycle_id.date_start <= d <= c.cycle_id.date_end
                )
            )
            card = (matching or mine)[:1]
            appraisal.ic_scorecard_id = card
            appraisal.ic_final_score = card.final_score if card else None
            appraisal.ic_score_status = card.score_status or False
            appraisal.ic_band = card.band_id.name or False  # in the reader's language
            appraisal.ic_internal_index = card.internal_index if card else None
            appraisal.ic_internal_index_calibrated = (
                card.internal_index_calibrated if card else None
            )
            appraisal.ic_internal_rater_count = (
                card.internal_rater_count if card else None
            )

    def action_open_ic_scorecard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "internal.kpi.scorecard",
            "res_id": self.ic_scorecard_id.id,
            "view_mode": "form",
        }
