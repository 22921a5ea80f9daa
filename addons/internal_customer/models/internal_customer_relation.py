# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

BATCH_SIZE = 2000

RELATION_TYPES = [
    ("upward", "Upward (a report rates their manager)"),
    ("functional", "Functional (across departments)"),
    ("process", "Process (the next step rates the previous one)"),
    ("project", "Project"),
]


class InternalCustomerRelation(models.Model):
    _name = "internal.customer.relation"
    _description = "Service Relation"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "provider_id, customer_id, relation_type"
    _check_company_auto = True

    provider_id = fields.Many2one(
        "hr.employee",
        string="Provider",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        help="The internal supplier: the colleague who serves.",
    )
    customer_id = fields.Many2one(
        "hr.employee",
        string="Internal Customer",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        help="The colleague who receives the service and rates it.",
    )
    relation_type = fields.Selection(
        RELATION_TYPES,
        string="Type",
        required=True,
        default="functional",
        tracking=True,
    )
    service_name = fields.Char(
        string="Service",
        tracking=True,
        help="What the provider delivers, e.g. 'laptops and accounts'.",
    )
    expectation = fields.Text(
        string="Agreed Service Level",
        tracking=True,
        help="The level of service both sides agreed on; raters see it.",
    )
    weight = fields.Float(
        default=1.0,
        tracking=True,
        help="How much this relation counts; over the rater-fatigue cap, heavier "
        "relations are rated first.",
    )
    state = fields.Selection(
        [("proposed", "Proposed"), ("approved", "Approved"), ("rejected", "Rejected")],
        default="proposed",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    reject_reason = fields.Text(tracking=True, copy=False)
    date_start = fields.Date(
        string="Start", required=True, default=fields.Date.context_today
    )
    date_end = fields.Date(string="End")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    origin = fields.Selection(
        [
            ("manual", "Proposed"),
            ("org_chart", "Org chart"),
            ("department_rule", "Department rule"),
        ],
        default="manual",
        required=True,
        readonly=True,
    )
    department_rule_id = fields.Many2one(
        "internal.customer.department.rule", readonly=True, ondelete="set null"
    )
    provider_department_id = fields.Many2one(
        related="provider_id.department_id", store=True, string="Provider Department"
    )
    customer_department_id = fields.Many2one(
        related="customer_id.department_id", store=True, string="Customer Department"
    )
    provider_manager_id = fields.Many2one(
        related="provider_id.parent_id", string="Provider's Manager"
    )
    can_approve = fields.Boolean(compute="_compute_can_approve")

    _sql_constraints = [
        (
            "provider_not_customer",
            "CHECK(provider_id != customer_id)",
            "A colleague cannot be their own internal customer: choose two "
            "different employees.",
        ),
        (
            "unique_edge",
            "UNIQUE(provider_id, customer_id, relation_type)",
            "This service relation already exists between these two colleagues "
            "with this type: open it and edit it instead.",
        ),
        (
            "weight_positive",
            "CHECK(weight > 0)",
            "A relation's weight must be greater than zero.",
        ),
        (
            "dates_ordered",
            "CHECK(date_end IS NULL OR date_end >= date_start)",
            "A relation cannot end before it starts: fix the end date.",
        ),
    ]

    @api.depends("provider_id", "customer_id", "relation_type")
    def _compute_display_name(self):
        labels = dict(self._fields["relation_type"]._description_selection(self.env))
        for rel in self:
            rel.display_name = self.env._(
                "%(provider)s serves %(customer)s (%(type)s)",
                provider=rel.provider_id.name or "?",
                customer=rel.customer_id.name or "?",
                type=labels.get(rel.relation_type, ""),
            )

    @api.depends_context("uid")
    @api.depends("provider_id.parent_id.user_id", "state")
    def _compute_can_approve(self):
        is_hr = self.env.user.has_group("internal_customer.group_hr_officer")
        for rel in self:
            rel.can_approve = rel.state == "proposed" and (
                is_hr or rel.provider_id.parent_id.user_id == self.env.user
            )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    def _is_hr(self):
        return self.env.is_superuser() or self.env.user.has_group(
            "internal_customer.group_hr_officer"
        )

    def _check_not_self(self, provider_id, customer_id):
        if provider_id and provider_id == customer_id:
            raise ValidationError(
                self.env._(
                    "A colleague cannot be their own internal customer: choose two "
                    "different employees."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_not_self(vals.get("provider_id"), vals.get("customer_id"))
        if not self._is_hr():
            my_employees = self.env.user.employee_ids
            for vals in vals_list:
                vals["state"] = "proposed"
                vals["origin"] = "manual"
                ids = {vals.get("provider_id"), vals.get("customer_id")}
                if not ids & set(my_employees.ids):
                    raise AccessError(
                        self.env._(
                            "You can only propose relations in which you are the "
                            "provider or the internal customer. Ask HR to map "
                            "relations between other colleagues."
                        )
                    )
        return super().create(vals_list)

    def write(self, vals):
        if "provider_id" in vals or "customer_id" in vals:
            for rel in self:
                self._check_not_self(
                    vals.get("provider_id", rel.provider_id.id),
                    vals.get("customer_id", rel.customer_id.id),
                )
        if not self._is_hr() and not self.env.context.get("ic_relation_action"):
            if "state" in vals or "origin" in vals:
                raise UserError(
                    self.env._(
                        "Use the Approve and Reject buttons to change the status "
                        "of a relation."
                    )
                )
            if any(rel.state != "proposed" for rel in self):
                raise UserError(
                    self.env._(
                        "Only proposed relations can be edited. Ask HR to change "
                        "an approved or rejected relation."
                    )
                )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _check_can_decide(self):
        for rel in self:
            if rel.state != "proposed":
                raise UserError(
                    self.env._(
                        "The relation '%(name)s' is already %(state)s: only "
                        "proposed relations can be approved or rejected.",
                        name=rel.display_name,
                        state=dict(
                            rel._fields["state"]._description_selection(self.env)
                        )[rel.state].lower(),
                    )
                )
            if not rel.can_approve:
                raise AccessError(
                    self.env._(
                        "Only %(provider)s's manager or HR can approve or reject "
                        "this relation.",
                        provider=rel.provider_id.name,
                    )
                )

    def action_approve(self):
        self._check_can_decide()
        self.with_context(ic_relation_action=True).sudo().write(
            {"state": "approved", "reject_reason": False}
        )
        return True

    def action_reject(self):
        self._check_can_decide()
        missing = self.filtered(lambda r: not (r.reject_reason or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Write the reason for rejecting in the 'Reject Reason' field, "
                    "then click Reject again."
                )
            )
        self.with_context(ic_relation_action=True).sudo().write({"state": "rejected"})
        return True

    def action_reset_proposed(self):
        """Put a rejected relation back up for decision (HR or a party)."""
        for rel in self:
            if rel.state != "rejected":
                raise UserError(
                    self.env._("Only rejected relations can be proposed again.")
                )
        self.check_access("write")
        self.with_context(ic_relation_action=True).sudo().write({"state": "proposed"})
        return True

    @api.model
    def _generate_upward_relations(self, company_id):
        """Every employee rates their manager; only adds the missing edges."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT e.parent_id, e.id
                  FROM hr_employee e
                  JOIN hr_employee m ON m.id = e.parent_id AND m.active
                 WHERE e.active AND e.company_id = %(company)s
                   AND m.company_id = e.company_id AND e.parent_id != e.id
                   AND NOT EXISTS (
                       SELECT 1 FROM internal_customer_relation r
                        WHERE r.provider_id = e.parent_id AND r.customer_id = e.id
                          AND r.relation_type = 'upward')
                 ORDER BY e.parent_id, e.id
                """,
                company=company_id,
            )
        )
        pairs = self.env.cr.fetchall()
        today = fields.Date.context_today(self)
        vals_list = [
            {
                "provider_id": manager,
                "customer_id": employee,
                "relation_type": "upward",
                "service_name": self.env._("Management and support"),
                "state": "approved",
                "origin": "org_chart",
                "company_id": company_id,
                "date_start": today,
            }
            for manager, employee in pairs
        ]
        return self._create_generated(vals_list)

    @api.model
    def _create_generated(self, vals_list):
        """Create generated (approved) edges in batches, without chatter noise."""
        Relation = self.with_context(tracking_disable=True, mail_create_nolog=True)
        created = Relation
        for start in range(0, len(vals_list), BATCH_SIZE):
            created |= Relation.create(vals_list[start : start + BATCH_SIZE])
        return created
