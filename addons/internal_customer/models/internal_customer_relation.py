# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv.expression import AND as expression_and_list
from odoo.tools import SQL

from .. import guard, org_chart

BATCH_SIZE = 2000

# Fixed once a relation is decided: who serves whom, and how.
DECIDED_FIELDS = {"provider_id", "customer_id", "relation_type"}
# What the two colleagues may edit in their own proposal.
PARTY_FIELDS = {
    "provider_id",
    "customer_id",
    "relation_type",
    "service_name",
    "expectation",
    "date_start",
    "date_end",
}

RELATION_TYPES = [
    ("upward", "Upward (a report rates their manager)"),
    ("functional", "Functional (across departments)"),
    ("process", "Process (the next step rates the previous one)"),
    ("project", "Project"),
]


class InternalCustomerRelation(models.Model):
    _name = "internal.customer.relation"
    _description = "Service Relation"
    _inherit = ["internal.customer.guarded", "mail.thread", "mail.activity.mixin"]
    _order = "provider_id, customer_id, relation_type"
    _check_company_auto = True
    _protected_fields = ("state", "origin", "department_rule_id")
    _state_flow = {
        "action_approve": (("proposed",), "approved"),
        "action_reject": (("proposed",), "rejected"),
        "action_reset_proposed": (("rejected",), "proposed"),
    }

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
        copy=False,
    )
    department_rule_id = fields.Many2one(
        "internal.customer.department.rule",
        readonly=True,
        ondelete="set null",
        copy=False,
        index="btree_not_null",
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
    can_approve = fields.Boolean(
        compute="_compute_can_approve", search="_search_can_approve"
    )
    my_feedback_state = fields.Selection(
        [("draft", "Being written"), ("held", "Held for the next campaign")],
        string="My Feedback Now",
        compute="_compute_my_feedback_state",
        help="Your feedback between campaigns on this colleague: only you see it.",
    )

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
            "CHECK(weight > 0 AND weight < 'Infinity')",
            "A relation's weight must be a number greater than zero.",
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
            if not (rel.provider_id and rel.customer_id):
                rel.display_name = self.env._("New service relation")
                continue
            rel.display_name = self.env._(
                "%(provider)s serves %(customer)s (%(type)s)",
                provider=rel.provider_id.name,
                customer=rel.customer_id.name,
                type=labels.get(rel.relation_type, ""),
            )

    @api.depends_context("uid")
    @api.depends("provider_id", "customer_id", "state")
    def _compute_can_approve(self):
        deciders = self._deciders()
        for rel in self:
            rel.can_approve = rel.state == "proposed" and rel.id in deciders

    def _search_can_approve(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Search 'can approve' with = True."))
        domain = [("state", "=", "proposed")]
        if not self._is_hr():
            uid = self.env.uid
            domain += [
                ("provider_id.ic_manager_user_ids", "in", [uid]),
                ("provider_id.user_id", "!=", uid),
                ("customer_id.user_id", "!=", uid),
            ]
        if (operator == "=") != value:
            return ["!", *expression_and_list([domain])]
        return domain

    @api.depends_context("uid")
    @api.depends("provider_id", "customer_id")
    def _compute_my_feedback_state(self):
        # The user's own ratings only (the rater's record rule applies)
        held = self.env["internal.customer.rating"].search(
            [
                ("campaign_id", "=", False),
                ("rater_id.user_id", "=", self.env.uid),
                ("ratee_id", "in", self.provider_id.ids),
            ]
        )
        state = {(r.rater_id, r.ratee_id): r.state for r in held}
        for rel in self:
            rel.my_feedback_state = state.get((rel.customer_id, rel.provider_id), False)

    # ------------------------------------------------------------------
    # Feedback between campaigns
    # ------------------------------------------------------------------
    @api.model
    def action_feedback_now(self):
        """The colleagues who serve the user, to give one feedback now."""
        return self.env["ir.actions.act_window"]._for_xml_id(
            "internal_customer.internal_customer_relation_action_feedback_now"
        )

    def action_give_feedback_now(self):
        """Open the user's feedback on this colleague: the request of an open
        campaign when there is one, else their feedback between campaigns
        (started now, on the company's dimensions)."""
        self.ensure_one()
        me = self.customer_id
        if me.user_id != self.env.user or self.state != "approved":
            raise UserError(
                self.env._(
                    "You can give feedback now to a colleague who serves you, on an "
                    "approved relation of your service map."
                )
            )
        Rating = self.env["internal.customer.rating"]
        rating = Rating.search(
            [
                ("rater_id", "=", me.id),
                ("ratee_id", "=", self.provider_id.id),
                ("state", "=", "pending"),
                ("campaign_id.state", "=", "open"),
            ],
            limit=1,
        ) or Rating.search(
            [
                ("rater_id", "=", me.id),
                ("ratee_id", "=", self.provider_id.id),
                ("campaign_id", "=", False),
            ],
            limit=1,
        )
        if not rating:
            dimensions = (
                self.env["internal.customer.dimension"]
                .sudo()
                .search([("company_id", "in", [False, self.company_id.id])])
            )
            # Silent: no creation message, not even on a record only its rater
            # reads
            rating = guard.silent(guard.unlocked(Rating.sudo())).create(
                {
                    "campaign_id": False,
                    "state": "draft",
                    "relation_id": self.id,
                    "rater_id": me.id,
                    "ratee_id": self.provider_id.id,
                    "is_self": False,
                    "relation_type": self.relation_type,
                    "company_id": self.company_id.id,
                    "line_ids": [
                        Command.create({"dimension_id": d.id, "sequence": d.sequence})
                        for d in dimensions
                    ],
                }
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": Rating._name,
            "res_id": rating.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    # ------------------------------------------------------------------
    # Who may do what
    # ------------------------------------------------------------------
    def _is_hr(self):
        return self.env["res.users"]._ic_is_hr()

    def _deciders(self):
        """Ids of the relations the current user may approve or reject: HR, or
        a manager of the provider in the org chart who is not a party."""
        if self._is_hr():
            return set(self.ids)
        user = self.env.user
        records = self.sudo()
        managers = org_chart.managers_of(self.env.cr, records.provider_id.ids)
        if user.has_group("internal_customer.group_manager"):
            # The Manager group adds the departments its members head
            headed = set(
                self.env["hr.employee"]
                .sudo()
                .search(
                    [
                        ("id", "in", records.provider_id.ids),
                        ("ic_head_user_ids", "in", [user.id]),
                    ]
                )
                .ids
            )
            for employee_id in headed:
                managers.setdefault(employee_id, set()).add(user.id)
        return {
            rel.id
            for rel in records
            if user.id in managers.get(rel.provider_id.id, ())
            and user not in (rel.provider_id.user_id | rel.customer_id.user_id)
        }

    def _guard_hint(self):
        return self.env._(
            "use Approve, Reject or Propose Again; to change who serves whom in an "
            "approved relation, end it and propose a new one"
        )

    def _check_not_self(self, provider_id, customer_id):
        if provider_id and provider_id == customer_id:
            raise ValidationError(
                self.env._(
                    "A colleague cannot be their own internal customer: choose two "
                    "different employees."
                )
            )

    def _check_party(self):
        """A colleague without HR rights only maps relations they are part of."""
        mine = self.env.user.employee_ids
        for rel in self:
            if not (rel.provider_id | rel.customer_id) & mine:
                raise AccessError(
                    self.env._(
                        "You can only propose relations in which you are the "
                        "provider or the internal customer. Ask HR to map "
                        "relations between other colleagues."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_not_self(vals.get("provider_id"), vals.get("customer_id"))
        if not guard.is_unlocked(self.env) and not self._is_hr():
            for vals in vals_list:
                weight = vals.get("weight")
                if weight not in (None, False) and not self._guard_default_matches(
                    "weight", weight
                ):
                    raise UserError(
                        self.env._("HR sets how much a relation counts (Weight).")
                    )
        relations = super().create(vals_list)
        if not guard.is_unlocked(self.env) and not self._is_hr():
            relations._check_party()
        relations.filtered(lambda r: r.state == "proposed")._ask_approval()
        return relations

    def _approver_user(self):
        """Who is asked to decide a proposal: the first manager up the
        provider's chain who is not one of its two colleagues."""
        self.ensure_one()
        parties = self.provider_id.user_id | self.customer_id.user_id
        manager = self.sudo().provider_id.parent_id
        seen = set()
        while manager and manager.id not in seen:
            seen.add(manager.id)
            if manager.user_id and manager.user_id not in parties:
                return manager.user_id
            manager = manager.parent_id
        return self.env["res.users"]

    def _ask_approval(self):
        """Put the decision on the approving manager's to-do list (HR decides,
        from the list, when nobody in the chain can)."""
        for rel in self.sudo():
            user = rel._approver_user()
            if user:
                rel.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Approve or reject this service relation"),
                    user_id=user.id,
                )

    def _close_approval(self):
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])

    def write(self, vals):
        if "provider_id" in vals or "customer_id" in vals:
            for rel in self:
                self._check_not_self(
                    vals.get("provider_id", rel.provider_id.id),
                    vals.get("customer_id", rel.customer_id.id),
                )
        if not guard.is_unlocked(self.env):
            decided = self.filtered(lambda r: r.state != "proposed")
            if decided and set(vals) & DECIDED_FIELDS:
                raise UserError(
                    self.env._(
                        "Who serves whom, and how, is fixed once a relation is "
                        "approved or rejected (%(fields)s): end the relation and "
                        "propose a new one.",
                        fields=self._guard_labels(set(vals) & DECIDED_FIELDS),
                    )
                )
            if not self._is_hr():
                self._check_client_write(vals, decided)
        result = super().write(vals)
        if set(vals) & PARTY_FIELDS and not guard.is_unlocked(self.env):
            if not self._is_hr():
                self._check_party()
        return result

    def _check_client_write(self, vals, decided):
        """What a colleague without HR rights may change: their own proposals,
        and the reason of a rejection they are about to decide."""
        protected = [name for name in vals if self._guard_is_protected(name)]
        if protected:
            self._guard_refuse(protected)
        if decided:
            raise UserError(
                self.env._(
                    "Only proposed relations can be edited. Ask HR to change an "
                    "approved or rejected relation."
                )
            )
        if set(vals) - PARTY_FIELDS - {"reject_reason"}:
            raise UserError(
                self.env._(
                    "HR sets how much a relation counts (%(fields)s).",
                    fields=self._guard_labels(
                        set(vals) - PARTY_FIELDS - {"reject_reason"}
                    ),
                )
            )
        if "reject_reason" in vals:
            deciders = self._deciders()
            if any(rel.id not in deciders for rel in self):
                raise AccessError(
                    self.env._(
                        "Only the provider's manager or HR writes the reason of a "
                        "rejection."
                    )
                )
        if set(vals) & PARTY_FIELDS:
            self._check_party()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _flow_hint(self, action):
        if action == "action_reset_proposed":
            return self.env._("Only rejected relations can be proposed again.")
        return self.env._("Only proposed relations can be approved or rejected.")

    def _check_can_decide(self, action):
        self._flow_check(action)
        deciders = self._deciders()
        for rel in self:
            if rel.id not in deciders:
                raise AccessError(
                    self.env._(
                        "Only a manager of %(provider)s in the org chart, or HR, can "
                        "approve or reject this relation, and never one of its two "
                        "colleagues.",
                        provider=rel.sudo().provider_id.name,
                    )
                )

    def action_approve(self):
        self._check_can_decide("action_approve")
        guard.unlocked(self.sudo())._flow_move(
            "action_approve", {"reject_reason": False}
        )
        self._close_approval()
        return True

    def action_reject(self):
        self._check_can_decide("action_reject")
        missing = self.filtered(lambda r: not (r.reject_reason or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Write the reason for rejecting in the 'Reject Reason' field, "
                    "then click Reject again."
                )
            )
        guard.unlocked(self.sudo())._flow_move("action_reject")
        self._close_approval()
        return True

    def action_reject_several(self):
        """Reject the selected proposals with one reason (a dialog asks it)."""
        self._check_can_decide("action_reject")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject Relations"),
            "res_model": "internal.customer.relation.reject",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_relation_ids": self.ids},
        }

    def action_reset_proposed(self):
        """Put a rejected relation back up for decision (HR or a party)."""
        self._flow_check("action_reset_proposed")
        self.check_access("write")
        if not self._is_hr():
            self._check_party()
        guard.unlocked(self.sudo())._flow_move("action_reset_proposed")
        self._ask_approval()
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
        """Create generated (approved) edges in batches, without chatter noise.

        Only the map generators call it, after their own checks: the edges are
        approved by construction (the org chart, or HR's department rule).
        """
        Relation = guard.unlocked(guard.silent(self))
        created = Relation
        for start in range(0, len(vals_list), BATCH_SIZE):
            created |= Relation.create(vals_list[start : start + BATCH_SIZE])
        return created
