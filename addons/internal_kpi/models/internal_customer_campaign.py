# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class InternalCustomerCampaign(models.Model):
    _inherit = "internal.customer.campaign"

    kpi_cycle_ids = fields.Many2many(
        "internal.kpi.cycle",
        string="Appraisal Cycles",
        compute="_compute_kpi_cycle_ids",
    )

    def _compute_kpi_cycle_ids(self):
        cycles = self.env["internal.kpi.cycle"].search(
            [("campaign_ids", "in", self.ids)]
        )
        for campaign in self:
            campaign.kpi_cycle_ids = cycles.filtered(
                lambda c, cp=campaign: cp in c.campaign_ids
            )

    def _compute_results(self):
        """Closing a campaign refills the draft scorecards of its cycles."""
        res = super()._compute_results()
        cycles = (
            self.env["internal.kpi.cycle"]
            .sudo()
            .search(
                [
                    ("campaign_ids", "in", self.ids),
                    ("state", "in", ("running", "review")),
                ]
            )
        )
        for cycle in cycles:
            cycle._fill_from_campaigns(
                cycle.scorecard_ids.filtered(lambda s: s.state == "draft")
            )
        return res
