# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class InternalCustomerCampaignDimension(models.Model):
    """A dimension as a campaign was launched with: its weight then.

    Written once by the launch and never changed: the campaign's results
    always weigh the dimensions this way, so editing a dimension later changes
    future campaigns only, and recomputing a closed campaign gives the same
    figures.
    """

    _name = "internal.customer.campaign.dimension"
    _description = "Campaign Dimension as Launched"
    _inherit = ["internal.customer.guarded"]
    _order = "campaign_id, sequence, id"
    _client_fields = ()
    _system_created = True

    campaign_id = fields.Many2one(
        "internal.customer.campaign",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    dimension_id = fields.Many2one(
        "internal.customer.dimension", required=True, ondelete="restrict", readonly=True
    )
    sequence = fields.Integer(readonly=True)
    weight = fields.Float(readonly=True)
    is_outcome = fields.Boolean(string="Outcome", readonly=True)
    company_id = fields.Many2one(related="campaign_id.company_id")

    _sql_constraints = [
        (
            "unique_dimension",
            "UNIQUE(campaign_id, dimension_id)",
            "A campaign takes each dimension once.",
        ),
        (
            "weight_finite",
            "CHECK(weight > 0 AND weight < 'Infinity')",
            "A dimension's weight must be a number greater than zero.",
        ),
    ]

    def _guard_hint(self):
        return self.env._("the launch copies the dimensions; they never change")
