# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import AccessError

# What decides who manages an employee (and so who reads their results and
# fills their scorecard): never the employee's own choice.
ORG_CHART_FIELDS = {"employee_parent_id", "department_id", "parent_id"}


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _ic_is_hr(self):
        """Whether the current user runs the product for HR (or is the system)."""
        return self.env.su or self.env.user.has_group(
            "internal_customer.group_hr_officer"
        )

    def write(self, vals):
        if (
            ORG_CHART_FIELDS & set(vals)
            and not self.env.su
            and self == self.env.user
            and not self.env.user.has_group("hr.group_hr_user")
        ):
            raise AccessError(
                self.env._(
                    "Your manager and department decide who reads your results and "
                    "fills your scorecard: HR sets them."
                )
            )
        return super().write(vals)
