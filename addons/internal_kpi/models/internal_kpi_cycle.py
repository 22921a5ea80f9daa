# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.internal_customer import guard

from ..engine import scorecards

MAIL_PREFIXES = ("message_", "activity_")


class InternalKpiCycle(models.Model):
    _name = "internal.kpi.cycle"
    _description = "Appraisal Cycle"
    _inherit = [
        "internal.customer.guarded",
        "internal.customer.background",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _protected_fields = (
        "state",
        "job",
        "job_progress",
        "job_user_id",
        "job_cursor",
        "job_done",
        "job_total",
    )
    _state_flow = {
        "action_start": (("draft",), "running"),
        "action_generate_scorecards": (("running", "review"), None),
        "action_fill_from_campaigns": (("running", "review"), None),
        "action_review": (("running",), "review"),
        "action_done": (("review",), "done"),
        "reopen": (("done",), "review"),
    }

    name = fields.Char(
        required=True, tracking=True, default=lambda self: self._default_name()
    )
    date_start = fields.Date(
        string="Start",
        required=True,
        tracking=True,
        default=lambda self: self._default_period()[0],
    )
    date_end = fields.Date(
        string="End",
        required=True,
        tracking=True,
        default=lambda self: self._default_period()[1],
    )
    is_latest = fields.Boolean(
        compute="_compute_is_latest",
        search="_search_is_latest",
        string="Latest Cycle",
        help="The company's cycle that started last.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("running", "Running"),
            ("review", "Review"),
            ("done", "Done"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    campaign_ids = fields.Many2many(
        "internal.customer.campaign",
        string="Campaigns",
        check_company=True,
        help="The rating campaigns whose results feed the internal-customer KPIs.",
    )
    department_ids = fields.Many2many(
        "hr.department",
        string="Departments",
        check_company=True,
        help="Appraise the employees of these departments (and sub-departments). "
        "Leave both scopes empty for the whole company.",
    )
    employee_ids = fields.Many2many(
        "hr.employee", string="Employees", check_company=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    scorecard_ids = fields.One2many(
        "internal.kpi.scorecard", "cycle_id", string="Scorecards"
    )
    scorecard_count = fields.Integer(compute="_compute_scorecard_count")

    @api.model
    def _default_period(self):
        """The current half-year, or year, as the company sets it."""
        today = fields.Date.context_today(self)
        if self.env.company.ic_cycle_length == "year":
            return today.replace(month=1, day=1), today.replace(month=12, day=31)
        if today.month <= 6:
            return today.replace(month=1, day=1), today.replace(month=6, day=30)
        return today.replace(month=7, day=1), today.replace(month=12, day=31)

    @api.model
    def _default_name(self):
        start, _end = self._default_period()
        if self.env.company.ic_cycle_length == "year":
            return self.env._("Appraisals %(year)s", year=start.year)
        return self.env._(
            "Appraisals %(year)s, half %(half)s",
            year=start.year,
            half=1 if start.month == 1 else 2,
        )

    def _latest_ids(self):
        self.env.cr.execute(
            """SELECT DISTINCT ON (company_id) id FROM internal_kpi_cycle
                ORDER BY company_id, date_start DESC, id DESC"""
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _compute_is_latest(self):
        self.flush_model(["date_start", "company_id"])
        latest = set(self._latest_ids())
        for cycle in self:
            cycle.is_latest = cycle.id in latest

    def _search_is_latest(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Search 'latest cycle' with = True."))
        self.flush_model(["date_start", "company_id"])
        inside = (operator == "=") == value
        return [("id", "in" if inside else "not in", self._latest_ids())]

    @api.constrains("company_id", "department_ids", "employee_ids", "campaign_ids")
    def _check_scope_company(self):
        self._check_one_company("department_ids", "employee_ids", "campaign_ids")

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for cycle in self:
            if cycle.date_end < cycle.date_start:
                raise ValidationError(
                    self.env._(
                        "The cycle '%(name)s' ends before it starts: fix its dates.",
                        name=cycle.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(cycle.state != "draft" for cycle in self):
            raise UserError(
                self.env._(
                    "Only draft cycles can be deleted: a started cycle holds "
                    "scorecards. Close it instead."
                )
            )

    def _compute_scorecard_count(self):
        counts = dict(
            self.env["internal.kpi.scorecard"]._read_group(
                [("cycle_id", "in", self.ids)], ["cycle_id"], ["__count"]
            )
        )
        for cycle in self:
            cycle.scorecard_count = counts.get(cycle, 0)

    def _check_hr(self):
        if not self.env["res.users"]._ic_is_hr():
            raise AccessError(self.env._("Only HR runs appraisal cycles."))
        self.check_access("write")

    def _guard_hint(self):
        return self.env._("use Start, Start Review, Close the Cycle or Reopen")

    def _flow_hint(self, action):
        return {
            "action_start": self.env._("A cycle starts once."),
            "action_review": self.env._("Start the cycle first."),
            "action_done": self.env._("Start the review before closing the cycle."),
            "reopen": self.env._("Only a closed cycle can be reopened."),
        }.get(action, self.env._("Start the cycle first; a closed cycle is locked."))

    def write(self, vals):
        if not guard.is_unlocked(self.env):
            changed = [
                name
                for name in self._guard_drop_computed(vals)
                if not name.startswith(MAIL_PREFIXES)
            ]
            if changed:
                self._check_idle()
            if changed and any(cycle.state == "done" for cycle in self):
                raise UserError(
                    self.env._(
                        "This cycle is closed: it is locked. HR can reopen it, with a "
                        "reason, from its form."
                    )
                )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_start(self):
        self._check_hr()
        self._check_idle()
        self._flow_move("action_start")
        result = self.action_generate_scorecards()
        alone = self.filtered(lambda c: not c.campaign_ids)
        if alone and result is True:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "title": self.env._("No rating campaign linked"),
                    "message": self.env._(
                        "The cycle '%(cycle)s' started without a rating campaign: its "
                        "internal-customer KPIs stay empty. Link the campaigns of its "
                        "period (or Create a Rating Campaign); closing them fills the "
                        "scorecards.",
                        cycle=alone[0].name,
                    ),
                    "type": "warning",
                    "sticky": True,
                    "next": {"type": "ir.actions.client", "tag": "soft_reload"},
                },
            }
        return result

    def action_generate_scorecards(self):
        """One scorecard per employee in scope; running it again adds only the
        missing. Over a few hundred employees, the work runs in the background."""
        self._check_hr()
        self._check_idle()
        self._flow_check("action_generate_scorecards")
        background = {}
        for cycle in self:
            total = self.env["hr.employee"].search_count(cycle._scope_domain())
            if cycle._runs_in_background(total):
                background[cycle] = total
            else:
                cycle._generate(cycle._employee_batch())
        if background:
            cycles = self.browse([c.id for c in background])
            return cycles._job_start("generate", background)
        return True

    def _scope_domain(self):
        self.ensure_one()
        return self.env["hr.employee"]._ic_scope_domain(
            self.company_id, self.department_ids, self.employee_ids
        )

    def _employee_batch(self, after=0, limit=None):
        """Employees in scope after the id ``after``, in id order: the next
        ``limit`` of them, or all."""
        self.ensure_one()
        return (
            self.env["hr.employee"]
            .search(
                [*self._scope_domain(), ("id", ">", after)], order="id", limit=limit
            )
            .ids
        )

    def _generate(self, employee_ids):
        """Cards for these employees (those who have one keep it), with their
        rule's lines, values and figures, built in Python and written in one
        statement for the cards and one for the lines (engine/scorecards.py).
        The first fill is part of the creation: no tracking message for 10,000
        new scorecards; later refills are tracked."""
        self.ensure_one()
        if not employee_ids:
            return []
        Rule = self.env["internal.kpi.weighting.rule"]
        Line = self.env["internal.kpi.scorecard.line"]
        with scorecards.no_collection():
            facts = Rule._facts(employee_ids)
            matched = Rule._match_facts(facts)
            rule_lines, kpis = Rule.browse(
                {rule.id for rule, _reason in matched.values() if rule}
            )._engine_lines()
            self.env.flush_all()
            cr = self.env.cr
            built = scorecards.build(
                facts,
                matched,
                rule_lines,
                kpis,
                scorecards.load_results(cr, self.sudo().campaign_ids.ids, employee_ids),
                Line._bands(self.company_id),
                Line._note,
            )
        card_ids = scorecards.insert(
            cr, self.id, self.company_id.id, built, self.env.uid
        )
        self.env["internal.kpi.scorecard"].invalidate_model()
        Line.invalidate_model()
        self.invalidate_recordset(["scorecard_ids"])
        return card_ids

    # ------------------------------------------------------------------
    # Background work
    # ------------------------------------------------------------------
    @api.model
    def _job_cron_xmlid(self):
        return "internal_kpi.ir_cron_cycle_jobs"

    def _job_step(self):
        """The next batch of employees of a cycle: their scorecards."""
        self.ensure_one()
        # One more than the batch: whether any employee is left after it
        batch = self._employee_batch(after=self.job_cursor, limit=scorecards.BATCH + 1)
        finished = len(batch) <= scorecards.BATCH
        batch = batch[: scorecards.BATCH]
        self._generate(batch)
        done = self.job_done + len(batch)
        if not finished:
            self._job_progress(batch[-1], done)
            return len(batch), max(self.job_total - done, 1)
        self._job_done(self.env._("Scorecards generated: %(count)s.", count=done))
        return len(batch), 0

    def action_fill_from_campaigns(self):
        """Refill the internal-customer lines of the draft scorecards."""
        self._check_hr()
        self._check_idle()
        self._flow_check("action_fill_from_campaigns")
        scorecards = self.sudo().scorecard_ids.filtered(lambda s: s.state == "draft")
        self._fill_from_campaigns(scorecards)
        return True

    def action_review(self):
        self._check_hr()
        self._check_idle()
        self._flow_move("action_review")
        return True

    def action_done(self):
        self._check_hr()
        self._check_idle()
        self._flow_check("action_done")
        for cycle in self.sudo():
            late = cycle.scorecard_ids.filtered(lambda s: s.state == "draft")
            if late:
                raise UserError(
                    self.env._(
                        "%(count)s scorecard(s) of '%(name)s' are not submitted yet "
                        "(e.g. %(employee)s): their managers must submit them first.",
                        count=len(late),
                        name=cycle.name,
                        employee=late[0].employee_id.name,
                    )
                )
        scorecards = self.sudo().scorecard_ids.filtered(lambda s: s.state != "done")
        guard.unlocked(scorecards).write({"state": "done"})
        self._flow_move("action_done")
        return True

    def action_reopen(self):
        """Ask HR for the reason, then reopen (see the reopen wizard)."""
        self._check_hr()
        self._check_idle()
        self._flow_check("reopen")
        return self.env["internal.kpi.reopen"]._open_for(self)

    def _reopen(self, reason):
        """Back to review, logged in the chatter with who, when and why. The
        scorecards stay closed; HR reopens those that must change."""
        self._check_hr()
        self._flow_move("reopen")
        for cycle in self:
            cycle._message_log(
                body=self.env._(
                    "Cycle reopened for review. Reason: %(reason)s", reason=reason
                )
            )

    def action_create_campaign(self):
        """A rating campaign with the cycle's scope and period, linked to it."""
        self.ensure_one()
        self._check_hr()
        campaign = self.env["internal.customer.campaign"].create(
            {
                "name": self.env._("%(cycle)s: internal customers", cycle=self.name),
                "date_start": self.date_start,
                "date_end": self.date_end,
                "deadline": max(self.date_end, fields.Date.context_today(self)),
                "department_ids": [Command.set(self.department_ids.ids)],
                "employee_ids": [Command.set(self.employee_ids.ids)],
                "company_id": self.company_id.id,
            }
        )
        self.campaign_ids = [Command.link(campaign.id)]
        return {
            "type": "ir.actions.act_window",
            "res_model": campaign._name,
            "res_id": campaign.id,
            "view_mode": "form",
        }

    def action_view_scorecards(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "internal_kpi.internal_kpi_scorecard_action"
        )
        action["domain"] = [("cycle_id", "=", self.id)]
        action["context"] = {"default_cycle_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Filling from campaign results
    # ------------------------------------------------------------------
    def _fill_from_campaigns(self, cards):
        self.env["internal.kpi.scorecard.line"]._fill_internal_customer(cards)

    @api.model
    def _cron_fill_from_closed_campaigns(self):
        """Refill running cycles when one of their campaigns has closed since."""
        cycles = self.search([("state", "in", ("running", "review"))])
        for cycle in cycles:
            if cycle.campaign_ids.filtered(
                lambda c: c.state in ("closed", "published")
            ):
                cycle.action_fill_from_campaigns()
