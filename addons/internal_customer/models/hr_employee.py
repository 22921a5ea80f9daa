# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    ic_customer_count = fields.Integer(
        compute="_compute_ic_counts", string="Internal Customers"
    )
    ic_provider_count = fields.Integer(
        compute="_compute_ic_counts", string="Internal Suppliers"
    )

    def _compute_ic_counts(self):
        Relation = self.env["internal.customer.relation"].sudo()
        domain = [("state", "=", "approved")]
        served = dict(
            Relation._read_group(
                domain + [("provider_id", "in", self.ids)], ["provider_id"], ["__count"]
            )
        )
        received = dict(
            Relation._read_group(
                domain + [("customer_id", "in", self.ids)], ["customer_id"], ["__count"]
            )
        )
        for employee in self:
            employee.ic_customer_count = served.get(employee, 0)
            employee.ic_provider_count = received.get(employee, 0)

    def _ic_relation_action(self, field):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "internal_customer.internal_customer_relation_action"
        )
        action["domain"] = [(field, "=", self.id)]
        action["context"] = {f"default_{field}": self.id}
        return action

    def action_view_ic_customers(self):
        return self._ic_relation_action("provider_id")

    def action_view_ic_providers(self):
        return self._ic_relation_action("customer_id")

    @api.model
    def _ic_scope_domain(self, company, departments, employees):
        """The employees a campaign or a cycle covers: these departments (with
        their sub-departments) and these employees; both empty, the company."""
        domain = [("company_id", "=", company.id)]
        if not departments and not employees:
            return domain
        scope = [("id", "in", employees.ids)]
        if departments:
            scope = ["|", ("department_id", "child_of", departments.ids), *scope]
        return domain + scope
