# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _ic_is_hr(self):
        """Whether the current user runs the product for HR (or is the system)."""
        return self.env.su or self.env.user.has_group(
            "internal_customer.group_hr_officer"
        )
