# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL


class InternalCustomerCampaign(models.Model):
    """HR's dashboard of an open campaign: how many answered, overall and per
    rater department, day by day, and a button for the next reminder.

    Counts only, and only for groups of at least the anonymity threshold
    (smaller departments are counted with their parent): never who has or
    has not answered. The groups are fixed by the requests, not by the
    answers, so that they do not move from one day to the next.
    """

    _inherit = "internal.customer.campaign"

    def _dashboard_campaigns(self):
        return self.sudo().search(
            [
                ("state", "in", ("open", "closed")),
                ("company_id", "in", self.env.companies.ids),
            ],
            order="state desc, launch_date desc, id desc",
        )

    def _daily_answers(self, groups):
        """Answers per day since the launch, overall and per group:
        ``(days, {group key or None: [cumulative answers per day]})``."""
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                """
                SELECT COALESCE(e.department_id, 0), r.submit_date::date, count(*)
                  FROM internal_customer_rating r
                  JOIN hr_employee e ON e.id = r.rater_id
                 WHERE r.campaign_id = %s AND NOT r.is_self
                   AND r.state = 'submitted' AND r.submit_date IS NOT NULL
                 GROUP BY 1, 2
                """,
                self.id,
            )
        )
        rows = self.env.cr.fetchall()
        first = self.launch_date.date() if self.launch_date else fields.Date.today()
        last = max(
            [first, min(fields.Date.today(), self.deadline or fields.Date.today())]
            + [day for _dep, day, _n in rows]
        )
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        where = {}
        for key, _label, _requests, _answered, keys in groups:
            for department in keys:
                where[department] = key
        daily = {None: [0] * len(days)}
        for key, *_rest in groups:
            daily[key] = [0] * len(days)
        for department, day, count in rows:
            index = max((day - first).days, 0)
            for key in (None, where.get(department)):
                if key in daily:
                    daily[key][index] += count
        for series in daily.values():
            for n in range(1, len(series)):
                series[n] += series[n - 1]
        return days, daily

    @api.readonly
    @api.model
    def get_dashboard(self, campaign_id=None):
        """The dashboard's data: HR only."""
        if not self.env["res.users"]._ic_is_hr():
            raise AccessError(self.env._("Only HR follows the response to a campaign."))
        campaigns = self._dashboard_campaigns()
        campaign = (
            campaigns.filtered(lambda c: c.id == campaign_id)[:1] or campaigns[:1]
        )
        data = {
            "campaigns": [
                {"id": c.id, "name": c.name, "state": c.state} for c in campaigns
            ],
            "campaign_id": campaign.id or False,
            "message": False,
            "groups": [],
            "days": [],
        }
        if not campaign:
            data["message"] = self.env._(
                "No campaign is open: launch one to follow how many colleagues "
                "answer, day by day."
            )
            return data
        data.update(
            state=campaign.state,
            threshold=campaign.min_raters,
            deadline=fields.Date.to_string(campaign.deadline)
            if campaign.deadline
            else False,
            days_left=max((campaign.deadline - fields.Date.today()).days, 0)
            if campaign.deadline
            else False,
            can_remind=campaign.state == "open",
        )
        groups = campaign._response_groups()
        if groups is None:
            data["message"] = self.env._(
                "This campaign has fewer requests than the anonymity threshold: no "
                "count is shown, as it would tell who answered."
            )
            return data
        days, daily = campaign._daily_answers(groups)
        requests = sum(g[2] for g in groups)
        data.update(
            requests=requests,
            answered=sum(g[3] for g in groups),
            days=[fields.Date.to_string(day) for day in days],
            daily=[round(100.0 * n / requests, 1) for n in daily[None]],
        )
        for key, label, group_requests, answered, _keys in groups:
            data["groups"].append(
                {
                    "key": str(key),
                    "name": label,
                    "requests": group_requests,
                    "answered": answered,
                    "rate": round(100.0 * answered / group_requests, 1),
                    "daily": [round(100.0 * n / group_requests, 1) for n in daily[key]],
                }
            )
        return data

    def action_open_dashboard(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "internal_customer.internal_customer_campaign_dashboard_action"
        )
        action["context"] = {"active_id": self.id}
        return action

    def action_send_reminders(self):
        """HR sends the next reminder now: to the raters who have not answered
        (each at most the campaign's number of reminders, once a day), straight
        to the mail server. HR learns neither who nor how many."""
        self._check_hr()
        self._check_idle()
        for campaign in self:
            if campaign.state != "open":
                raise UserError(
                    self.env._(
                        "'%(name)s' is not open: reminders go out only while raters "
                        "can still answer.",
                        name=campaign.name,
                    )
                )
            campaign._remind_pending(fields.Date.context_today(self))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Reminders sent"),
                "message": self.env._(
                    "The colleagues who have not answered yet get a reminder (each "
                    "at most %(count)s, and one a day at most). Nobody, HR "
                    "included, learns who they are.",
                    count=self[:1].max_reminders,
                ),
                "type": "success",
            },
        }
