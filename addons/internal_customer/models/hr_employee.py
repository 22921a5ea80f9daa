# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

from .. import org_chart


class IcManagedMixin(models.AbstractModel):
    """Who manages an employee, for record rules and checks (see org_chart)."""

    _name = "internal.customer.managed.mixin"
    _description = "Employee Managed in the Org Chart"

    ic_manager_user_ids = fields.Many2many(
        "res.users",
        string="Managers (Org Chart)",
        compute="_compute_ic_manager_user_ids",
        search="_search_ic_manager_user_ids",
        help="The users of the employee's manager chain and department manager.",
    )
    ic_head_user_ids = fields.Many2many(
        "res.users",
        string="Managers and Department Heads",
        compute="_compute_ic_manager_user_ids",
        search="_search_ic_head_user_ids",
        help="The managers, and the managers of the departments above.",
    )

    def _ic_flush_org_chart(self):
        self.env["hr.employee"].flush_model(["parent_id", "user_id", "department_id"])
        self.env["hr.department"].flush_model(
            ["manager_id", "parent_id", "parent_path"]
        )

    # Not stored, read from the database each time; the dependencies only make
    # sure a value cached in this transaction (a new employee's "empty") is
    # dropped when the org chart around the employee changes.
    @api.depends(
        "user_id",
        "parent_id",
        "parent_id.user_id",
        "parent_id.parent_id",
        "department_id",
        "department_id.manager_id",
        "department_id.parent_id",
    )
    def _compute_ic_manager_user_ids(self):
        self._ic_flush_org_chart()
        managers = org_chart.managers_of(self.env.cr, self.ids)
        Users = self.env["res.users"]
        for employee in self:
            users = Users.browse(sorted(managers.get(employee.id, ())))
            employee.ic_manager_user_ids = users
            heads = Users
            department = employee.sudo().department_id.parent_id
            while department:
                heads |= department.manager_id.user_id
                department = department.parent_id
            employee.ic_head_user_ids = users | heads.filtered(
                lambda user, e=employee: user != e.sudo().user_id
            )

    def _ic_user_ids(self, operator, value):
        if operator not in ("in", "=") or not value:
            raise NotImplementedError(
                self.env._("Search managers with 'in' or '=' and user ids.")
            )
        return [value] if isinstance(value, int) else list(value)

    def _search_ic_manager_user_ids(self, operator, value):
        users = self._ic_user_ids(operator, value)
        self._ic_flush_org_chart()
        return [("id", "in", SQL("(%s)", org_chart.team_sql(users)))]

    def _search_ic_head_user_ids(self, operator, value):
        users = self._ic_user_ids(operator, value)
        self._ic_flush_org_chart()
        return [("id", "in", SQL("(%s)", org_chart.team_sql(users, heads=True)))]


class HrEmployee(models.Model):
    _name = "hr.employee"
    _inherit = ["hr.employee", "internal.customer.managed.mixin"]

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

    def _ic_is_managed_by(self, user):
        """Whether ``user`` manages every employee of ``self`` in the org chart."""
        self._ic_flush_org_chart()
        managers = org_chart.managers_of(self.env.cr, self.ids)
        return all(user.id in managers.get(employee.id, ()) for employee in self)
