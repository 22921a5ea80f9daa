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

    @api.model
    def ic_setup_steps(self):
        """HR's first-run checklist, each step ticked by what exists: the
        dimensions, department rules, the service map and a first campaign."""
        if not self._ic_is_hr():
            raise AccessError(self.env._("The setup checklist is for HR."))
        company = self.env.company
        env = self.env
        Relation = env["internal.customer.relation"]
        steps = [
            (
                "dimensions",
                env._("Review the dimensions"),
                env._(
                    "Six service-quality dimensions are installed, each with what 1 "
                    "and 5 mean. Adjust their words and weights to your company."
                ),
                bool(
                    env["internal.customer.dimension"].search_count(
                        [("is_outcome", "=", True)]
                    )
                ),
                "internal_customer.internal_customer_dimension_action",
            ),
            (
                "rules",
                env._("Say which departments serve which"),
                env._(
                    "Add department rules, e.g. 'IT serves Sales with laptops and "
                    "accounts'."
                ),
                bool(
                    env["internal.customer.department.rule"].search_count(
                        [("company_id", "=", company.id)]
                    )
                ),
                "internal_customer.internal_customer_department_rule_action",
            ),
            (
                "map",
                env._("Generate the service map"),
                env._(
                    "One relation per pair of colleagues of each rule, and everyone "
                    "rates their manager. Colleagues then propose the rest."
                ),
                bool(
                    Relation.search_count(
                        [("company_id", "=", company.id), ("state", "=", "approved")]
                    )
                ),
                "internal_customer.internal_customer_relation_generate_action",
            ),
            (
                "campaign",
                env._("Launch your first campaign"),
                env._(
                    "Choose the period, the deadline and the anonymity threshold, "
                    "then launch: every internal customer is invited."
                ),
                bool(
                    env["internal.customer.campaign"].search_count(
                        [("company_id", "=", company.id), ("state", "!=", "draft")]
                    )
                ),
                "internal_customer.internal_customer_campaign_action",
            ),
        ]
        return [
            {
                "key": key,
                "title": title,
                "description": description,
                "done": done,
                "action": action,
            }
            for key, title, description, done, action in steps
        ]
