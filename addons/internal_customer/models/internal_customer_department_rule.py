# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from .internal_customer_relation import RELATION_TYPES


class InternalCustomerDepartmentRule(models.Model):
    _name = "internal.customer.department.rule"
    _description = "Department Service Rule"
    _inherit = ["internal.customer.guarded"]
    _order = "provider_department_id, customer_department_id, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    provider_department_id = fields.Many2one(
        "hr.department",
        string="Provider Department",
        required=True,
        check_company=True,
        help="Every employee of this department serves the customer department.",
    )
    customer_department_id = fields.Many2one(
        "hr.department",
        string="Customer Department",
        required=True,
        check_company=True,
        help="Every employee of this department rates the provider department.",
    )
    include_children = fields.Boolean(
        string="Include Sub-departments",
        default=True,
        help="Also expand to the employees of the sub-departments on both sides.",
    )
    relation_type = fields.Selection(
        RELATION_TYPES, string="Type", required=True, default="functional"
    )
    service_name = fields.Char(string="Service", required=True)
    expectation = fields.Text(string="Agreed Service Level")
    weight = fields.Float(default=1.0)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    relation_ids = fields.One2many(
        "internal.customer.relation", "department_rule_id", string="Relations"
    )
    relation_count = fields.Integer(compute="_compute_relation_count")

    _sql_constraints = [
        (
            "weight_positive",
            "CHECK(weight > 0 AND weight < 'Infinity')",
            "A rule's weight must be a number greater than zero.",
        ),
    ]

    @api.depends(
        "provider_department_id.name", "customer_department_id.name", "service_name"
    )
    def _compute_name(self):
        for rule in self:
            rule.name = self.env._(
                "%(provider)s serves %(customer)s with %(service)s",
                provider=rule.provider_department_id.name or "?",
                customer=rule.customer_department_id.name or "?",
                service=rule.service_name or "?",
            )

    def _compute_relation_count(self):
        counts = dict(
            self.env["internal.customer.relation"]._read_group(
                [("department_rule_id", "in", self.ids)],
                ["department_rule_id"],
                ["__count"],
            )
        )
        for rule in self:
            rule.relation_count = counts.get(rule, 0)

    @api.constrains("provider_department_id", "customer_department_id")
    def _check_departments(self):
        for rule in self:
            if rule.provider_department_id == rule.customer_department_id:
                raise ValidationError(
                    self.env._(
                        "A department rule links two different departments. To map "
                        "service inside one department, propose relations between "
                        "employees instead."
                    )
                )

    def _department_ids(self, department):
        self.ensure_one()
        if self.include_children:
            return (
                self.env["hr.department"]
                .search([("id", "child_of", department.id)])
                .ids
            )
        return department.ids

    def _missing_pairs(self):
        """(provider, customer) employee pairs this rule implies and the map lacks."""
        self.ensure_one()
        query = SQL(
            """
            SELECT p.id, c.id
              FROM hr_employee p
              JOIN hr_employee c ON c.id != p.id AND c.company_id = p.company_id
             WHERE p.department_id = ANY(%(providers)s)
               AND c.department_id = ANY(%(customers)s)
               AND p.active AND c.active
               AND p.company_id = %(company)s
               AND NOT EXISTS (
                   SELECT 1 FROM internal_customer_relation r
                    WHERE r.provider_id = p.id AND r.customer_id = c.id
                      AND r.relation_type = %(type)s)
             ORDER BY p.id, c.id
            """,
            providers=self._department_ids(self.provider_department_id),
            customers=self._department_ids(self.customer_department_id),
            company=self.company_id.id,
            type=self.relation_type,
        )
        self.env.flush_all()
        self.env.cr.execute(query)
        return self.env.cr.fetchall()

    def action_generate_relations(self):
        if not self.env["res.users"]._ic_is_hr():
            raise AccessError(self.env._("Only HR generates the service map."))
        self.check_access("write")
        created = self._generate_relations()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s new relation(s) added to the service map.",
                    count=len(created),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _generate_relations(self):
        """Expand the rules into approved employee relations; only adds what is missing."""
        vals_list = []
        seen = set()
        today = fields.Date.context_today(self)
        for rule in self:
            pairs = [
                (provider, customer)
                for provider, customer in rule._missing_pairs()
                if (provider, customer, rule.relation_type) not in seen
            ]
            seen.update((p, c, rule.relation_type) for p, c in pairs)
            vals_list += [
                {
                    "provider_id": provider,
                    "customer_id": customer,
                    "relation_type": rule.relation_type,
                    "service_name": rule.service_name,
                    "expectation": rule.expectation,
                    "weight": rule.weight,
                    "state": "approved",
                    "origin": "department_rule",
                    "department_rule_id": rule.id,
                    "company_id": rule.company_id.id,
                    "date_start": today,
                }
                for provider, customer in pairs
            ]
        return self.env["internal.customer.relation"]._create_generated(vals_list)

    def action_view_relations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "internal_customer.internal_customer_relation_action"
        )
        action["domain"] = [("department_rule_id", "=", self.id)]
        action["context"] = {}
        return action
