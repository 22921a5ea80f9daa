# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class InternalCustomerRelationGenerate(models.TransientModel):
    _name = "internal.customer.relation.generate"
    _description = "Generate the Service Map"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    from_org_chart = fields.Boolean(
        string="Upward Relations from the Org Chart",
        default=True,
        help="Every employee rates their manager: management serves everyone.",
    )
    department_rule_ids = fields.Many2many(
        "internal.customer.department.rule",
        "internal_customer_relation_generate_rule_rel",
        "wizard_id",
        "rule_id",
        string="Department Rules",
        default=lambda self: self.env["internal.customer.department.rule"].search([]),
    )
    created_count = fields.Integer(readonly=True)
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")

    def action_generate(self):
        self.ensure_one()
        if self.company_id not in self.env.companies:
            raise AccessError(
                self.env._(
                    "Switch to the company %(company)s to generate its service map.",
                    company=self.company_id.name,
                )
            )
        if not self.from_org_chart and not self.department_rule_ids:
            raise UserError(
                self.env._(
                    "Tick 'Upward Relations from the Org Chart' or choose at least one "
                    "department rule, then generate again."
                )
            )
        Relation = self.env["internal.customer.relation"]
        created = Relation
        if self.from_org_chart:
            created |= Relation._generate_upward_relations(self.company_id.id)
        rules = self.department_rule_ids.filtered(
            lambda r: r.company_id == self.company_id
        )
        if rules:
            created |= rules._generate_relations()
        self.write({"created_count": len(created), "state": "done"})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Generate the Service Map"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_view_map(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "internal_customer.internal_customer_relation_action"
        )
