# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Before launching or closing a campaign, HR sees what it will do, in numbers,
and decides: counts only, never who."""

from odoo import api, fields, models

from ..engine import launch


class InternalCustomerCampaignCheck(models.TransientModel):
    _name = "internal.customer.campaign.check"
    _description = "Check a Campaign Before Launching or Closing It"

    campaign_id = fields.Many2one(
        "internal.customer.campaign", required=True, readonly=True, ondelete="cascade"
    )
    step = fields.Selection(
        [("launch", "Launch"), ("close", "Close")], required=True, readonly=True
    )
    threshold = fields.Integer(related="campaign_id.min_raters")
    rater_count = fields.Integer(string="Raters", readonly=True)
    request_count = fields.Integer(string="Rating Requests", readonly=True)
    ratee_count = fields.Integer(string="Colleagues Rated", readonly=True)
    short_count = fields.Integer(
        string="Below the Threshold",
        readonly=True,
        help="Colleagues who will get no result: fewer possible raters (at launch) "
        "or answers (at closing) than the anonymity threshold.",
    )
    response_rate = fields.Float(related="campaign_id.response_rate")
    response_shown = fields.Boolean(readonly=True)
    days_left = fields.Integer(readonly=True)
    advice = fields.Text(readonly=True)

    @api.model
    def _open(self, campaign, step):
        campaign._check_hr()
        values = {"campaign_id": campaign.id, "step": step}
        if step == "launch":
            campaign._check_launchable()
            campaign.env.flush_all()
            raters, requests, ratees, short = launch.preview(
                self.env.cr, campaign._launch_params(), campaign.min_raters
            )
            values.update(
                rater_count=raters,
                request_count=requests,
                ratee_count=ratees,
                short_count=short,
            )
        else:
            ratees, short = campaign.sudo()._close_preview()
            today = fields.Date.context_today(campaign)
            values.update(
                request_count=campaign.sudo()._request_total(),
                ratee_count=ratees,
                short_count=short,
                response_shown=bool(campaign.request_count),
                days_left=max((campaign.deadline - today).days, 0)
                if campaign.deadline
                else 0,
            )
        check = self.create(values)
        check.advice = check._advice()
        return {
            "type": "ir.actions.act_window",
            "name": campaign.name,
            "res_model": self._name,
            "res_id": check.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def _advice(self):
        self.ensure_one()
        if self.step == "launch":
            if not self.request_count:
                return self.env._(
                    "No approved relation is in scope: nobody would be asked. Fix "
                    "the scope or approve relations first."
                )
            if self.short_count:
                return self.env._(
                    "%(short)s of the %(ratees)s colleagues in scope have fewer "
                    "possible raters than the anonymity threshold (%(k)s): they can "
                    "never get results. Widen the scope or map more relations "
                    "(Service Map), or launch anyway.",
                    short=self.short_count,
                    ratees=self.ratee_count,
                    k=self.threshold,
                )
            return self.env._(
                "Every colleague in scope can reach the anonymity threshold."
            )
        parts = []
        if self.days_left:
            parts.append(
                self.env._(
                    "The deadline is in %(days)s days: the requests still pending "
                    "expire now and can no longer be answered.",
                    days=self.days_left,
                )
            )
        if self.short_count:
            parts.append(
                self.env._(
                    "With the answers so far, %(short)s of the %(ratees)s colleagues "
                    "rated would get no result (fewer answers than %(k)s).",
                    short=self.short_count,
                    ratees=self.ratee_count,
                    k=self.threshold,
                )
            )
        if not parts:
            return self.env._(
                "Every colleague rated has enough answers for their results."
            )
        return "\n".join(parts)

    def action_confirm(self):
        self.ensure_one()
        campaign = self.campaign_id
        if self.step == "launch":
            result = campaign.action_launch()
        else:
            result = campaign.action_close()
        if isinstance(result, dict):
            return result
        return {"type": "ir.actions.act_window_close"}
