# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import markupsafe
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .. import anonymity, guard
from ..engine import launch
from ..fields import NullableInteger

MAIL_FIELDS = ("message_", "activity_")
LOCKED_AFTER_LAUNCH = {
    "date_start",
    "date_end",
    "dimension_ids",
    "min_raters",
    "max_requests_per_rater",
    "allow_self_rating",
    "department_ids",
    "employee_ids",
    "company_id",
}


class InternalCustomerCampaign(models.Model):
    _name = "internal.customer.campaign"
    _description = "Internal Customer Rating Campaign"
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
        "launch_date",
        "close_date",
        "publish_date",
        "invitations_sent",
        "previous_campaign_id",
        "dimension_snapshot_ids",
        "job",
        "job_progress",
        "job_user_id",
        "job_cursor",
        "job_done",
        "job_total",
        "reciprocal_pair_count",
        "reciprocal_ring_count",
    )
    # Closing is final: a closed campaign never takes another rating and never
    # goes back (extend the deadline while it is open instead).
    _state_flow = {
        "action_launch": (("draft",), "open"),
        "action_reset_draft": (("open",), "draft"),
        "action_close": (("open",), "closed"),
        "action_compute_results": (("closed",), "closed"),
        "action_publish": (("closed",), "published"),
    }

    name = fields.Char(required=True, tracking=True, translate=True)
    description = fields.Html(
        string="Message to Raters",
        translate=True,
        help="Shown at the top of every rating request of this campaign.",
    )
    date_start = fields.Date(
        string="Period Start",
        required=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self) - relativedelta(months=6),
    )
    date_end = fields.Date(
        string="Period End",
        required=True,
        tracking=True,
        default=fields.Date.context_today,
    )
    deadline = fields.Date(
        required=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self) + relativedelta(weeks=2),
        help="Raters answer until this day; pending requests then expire.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("open", "Open"),
            ("closed", "Closed"),
            ("published", "Published"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    dimension_ids = fields.Many2many(
        "internal.customer.dimension",
        string="Dimensions",
        default=lambda self: self.env["internal.customer.dimension"].search(
            [("company_id", "in", [False, self.env.company.id])]
        ),
    )
    min_raters = fields.Integer(
        string="Anonymity Threshold",
        default=3,
        required=True,
        tracking=True,
        help="Results based on fewer raters show 'not enough responses', never a "
        "number. Never below 2.",
    )
    reciprocal_weight = fields.Float(
        string="Weight of Reciprocal Ratings",
        default=0.5,
        digits=(3, 2),
        tracking=True,
        help="Colleagues who rate each other far above what others give them "
        "(A rates B and B rates A, or A, B and C in a circle): how much of their "
        "lead over the other raters counts. 0.5 halves it, 1 counts it in full, "
        "0 brings them to the others' mean. Nobody is told who; HR sees counts "
        "only, once the campaign is closed.",
    )
    reciprocal_pair_count = NullableInteger(
        string="Reciprocal Pairs",
        readonly=True,
        copy=False,
        groups="internal_customer.group_hr_officer",
    )
    reciprocal_ring_count = NullableInteger(
        string="Rings of Three",
        readonly=True,
        copy=False,
        groups="internal_customer.group_hr_officer",
    )
    reciprocal_summary = fields.Char(
        string="Reciprocal Ratings",
        compute="_compute_reciprocal_summary",
        groups="internal_customer.group_hr_officer",
    )
    max_requests_per_rater = fields.Integer(
        string="Requests per Rater (max)",
        default=8,
        required=True,
        help="Rater-fatigue cap. Over it, a rater's relations are chosen by weight.",
    )
    allow_self_rating = fields.Boolean(
        help="Each rated colleague also rates their own service; results show the "
        "gap between self-image and what others see."
    )
    reminder_days = fields.Integer(
        string="Remind Days Before Deadline",
        default=3,
        help="Reminders start this many days before the deadline.",
    )
    max_reminders = fields.Integer(
        string="Reminders per Rater (max)",
        default=2,
        help="A rater with pending requests gets at most this many reminder mails.",
    )
    department_ids = fields.Many2many(
        "hr.department",
        string="Departments",
        check_company=True,
        help="Rate the employees of these departments (and their sub-departments). "
        "Leave both scopes empty to rate the whole company.",
    )
    employee_ids = fields.Many2many(
        "hr.employee",
        string="Employees",
        check_company=True,
        help="Rate these employees. Leave both scopes empty to rate the whole company.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    # Not "rating_ids": Odoo's rating module (with project, helpdesk...) puts
    # its own on every mail.thread model
    request_ids = fields.One2many(
        "internal.customer.rating", "campaign_id", string="Rating Requests"
    )
    result_ids = fields.One2many(
        "internal.customer.result", "campaign_id", string="Results"
    )
    launch_date = fields.Datetime(readonly=True, copy=False)
    close_date = fields.Datetime(readonly=True, copy=False)
    publish_date = fields.Datetime(readonly=True, copy=False)
    invitations_sent = fields.Boolean(readonly=True, copy=False)
    dimension_snapshot_ids = fields.One2many(
        "internal.customer.campaign.dimension",
        "campaign_id",
        string="Dimensions as Launched",
        readonly=True,
        help="The dimensions and weights this campaign was launched with: its "
        "results always use these, whatever happens to the dimensions later.",
    )
    previous_campaign_id = fields.Many2one(
        "internal.customer.campaign",
        string="Compared With",
        readonly=True,
        copy=False,
        help="The company's previous campaign, fixed when this one closed: the "
        "'change' figures compare with it.",
    )
    response_html = fields.Html(
        string="Response by Department",
        compute="_compute_response_html",
        sanitize=False,
        groups="internal_customer.group_hr_officer",
        help="Counts only, for groups of at least the anonymity threshold; smaller "
        "departments are counted with their parent department.",
    )

    request_count = fields.Integer(compute="_compute_progress", string="Requests")
    submitted_count = fields.Integer(compute="_compute_progress", string="Submitted")
    pending_count = fields.Integer(compute="_compute_progress", string="Pending")
    declined_count = fields.Integer(compute="_compute_progress", string="Declined")
    expired_count = fields.Integer(compute="_compute_progress", string="Expired")
    response_rate = fields.Float(
        compute="_compute_progress", string="Response Rate (%)"
    )
    my_pending_count = fields.Integer(compute="_compute_my_pending_count")
    result_count = fields.Integer(compute="_compute_result_count")

    _sql_constraints = [
        (
            "cap_positive",
            "CHECK(max_requests_per_rater >= 1)",
            "A rater must be allowed at least one request.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    @api.depends("request_ids.state")
    def _compute_progress(self):
        # Counts only: an HR officer sees how many answered, never who.
        rows = (
            self.env["internal.customer.rating"]
            .sudo()
            ._read_group(
                [("campaign_id", "in", self.ids), ("is_self", "=", False)],
                ["campaign_id", "state"],
                ["__count"],
            )
        )
        counts = {}
        for campaign, state, count in rows:
            counts.setdefault(campaign.id, {})[state] = count
        for campaign in self:
            by_state = counts.get(campaign.id, {})
            total = sum(by_state.values())
            if total < campaign.min_raters:
                # Too few requests: a count would tell who answered.
                by_state, total = {}, 0
            campaign.request_count = total
            campaign.submitted_count = by_state.get("submitted", 0)
            campaign.pending_count = by_state.get("pending", 0)
            campaign.declined_count = by_state.get("declined", 0)
            campaign.expired_count = by_state.get("expired", 0)
            campaign.response_rate = (
                100.0 * campaign.submitted_count / total if total else 0.0
            )

    def _compute_response_html(self):
        for campaign in self:
            campaign.response_html = campaign._response_table()

    def _response_groups(self):
        """Requests and answers per rater department: ``[(key, label,
        requests, answered, keys)]``, ``keys`` the departments counted in the
        group (0 for raters without one). Counts only, and only for groups of
        at least the anonymity threshold: smaller departments are counted with
        their parent (see ``anonymity.roll_up_counts``). None when the whole
        campaign has fewer requests than the threshold."""
        self.ensure_one()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT e.department_id, count(*),
                       count(*) FILTER (WHERE r.state = 'submitted')
                  FROM internal_customer_rating r
                  JOIN hr_employee e ON e.id = r.rater_id
                 WHERE r.campaign_id = %s AND NOT r.is_self
                 GROUP BY e.department_id
                """,
                self.id,
            )
        )
        groups = {dep or 0: (req, ans) for dep, req, ans in self.env.cr.fetchall()}
        Department = self.env["hr.department"].sudo().with_context(active_test=False)
        departments = Department.browse([d for d in groups if d])
        parents = {}
        todo = departments
        while todo:
            for department in todo:
                parents[department.id] = department.parent_id.id or None
            todo = todo.parent_id.filtered(lambda d: d.id not in parents)
        shown = anonymity.roll_up_counts(groups, parents, self.min_raters)
        if not shown:
            return None
        names = {
            0: self.env._("No department"),
            anonymity.OTHERS: self.env._("Smaller departments together"),
        }
        names.update(
            (d.id, d.complete_name)
            for d in Department.browse(
                [k for k in shown if k and k != anonymity.OTHERS]
            )
        )
        rows = []
        for key in sorted(shown, key=lambda k: names[k]):
            requests, answered, folded = shown[key]
            label = names[key]
            if folded:
                label = self.env._(
                    "%(department)s, with %(count)s smaller group(s)",
                    department=label,
                    count=len(folded),
                )
            keys = ({key} if key != anonymity.OTHERS else set()) | set(folded)
            rows.append((key, label, requests, answered, keys))
        return rows

    def _response_table(self):
        """Requests and answers per rater department, as an HTML table (see
        ``_response_groups``)."""
        self.ensure_one()
        if self.state == "draft" or not self.id:
            return False
        groups = self._response_groups()
        if groups is None:
            return markupsafe.Markup("<p>%s</p>") % self.env._(
                "Too few requests to show any count without telling who answered."
            )
        rows = []
        for _key, label, requests, answered, _keys in groups:
            rows.append(
                markupsafe.Markup(
                    "<tr><td>%s</td><td class='text-end'>%s</td>"
                    "<td class='text-end'>%s</td><td class='text-end'>%s</td></tr>"
                )
                % (label, requests, answered, f"{100.0 * answered / requests:.0f} %")
            )
        head = markupsafe.Markup(
            "<table class='table table-sm o_ic_response'><thead><tr><th>%s</th>"
            "<th class='text-end'>%s</th><th class='text-end'>%s</th>"
            "<th class='text-end'>%s</th></tr></thead><tbody>"
        ) % (
            self.env._("Raters' department"),
            self.env._("Requests"),
            self.env._("Answered"),
            self.env._("Rate"),
        )
        return (
            head
            + markupsafe.Markup("").join(rows)
            + markupsafe.Markup("</tbody></table>")
        )

    @api.depends_context("uid")
    def _compute_my_pending_count(self):
        counts = dict(
            self.env["internal.customer.rating"]._read_group(
                [
                    ("campaign_id", "in", self.ids),
                    ("state", "=", "pending"),
                    ("rater_id.user_id", "=", self.env.uid),
                ],
                ["campaign_id"],
                ["__count"],
            )
        )
        for campaign in self:
            campaign.my_pending_count = counts.get(campaign, 0)

    def _compute_result_count(self):
        counts = dict(
            self.env["internal.customer.result"]._read_group(
                [("campaign_id", "in", self.ids), ("level", "=", "employee")],
                ["campaign_id"],
                ["__count"],
            )
        )
        for campaign in self:
            campaign.result_count = counts.get(campaign, 0)

    @api.depends(
        "state", "reciprocal_pair_count", "reciprocal_ring_count", "min_raters"
    )
    @api.depends_context("lang")
    def _compute_reciprocal_summary(self):
        for campaign in self:
            if campaign.state not in ("closed", "published"):
                campaign.reciprocal_summary = self.env._(
                    "Counted when the campaign closes."
                )
                continue
            k = campaign.min_raters
            pairs, rings = (
                campaign.reciprocal_pair_count,
                campaign.reciprocal_ring_count,
            )
            # Whole phrases, so that each language orders and inflects them
            pairs = (
                self.env._("fewer than %(k)s reciprocal pairs", k=k)
                if pairs is False or pairs is None
                else self.env._("%(count)s reciprocal pairs", count=pairs)
            )
            rings = (
                self.env._("fewer than %(k)s rings of three", k=k)
                if rings is False or rings is None
                else self.env._("%(count)s rings of three", count=rings)
            )
            if campaign.reciprocal_weight >= 1.0:
                campaign.reciprocal_summary = self.env._(
                    "%(pairs)s, %(rings)s: counted in full", pairs=pairs, rings=rings
                )
            else:
                campaign.reciprocal_summary = self.env._(
                    "%(pairs)s, %(rings)s: their lead counted at %(weight)s",
                    pairs=pairs,
                    rings=rings,
                    weight="%g" % campaign.reciprocal_weight,
                )

    @api.constrains("reciprocal_weight")
    def _check_reciprocal_weight(self):
        for campaign in self:
            if not 0.0 <= campaign.reciprocal_weight <= 1.0:
                raise ValidationError(
                    self.env._(
                        "The weight of reciprocal ratings goes from 0 (their lead "
                        "over the other raters does not count) to 1 (it counts in "
                        "full); 0.5 halves it."
                    )
                )

    @api.constrains("min_raters")
    def _check_min_raters(self):
        for campaign in self:
            if campaign.min_raters < 2:
                raise ValidationError(
                    self.env._(
                        "The anonymity threshold cannot be lower than 2 raters: "
                        "with one rater, the result is that person's rating."
                    )
                )

    @api.constrains("company_id", "department_ids", "employee_ids", "dimension_ids")
    def _check_scope_company(self):
        self._check_one_company("department_ids", "employee_ids", "dimension_ids")

    @api.constrains("deadline", "date_start", "date_end")
    def _check_dates(self):
        for campaign in self:
            if campaign.date_end < campaign.date_start:
                raise ValidationError(
                    self.env._(
                        "The rated period of '%(name)s' ends before it starts: fix "
                        "the period dates.",
                        name=campaign.name,
                    )
                )
            if campaign.deadline < campaign.date_start:
                raise ValidationError(
                    self.env._(
                        "The deadline of '%(name)s' is before the start of the "
                        "period: set a deadline on or after %(start)s.",
                        name=campaign.name,
                        start=campaign.date_start,
                    )
                )

    def write(self, vals):
        if not guard.is_unlocked(self.env):
            self._check_client_write(vals)
        return super().write(vals)

    def _check_client_write(self, vals):
        changed = {
            name
            for name in self._guard_drop_computed(vals)
            if not name.startswith(MAIL_FIELDS)
        }
        if changed:
            self._check_idle()
        finished = self.filtered(lambda c: c.state in ("closed", "published"))
        if finished and changed:
            raise UserError(
                self.env._(
                    "The campaign '%(name)s' is closed: it can no longer change. "
                    "Create a new campaign instead.",
                    name=finished[0].name,
                )
            )
        locked = LOCKED_AFTER_LAUNCH & set(vals)
        if locked and any(c.state != "draft" for c in self):
            labels = ", ".join(
                sorted(
                    self._fields[f].get_description(self.env)["string"] for f in locked
                )
            )
            raise UserError(
                self.env._(
                    "A launched campaign's scope, period, dimensions and anonymity "
                    "settings cannot change (%(fields)s): create a new campaign "
                    "instead.",
                    fields=labels,
                )
            )
        if "deadline" in vals and any(c.state == "open" for c in self):
            deadline = fields.Date.to_date(vals["deadline"])
            if not deadline or deadline < fields.Date.context_today(self):
                raise UserError(
                    self.env._(
                        "An open campaign's deadline can only move to today or "
                        "later: pick a later date, or close the campaign."
                    )
                )

    def _guard_hint(self):
        return self.env._("use Launch, Close and Compute Results, and Publish")

    def _flow_hint(self, action):
        return {
            "action_launch": self.env._(
                "A campaign is launched once: close it, or create a new campaign."
            ),
            "action_reset_draft": self.env._(
                "Only an open campaign without any answer can go back to draft."
            ),
            "action_close": self.env._(
                "Closing is final; to give raters more time, extend the deadline "
                "while the campaign is open."
            ),
            "action_compute_results": self.env._(
                "Results are computed when the campaign closes."
            ),
            "action_publish": self.env._("Close the campaign before publishing it."),
        }.get(action, "")

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(c.state != "draft" for c in self):
            raise UserError(
                self.env._(
                    "Only draft campaigns can be deleted; a launched campaign holds "
                    "ratings. Archive its results instead."
                )
            )

    # ------------------------------------------------------------------
    # Scope
    # ------------------------------------------------------------------
    def _provider_ids(self):
        """Employees rated by this campaign, or None for the whole company."""
        self.ensure_one()
        if not self.department_ids and not self.employee_ids:
            return None
        Employee = self.env["hr.employee"]
        return Employee.search(
            Employee._ic_scope_domain(
                self.company_id, self.department_ids, self.employee_ids
            )
        ).ids

    def _launch_params(self):
        """The campaign's settings, as the launch engine takes them."""
        self.ensure_one()
        providers = self._provider_ids()
        return launch.Launch(
            campaign_id=self.id,
            company_id=self.company_id.id,
            date_start=self.date_start,
            deadline=self.deadline,
            date_end=self.date_end,
            cap=self.max_requests_per_rater,
            allow_self=self.allow_self_rating,
            dimension_ids=tuple(self.dimension_ids.ids),
            providers=None if providers is None else tuple(providers),
            uid=self.env.uid,
        )

    # ------------------------------------------------------------------
    # Launch
    # ------------------------------------------------------------------
    def _check_launchable(self):
        self.ensure_one()
        if not self.dimension_ids:
            raise UserError(
                self.env._("Choose at least one dimension to rate, then launch again.")
            )
        if not self.dimension_ids.filtered("is_outcome"):
            raise UserError(
                self.env._(
                    "Add at least one outcome dimension (a result, not an attitude), "
                    "such as 'Quality of output', then launch again."
                )
            )
        if self.deadline < fields.Date.context_today(self):
            raise UserError(
                self.env._(
                    "The deadline %(deadline)s is already past: move it to today or "
                    "later, then launch again.",
                    deadline=self.deadline,
                )
            )

    def _check_hr(self):
        if not self.env["res.users"]._ic_is_hr():
            raise AccessError(self.env._("Only HR runs rating campaigns."))
        self.check_access("write")

    def action_launch(self):
        """Create one rating request per approved relation in scope, at most once.

        Requests are inserted set-wise, one batch of raters at a time, with
        ``ON CONFLICT DO NOTHING`` on unique keys: re-running after a crash
        completes the work and never duplicates a request. The dimensions and
        their weights are copied into the campaign: its results never depend
        on later changes to them.
        """
        self._check_hr()
        self._check_idle()
        self._flow_check("action_launch")
        background = {}
        for campaign in self:
            campaign._check_launchable()
            self.env.flush_all()
            params = campaign._launch_params()
            launch.snapshot_dimensions(self.env.cr, params)
            total = launch.count_raters(self.env.cr, params)
            if campaign._runs_in_background(total):
                background[campaign] = total
                continue
            launch.step(self.env.cr, params)
            campaign._finish_launch()
        if background:
            campaigns = self.browse([c.id for c in background])
            return campaigns._job_start("launch", background)
        return True

    def _finish_launch(self):
        self.ensure_one()
        self.env["internal.customer.campaign.dimension"].invalidate_model()
        self.env["internal.customer.rating"].invalidate_model()
        self.env["internal.customer.rating.line"].invalidate_model()
        self.invalidate_recordset()
        self._flow_move("action_launch", {"launch_date": fields.Datetime.now()})
        count = self.sudo()._request_total()
        self._message_log(
            body=self.env._(
                "Campaign launched: %(count)s rating requests.", count=count
            )
        )
        self.env.ref("internal_customer.ir_cron_send_invitations")._trigger()
        return count

    def _request_total(self):
        self.ensure_one()
        return (
            self.env["internal.customer.rating"]
            .sudo()
            .search_count([("campaign_id", "=", self.id), ("is_self", "=", False)])
        )

    # ------------------------------------------------------------------
    # Close and publish
    # ------------------------------------------------------------------
    def action_close(self):
        """Stop submissions for good and compute the results, once."""
        self._check_hr()
        self._check_idle()
        self._flow_check("action_close")
        background = self.filtered(
            lambda c: c._runs_in_background(c.sudo()._request_total())
        )
        for campaign in self - background:
            campaign._close()
        if background:
            return background._job_start("close")
        if len(self) == 1:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "title": self.env._("Campaign closed"),
                    "message": self._close_summary(),
                    "type": "success",
                    "sticky": True,
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return True

    def _close(self):
        self.ensure_one()
        self._expire_pending()
        self._flow_move(
            "action_close",
            {
                "close_date": fields.Datetime.now(),
                "previous_campaign_id": self._find_previous().id,
            },
        )
        self._compute_results()
        self._message_log(body=self._close_summary())

    def _close_preview(self):
        """(colleagues rated, those with fewer answers than the threshold so
        far): counts over the whole campaign, never who."""
        self.ensure_one()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT count(*), count(*) FILTER (WHERE answered < %(k)s)
                  FROM (SELECT ratee_id,
                               count(DISTINCT rater_id)
                                   FILTER (WHERE state = 'submitted') AS answered
                          FROM internal_customer_rating
                         WHERE campaign_id = %(campaign)s AND NOT is_self
                         GROUP BY ratee_id) per_ratee
                """,
                k=self.min_raters,
                campaign=self.id,
            )
        )
        return self.env.cr.fetchone()

    def _close_summary(self):
        """What closing produced, in counts: results shown and hidden, comments."""
        self.ensure_one()
        Result = self.env["internal.customer.result"].sudo()
        overall = [
            ("campaign_id", "=", self.id),
            ("level", "=", "employee"),
            ("dimension_id", "=", False),
            ("relation_type", "=", False),
        ]
        shown = Result.search_count([*overall, ("visible", "=", True)])
        hidden = Result.search_count([*overall, ("visible", "=", False)])
        comments = (
            self.env["internal.customer.comment"]
            .sudo()
            .search_count([("campaign_id", "=", self.id)])
        )
        return self.env._(
            "Campaign closed: %(rate)s of the requests answered. Colleagues with "
            "results: %(shown)s. Hidden (fewer answers than the anonymity "
            "threshold): %(hidden)s. Comments to read: %(comments)s.",
            rate=self._response_words(),
            shown=shown,
            hidden=hidden,
            comments=comments,
        )

    def action_launch_check(self):
        """The Launch button: first what the launch will create, in numbers."""
        self.ensure_one()
        self._flow_check("action_launch")
        return self.env["internal.customer.campaign.check"]._open(self, "launch")

    def action_close_check(self):
        """The Close button: first the response rate and what would be hidden."""
        self.ensure_one()
        self._flow_check("action_close")
        return self.env["internal.customer.campaign.check"]._open(self, "close")

    # ------------------------------------------------------------------
    # Background work
    # ------------------------------------------------------------------
    @api.model
    def _job_cron_xmlid(self):
        return "internal_customer.ir_cron_campaign_jobs"

    def _job_step(self):
        """The next batch of raters of a launch, or a whole close."""
        self.ensure_one()
        if self.job == "close":
            self._close()
            self._job_done(self.env._("Closed: the results are computed."))
            return 1, 0
        self.env.flush_all()
        params = self._launch_params()
        cursor, count, finished = launch.step(
            self.env.cr, params, after=self.job_cursor, limit=launch.BATCH
        )
        done = self.job_done + count
        if not finished:
            self._job_progress(cursor, done)
            return count, max(self.job_total - done, 1)
        requests = self._finish_launch()
        self._job_done(
            self.env._("Launched: %(count)s rating requests.", count=requests)
        )
        return count, 0

    def _response_words(self):
        self.ensure_one()
        if not self.request_count:
            return self.env._("too few requests to show a rate")
        return f"{self.response_rate:.1f} %"

    def _find_previous(self):
        """The company's latest campaign closed before this one's period ends."""
        self.ensure_one()
        return self.search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "in", ("closed", "published")),
                ("id", "!=", self.id),
                ("date_end", "<=", self.date_end),
                # A rolling result's colleagues are the few with enough
                # feedback, not the company's (see ..._campaign_rolling.py)
                ("is_rolling", "=", False),
            ],
            order="date_end desc, id desc",
            limit=1,
        )

    def action_compute_results(self):
        """HR recomputes the results of a closed campaign: the same figures, bit
        for bit, since everything they are made of is frozen at closing."""
        self._check_hr()
        self._check_idle()
        self._flow_check("action_compute_results")
        for campaign in self:
            campaign._compute_results()
        return True

    def action_publish(self):
        self._check_hr()
        self._check_idle()
        self._flow_check("action_publish")
        for campaign in self:
            campaign._flow_move(
                "action_publish", {"publish_date": fields.Datetime.now()}
            )
            campaign._notify_ratees()
        return True

    def action_reset_draft(self):
        """Back to draft until the raters are invited: the requests are deleted.

        Whether anybody has answered plays no part (a refusal that depended on
        it would tell, on a small campaign, whether its one rater answered).
        """
        self._check_hr()
        self._check_idle()
        self._flow_check("action_reset_draft")
        Rating = self.env["internal.customer.rating"].sudo()
        for campaign in self:
            invited = Rating.search_count(
                [("campaign_id", "=", campaign.id), ("invited", "=", True)], limit=1
            )
            if invited or campaign.invitations_sent:
                raise UserError(
                    self.env._(
                        "The raters of '%(name)s' have been invited: it cannot go "
                        "back to draft. Close it, or extend its deadline.",
                        name=campaign.name,
                    )
                )
            # Feedback given between campaigns goes back to being held, dated
            # within the period it was given in (its day is not kept)
            self.env.cr.execute(
                SQL(
                    """UPDATE internal_customer_rating
                          SET campaign_id = NULL, state = 'held', given_early = FALSE,
                              deadline = NULL, submit_date = %s
                        WHERE campaign_id = %s AND given_early""",
                    campaign.date_end,
                    campaign.id,
                )
            )
            Rating.invalidate_model()
            guard.unlocked(Rating.search([("campaign_id", "=", campaign.id)])).unlink()
            guard.unlocked(campaign.sudo().dimension_snapshot_ids).unlink()
            campaign._flow_move("action_reset_draft", {"invitations_sent": False})
            campaign._message_log(
                body=self.env._("Back to draft: its rating requests were deleted.")
            )
        return True

    def _expire_pending(self):
        ratings = (
            self.env["internal.customer.rating"]
            .sudo()
            .search([("campaign_id", "in", self.ids), ("state", "=", "pending")])
        )
        guard.unlocked(ratings).write({"state": "expired"})
        self._unlink_activities()

    def _pick_for_screen(self, campaign_id):
        """For a screen's campaign picker: these campaigns, the latest closed
        first, and the one asked for (else the latest)."""
        ordered = self.sudo().sorted(
            lambda c: (c.close_date or c.create_date, c.id), reverse=True
        )
        return ordered, ordered.filtered(lambda c: c.id == campaign_id)[:1] or (
            ordered[:1]
        )

    def _compute_results(self):
        self.ensure_one()
        self.env["internal.customer.result"]._compute_for_campaign(self)

    # ------------------------------------------------------------------
    # Navigation
    # ------------------------------------------------------------------
    def action_view_results(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "internal_customer.internal_customer_result_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"search_default_filter_employee_overall": 1}
        return action

    def action_view_my_ratings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "internal_customer.internal_customer_rating_action_mine"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        return action
