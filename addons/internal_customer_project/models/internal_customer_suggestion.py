# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from .. import suggest


class InternalCustomerSuggestion(models.Model):
    """A service relation suggested from project tasks, to the colleague who
    asked for the work: "does X serve you?". Only that colleague reads it
    (a record rule, HR included: HR reads counts) and only they answer it;
    nothing is created until they say yes."""

    _name = "internal.customer.suggestion"
    _description = "Suggested Service Relation"
    _inherit = ["internal.customer.guarded"]
    _order = "task_count desc, id"
    _rec_name = "provider_id"
    _client_fields = ()
    _system_created = True
    _state_flow = {
        "action_accept": (("open",), "accepted"),
        "action_dismiss": (("open",), "dismissed"),
    }

    customer_id = fields.Many2one(
        "hr.employee", string="Asked By", required=True, readonly=True, index=True
    )
    provider_id = fields.Many2one(
        "hr.employee", string="Colleague", required=True, readonly=True, index=True
    )
    provider_department_id = fields.Many2one(
        related="provider_id.department_id", string="Department"
    )
    task_count = fields.Integer(string="Tasks Together", readonly=True)
    date_from = fields.Date(readonly=True)
    date_to = fields.Date(readonly=True)
    state = fields.Selection(
        [("open", "To Answer"), ("accepted", "Accepted"), ("dismissed", "Dismissed")],
        default="open",
        required=True,
        readonly=True,
    )
    relation_id = fields.Many2one(
        "internal.customer.relation", readonly=True, ondelete="set null"
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    question = fields.Char(compute="_compute_question")

    _sql_constraints = [
        (
            "unique_pair",
            "UNIQUE(customer_id, provider_id)",
            "A colleague is suggested to another at most once.",
        ),
    ]

    @api.depends("provider_id", "task_count", "date_from", "date_to")
    @api.depends_context("lang")
    def _compute_question(self):
        for suggestion in self:
            start, end = suggestion.date_from, suggestion.date_to
            name, count = suggestion.provider_id.name, suggestion.task_count
            # Whole sentences, so that each language orders them its own way
            if (
                start
                and start.day == 1
                and start.month % 3 == 1
                and end == start + relativedelta(months=3, days=-1)
            ):
                suggestion.question = self.env._(
                    "You worked with %(name)s on %(count)s tasks in Q%(quarter)s "
                    "%(year)s: does %(name)s serve you?",
                    name=name,
                    count=count,
                    quarter=(start.month + 2) // 3,
                    year=start.year,
                )
            else:
                suggestion.question = self.env._(
                    "You worked with %(name)s on %(count)s tasks from %(start)s to "
                    "%(end)s: does %(name)s serve you?",
                    name=name,
                    count=count,
                    start=format_date(self.env, start),
                    end=format_date(self.env, end),
                )

    def _guard_hint(self):
        return self.env._(
            "suggestions come from the tasks; answer them with Accept or Dismiss"
        )

    def _flow_hint(self, action):
        return self.env._("A suggestion is answered once.")

    def _check_mine(self):
        for suggestion in self:
            if suggestion.customer_id.user_id != self.env.user:
                raise UserError(
                    self.env._("Only the colleague it is suggested to answers it.")
                )

    def action_accept(self):
        """Propose the relation, as the colleague would by hand: it goes to the
        provider's manager for approval."""
        self._check_mine()
        self._flow_check("action_accept")
        Relation = self.env["internal.customer.relation"]
        for suggestion in self:
            relation = Relation.search(
                [
                    ("provider_id", "=", suggestion.provider_id.id),
                    ("customer_id", "=", suggestion.customer_id.id),
                    ("relation_type", "=", "project"),
                ],
                limit=1,
            ) or Relation.create(
                {
                    "provider_id": suggestion.provider_id.id,
                    "customer_id": suggestion.customer_id.id,
                    "relation_type": "project",
                    "service_name": self.env._("Project tasks"),
                    "date_start": suggestion.date_from,
                }
            )
            suggestion.sudo()._flow_move("action_accept", {"relation_id": relation.id})
        return self._next()

    def action_dismiss(self):
        """Not a service relation: never suggested again."""
        self._check_mine()
        self.sudo()._flow_move("action_dismiss")
        return self._next()

    def _next(self):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": self.env._("Noted."),
                "type": "success",
                "sticky": False,
                "next": self.env["ir.actions.act_window"]._for_xml_id(
                    "internal_customer_project.internal_customer_suggestion_action_mine"
                ),
            },
        }

    @api.model
    def _run(self, company, date_from, date_to, min_tasks):
        """Suggest from the tasks of the period (see suggest.py): HR only."""
        if not self.env.user.has_group("internal_customer.group_hr_officer"):
            raise UserError(self.env._("Only HR suggests relations company-wide."))
        self.env.flush_all()
        written, colleagues = suggest.run(
            self.env.cr, company.id, date_from, date_to, min_tasks, self.env.uid
        )
        self.invalidate_model()
        return written, colleagues

    @api.model
    def _last_quarter(self, today=None):
        today = today or fields.Date.context_today(self)
        start = today.replace(day=1, month=(today.month - 1) // 3 * 3 + 1)
        start -= relativedelta(months=3)
        return start, start + relativedelta(months=3, days=-1)
