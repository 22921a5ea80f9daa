# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class HrAppraisal(models.Model):
    _inherit = "hr.appraisal"

    ic_scorecard_id = fields.Many2one(
        "internal.kpi.scorecard",
        string="KPI Scorecard",
        compute="_compute_ic_scorecard",
        help="The employee's scorecard of the appraisal cycle covering this "
        "appraisal's date, as far as you may read it.",
    )
    ic_final_score = fields.Float(
        related="ic_scorecard_id.final_score", string="KPI Final Score"
    )
    ic_band = fields.Char(related="ic_scorecard_id.band", string="KPI Band")
    ic_internal_index = fields.Float(
        related="ic_scorecard_id.internal_index", string="Internal-Customer Index"
    )
    ic_internal_rater_count = fields.Integer(
        related="ic_scorecard_id.internal_rater_count", string="Internal Raters"
    )

    @api.depends_context("uid")
    @api.depends("employee_id", "date_close")
    def _compute_ic_scorecard(self):
        # No sudo: the scorecard's own rules decide who sees it from here too.
        Scorecard = self.env["internal.kpi.scorecard"]
        cards = Scorecard.search(
            [("employee_id", "in", self.employee_id.ids)],
            order="cycle_id desc, id desc",
        )
        for appraisal in self:
            mine = cards.filtered(lambda c, a=appraisal: c.employee_id == a.employee_id)
            date = appraisal.date_close
            matching = mine.filtered(
                lambda c, d=date: (
                    d and c.cycle_id.date_start <= d <= c.cycle_id.date_end
                )
            )
            appraisal.ic_scorecard_id = (matching or mine)[:1]

    def action_open_ic_scorecard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "internal.kpi.scorecard",
            "res_id": self.ic_scorecard_id.id,
            "view_mode": "form",
        }
