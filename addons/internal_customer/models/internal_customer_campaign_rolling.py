# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Rolling results: feedback given between campaigns, released in a batch as
soon as enough colleagues gave it on the same colleague (when the company
prefers that to waiting for the next campaign)."""

from odoo import api, fields, models
from odoo.tools import SQL, format_date

from .. import guard
from ..engine import launch


class InternalCustomerCampaignRolling(models.Model):
    _inherit = "internal.customer.campaign"

    is_rolling = fields.Boolean(
        string="Feedback Between Campaigns",
        readonly=True,
        copy=False,
        help="Made of feedback given between campaigns, released together once "
        "enough colleagues had given it on each colleague rated; no request was "
        "sent. Never the campaign that others compare with.",
    )

    def _find_previous(self):
        # A rolling result compares with nothing (nor does anything with it)
        if self.is_rolling:
            return self.browse()
        return super()._find_previous()

    @api.model
    def _cron_release_rolling(self):
        companies = self.env["res.company"].search(
            [("ic_held_release", "=", "rolling")]
        )
        for company in companies:
            self._release_rolling(company)

    @api.model
    def _release_rolling(self, company):
        """One campaign, closed at once, with the held feedback of every
        colleague who has it from at least the threshold of distinct raters;
        the others' stays held. Returns the campaign (or an empty recordset)."""
        Campaign = self.sudo()
        k = Campaign._fields["min_raters"].default(Campaign)
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                """SELECT ratee_id, min(submit_date)::date
                     FROM internal_customer_rating
                    WHERE campaign_id IS NULL AND state = 'held'
                      AND company_id = %s
                    GROUP BY ratee_id HAVING count(DISTINCT rater_id) >= %s
                    ORDER BY ratee_id""",
                company.id,
                k,
            )
        )
        rows = cr.fetchall()
        if not rows:
            return self.browse()
        today = fields.Date.context_today(self)
        ratees = [ratee for ratee, _day in rows]
        dimensions = (
            self.env["internal.customer.dimension"]
            .sudo()
            .search([("company_id", "in", [False, company.id])])
        )
        campaign = guard.silent(guard.unlocked(Campaign)).create(
            {
                "name": self.env._(
                    "Feedback between campaigns, %(date)s",
                    date=format_date(self.env, today),
                ),
                "company_id": company.id,
                "is_rolling": True,
                "date_start": min(day for _ratee, day in rows),
                "date_end": today,
                "deadline": today,
                "min_raters": k,
                "employee_ids": [(6, 0, ratees)],
                "dimension_ids": [(6, 0, dimensions.ids)],
                "invitations_sent": True,
            }
        )
        params = campaign._launch_params()
        launch.snapshot_dimensions(cr, params)
        launch.adopt_all_held(cr, params, ratees)
        campaign._finish_rolling()
        return campaign

    def _finish_rolling(self):
        self.ensure_one()
        self.env["internal.customer.rating"].invalidate_model()
        self.env["internal.customer.rating.line"].invalidate_model()
        self._flow_move("action_launch", {"launch_date": fields.Datetime.now()})
        self._close()
