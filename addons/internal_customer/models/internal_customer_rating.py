# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .. import guard
from .internal_customer_relation import RELATION_TYPES


class InternalCustomerRating(models.Model):
    """One rating request and its answer.

    Readable by its rater only (a global record rule, which binds HR too):
    no field here is tracked, and nothing about it is posted to a chatter.

    Feedback given between campaigns ("Give feedback now") is a rating
    without a campaign: a *draft* while the rater writes it, then *held*. The
    launch of the next campaign that covers the relation and the day it was
    given adopts it as that campaign's answer for the pair, in one batch with
    every other held feedback (engine/launch.py); until then nobody else can
    see that it exists.
    """

    _name = "internal.customer.rating"
    _description = "Internal Customer Rating"
    _inherit = ["internal.customer.guarded", "mail.thread", "mail.activity.mixin"]
    _order = "deadline, ratee_id, id"
    _check_company_auto = True
    # The rater writes their answer; everything else (whom it is about, who
    # rates, the state) is set by the launch and the actions.
    _client_fields = (
        "line_ids",
        "comment_positive",
        "comment_improve",
        "decline_reason",
    )
    _system_created = True
    _state_flow = {
        "action_submit": (("pending",), "submitted"),
        "action_decline": (("pending",), "declined"),
        "expire": (("pending",), "expired"),
        "action_give": (("draft",), "held"),
    }

    campaign_id = fields.Many2one(
        "internal.customer.campaign",
        index=True,
        ondelete="cascade",
        readonly=True,
        help="Empty for feedback given between campaigns, until a campaign adopts it.",
    )
    relation_id = fields.Many2one(
        "internal.customer.relation", index=True, readonly=True, ondelete="set null"
    )
    rater_id = fields.Many2one(
        "hr.employee", string="Rater", required=True, index=True, readonly=True
    )
    ratee_id = fields.Many2one(
        "hr.employee",
        string="Colleague Rated",
        required=True,
        index=True,
        readonly=True,
    )
    ratee_department_id = fields.Many2one(
        "hr.department",
        string="Colleague's Department",
        readonly=True,
        ondelete="restrict",
        help="As at launch: a closed campaign's roll-ups never change.",
    )
    rater_department_id = fields.Many2one(
        "hr.department",
        string="Rater's Department",
        readonly=True,
        ondelete="restrict",
        help="As at launch: the service heat map of a closed campaign never changes.",
    )
    relation_type = fields.Selection(RELATION_TYPES, string="Type", readonly=True)
    service_name = fields.Char(related="relation_id.service_name", string="Service")
    expectation = fields.Text(
        related="relation_id.expectation", string="Agreed Service Level"
    )
    is_self = fields.Boolean(string="Self-rating", readonly=True)
    state = fields.Selection(
        [
            ("pending", "To Rate"),
            ("submitted", "Submitted"),
            ("declined", "Declined"),
            ("expired", "Expired"),
            ("draft", "Being Written"),
            ("held", "Held for the Next Campaign"),
        ],
        default="pending",
        required=True,
        index=True,
        readonly=True,
    )
    line_ids = fields.One2many(
        "internal.customer.rating.line", "rating_id", string="Scores"
    )
    comment_positive = fields.Text(string="What Went Well")
    comment_improve = fields.Text(string="What to Improve")
    decline_reason = fields.Text()
    submit_date = fields.Datetime(readonly=True)
    given_early = fields.Boolean(
        string="Given Before the Campaign",
        readonly=True,
        help="Feedback you gave between campaigns, which this campaign counted as "
        "your answer.",
    )
    deadline = fields.Date(related="campaign_id.deadline", store=True)
    campaign_description = fields.Html(related="campaign_id.description")
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    invited = fields.Boolean(readonly=True, groups="base.group_system")
    reminder_count = fields.Integer(readonly=True, groups="base.group_system")
    last_reminder_date = fields.Date(readonly=True, groups="base.group_system")
    ratee_job_title = fields.Char(related="ratee_id.job_title", string="Job Title")
    ratee_image = fields.Image(related="ratee_id.image_128", string="Photo")
    commitment_ids = fields.Many2many(
        "internal.customer.improvement",
        compute="_compute_commitment_ids",
        string="Commitments",
        help="What the colleague committed to improve after the last campaign.",
    )

    _sql_constraints = [
        (
            "unique_request",
            "UNIQUE(campaign_id, relation_id)",
            "A relation is rated at most once per campaign.",
        ),
        (
            "held_without_campaign",
            "CHECK((campaign_id IS NULL) = (state IN ('draft', 'held')))",
            "Feedback given between campaigns has no campaign until one adopts it; "
            "a campaign's request always has one.",
        ),
    ]

    def init(self):
        self.env.cr.execute(
            """CREATE UNIQUE INDEX IF NOT EXISTS internal_customer_rating_unique_self
                   ON internal_customer_rating (campaign_id, rater_id) WHERE is_self"""
        )
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS internal_customer_rating_campaign_state
                   ON internal_customer_rating (campaign_id, state)"""
        )
        # One feedback between campaigns per colleague at a time: the next
        # campaign adopts it, then the rater may give another
        self.env.cr.execute(
            """CREATE UNIQUE INDEX IF NOT EXISTS internal_customer_rating_unique_held
                   ON internal_customer_rating (rater_id, ratee_id)
                WHERE campaign_id IS NULL"""
        )

    @api.depends("ratee_id")
    def _compute_display_name(self):
        for rating in self:
            rating.display_name = (
                self.env._("Self-rating") if rating.is_self else rating.ratee_id.name
            )

    @api.depends("ratee_id", "campaign_id")
    def _compute_commitment_ids(self):
        # Improvement actions shared with internal customers are readable by
        # every employee (a record rule): they reveal nothing about raters.
        actions = self.env["internal.customer.improvement"].search(
            [
                ("employee_id", "in", self.ratee_id.ids),
                ("state", "in", ("open", "done")),
                ("share_with_customers", "=", True),
            ]
        )
        for rating in self:
            rating.commitment_ids = actions.filtered(
                lambda a, r=rating: (
                    a.employee_id == r.ratee_id and a.campaign_id != r.campaign_id
                )
            )

    @api.constrains("rater_id", "ratee_id", "is_self")
    def _check_self(self):
        for rating in self:
            if (rating.rater_id == rating.ratee_id) != rating.is_self:
                raise ValidationError(
                    self.env._(
                        "You can rate yourself only in a self-rating, and a "
                        "self-rating is about yourself."
                    )
                )

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------
    def _check_rater(self):
        """Only the rater answers a request (the record rule already hides it
        from everyone else; this also binds server code acting for a user)."""
        if self.env.su:
            return
        for rating in self:
            if rating.rater_id.user_id != self.env.user:
                raise AccessError(
                    self.env._("Only the colleague asked to rate can answer this.")
                )

    def _flow_hint(self, action):
        return self.env._("A colleague is rated once per campaign.")

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """Nobody follows a rating: followers are readable by every employee,
        and a follower would tell whose request it is."""
        return True

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        # The same for the subscriptions mail makes on its own (posting, ...)
        return True

    def _check_answerable(self):
        """Refuse an answer outside an open campaign, after the deadline, or
        twice. The campaign row is share-locked first: closing it (which locks
        it for update) then waits for answers in flight, and answers wait for
        the closing, which they then see; campaign before rating, always, so
        that the two never deadlock."""
        locked = self.env.cr.cache.setdefault("internal_customer_shared", set())
        campaigns = set(self.sudo().campaign_id.ids) - locked
        if campaigns:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM internal_customer_campaign WHERE id = ANY(%s) "
                    "ORDER BY id FOR SHARE",
                    sorted(campaigns),
                )
            )
            locked |= campaigns
        today = fields.Date.context_today(self)
        for rating in self:
            if not rating.campaign_id:
                if rating.state != "draft":
                    raise UserError(
                        self.env._(
                            "Your feedback for %(ratee)s is held for the next "
                            "campaign: it can no longer change. Withdraw it to "
                            "write another.",
                            ratee=rating.display_name,
                        )
                    )
                continue
            if rating.state != "pending":
                raise UserError(
                    self.env._(
                        "You already answered this request for %(ratee)s (%(state)s): "
                        "a colleague is rated once per campaign.",
                        ratee=rating.display_name,
                        state=rating._selection_label(),
                    )
                )
            if rating.campaign_id.state != "open":
                raise UserError(
                    self.env._(
                        "The campaign '%(campaign)s' is closed: ratings can no longer "
                        "be given.",
                        campaign=rating.campaign_id.name,
                    )
                )
            if rating.deadline and rating.deadline < today:
                raise UserError(
                    self.env._(
                        "The deadline of '%(campaign)s' has passed: ratings can no "
                        "longer be given.",
                        campaign=rating.campaign_id.name,
                    )
                )

    def write(self, vals):
        if not guard.is_unlocked(self.env):
            vals = self._guard_drop_computed(vals)
            if not vals:
                return True
            # Access first: whether a request is answered is its rater's business
            self.check_access("write")
            self._check_answerable()
        return super().write(vals)

    def _guard_hint(self):
        return self.env._(
            "a campaign's launch creates the requests, and Submit or Decline answers "
            "them"
        )

    def _after_answer(self):
        """Move the rater's to-do to their next pending request of the campaign,
        or drop it when nothing is left (the to-do lives on the rater's own
        requests, which only they can read)."""
        Activity = self.env["mail.activity"].sudo()
        Rating = self.sudo()
        todos = Activity.search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        )
        for todo in todos:
            answered = Rating.browse(todo.res_id)
            following = Rating.search(
                [
                    ("campaign_id", "=", answered.campaign_id.id),
                    ("rater_id", "=", answered.rater_id.id),
                    ("state", "=", "pending"),
                ],
                order="id",
                limit=1,
            )
            if following:
                todo.write({"res_id": following.id})
            else:
                todo.unlink()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_submit(self):
        self._check_rater()
        self._check_answerable()
        self._flow_check("action_submit")
        self._check_answer()
        self.sudo()._flow_move("action_submit", {"submit_date": fields.Datetime.now()})
        self._after_answer()
        return self._thank_and_open_next()

    def _check_answer(self):
        """At least one score, and a comment with any 1 or 5."""
        for rating in self:
            scores = rating.line_ids.filtered(lambda line: line.score)
            if not scores:
                raise ValidationError(
                    self.env._(
                        "Give a score to at least one dimension (or decline the "
                        "request if you cannot rate %(ratee)s).",
                        ratee=rating.display_name,
                    )
                )
            extreme = scores.filtered(lambda line: line.score in (1, 5))
            has_comment = (rating.comment_positive or "").strip() or (
                rating.comment_improve or ""
            ).strip()
            if extreme and not has_comment:
                raise ValidationError(
                    self.env._(
                        "You gave a score of 1 or 5 (%(dimensions)s): say why in "
                        "'What went well' or 'What to improve', then submit again.",
                        dimensions=", ".join(extreme.dimension_id.mapped("name")),
                    )
                )

    def action_give(self):
        """Hold feedback given between campaigns: nobody sees it, nothing is
        sent, until a campaign adopts it."""
        self._check_rater()
        self._check_answerable()
        self._flow_check("action_give")
        self._check_answer()
        # The day it was given, for the campaign whose period covers it; the
        # adopting launch stamps it anew
        self.sudo()._flow_move("action_give", {"submit_date": fields.Datetime.now()})
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Feedback held"),
                "message": self.env._(
                    "Thank you. Nobody sees it until the next campaign that covers "
                    "this colleague and today: it then counts as your answer, "
                    "together with everyone's, and you will not be asked again."
                ),
                "type": "success",
                "sticky": False,
                "next": self.env["internal.customer.relation"].action_feedback_now(),
            },
        }

    def action_withdraw(self):
        """Delete feedback between campaigns that no campaign has adopted."""
        self._check_rater()
        if any(r.campaign_id or r.state not in ("draft", "held") for r in self):
            raise UserError(
                self.env._(
                    "Only feedback given between campaigns, before a campaign counts "
                    "it, can be withdrawn."
                )
            )
        guard.unlocked(self.sudo()).unlink()
        return self.env["internal.customer.relation"].action_feedback_now()

    def action_decline(self):
        self._check_rater()
        self._check_answerable()
        self._flow_check("action_decline")
        if any(not (r.decline_reason or "").strip() for r in self):
            raise UserError(
                self.env._(
                    "Write why you cannot rate this colleague in 'Decline Reason' "
                    "(for example: we did not work together in this period), then "
                    "click Decline again."
                )
            )
        self.sudo()._flow_move("action_decline")
        self._after_answer()
        return self._thank_and_open_next()

    def _thank_and_open_next(self):
        """Thank the rater, say how many colleagues are left, and open the next
        one (or, when none is left, what they have answered)."""
        left = self.search_count(
            [("state", "=", "pending"), ("rater_id.user_id", "=", self.env.uid)]
        )
        if left > 1:
            message = self.env._(
                "Thank you. %(count)s colleagues left to rate.", count=left
            )
        elif left == 1:
            message = self.env._("Thank you. One colleague left to rate.")
        else:
            message = self.env._(
                "Thank you: you have answered every request. Your answers stay "
                "anonymous."
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Answer sent"),
                "message": message,
                "type": "success",
                "sticky": False,
                "next": self.action_open_next(),
            },
        }

    def action_open_next(self):
        """After an answer, open the next pending request, or the list."""
        next_rating = self.search(
            [("state", "=", "pending"), ("rater_id.user_id", "=", self.env.uid)],
            limit=1,
        )
        if next_rating:
            return {
                "type": "ir.actions.act_window",
                "res_model": self._name,
                "res_id": next_rating.id,
                "view_mode": "form",
                "views": [(False, "form")],
                "target": "current",
            }
        # Nothing left: show what they answered, not an empty "to rate" list
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "internal_customer.internal_customer_rating_action_mine"
        )
        action["context"] = {"search_default_filter_done": 1}
        return action
