# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class InternalKpiBand(models.Model):
    _name = "internal.kpi.band"
    _description = "Rating Band"
    _inherit = ["internal.customer.guarded"]
    _order = "min_score desc, id"

    name = fields.Char(required=True, translate=True)
    min_score = fields.Float(
        string="From Score", required=True, help="Lowest final score in this band."
    )
    color = fields.Integer()
    company_id = fields.Many2one("res.company")

    _sql_constraints = [
        (
            "min_score_range",
            "CHECK(min_score >= 0 AND min_score <= 200)",
            "A band starts between 0 and 200.",
        ),
    ]

    @api.ondelete(at_uninstall=False)
    def _unlink_unused(self):
        used = (
            self.env["internal.kpi.scorecard"]
            .sudo()
            .search_count([("band_id", "in", self.ids)], limit=1)
        )
        if used:
            raise UserError(
                self.env._(
                    "Scorecards carry this band: change its threshold or name "
                    "for the future instead of deleting it."
                )
            )
