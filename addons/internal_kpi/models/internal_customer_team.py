# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class InternalCustomerTeam(models.AbstractModel):
    """The team view gets each colleague's scorecard of the cycle that the
    campaign feeds: its state and its band."""

    _inherit = "internal.customer.team"

    def _team_columns(self):
        return [
            *super()._team_columns(),
            {"key": "scorecard", "label": self.env._("Scorecard"), "type": "char"},
            {"key": "band", "label": self.env._("Band"), "type": "char"},
        ]

    def _team_extra(self, campaign, rows):
        rows = super()._team_extra(campaign, rows)
        # With the user's own rights: the scorecards of the colleagues they
        # manage; the latest cycle fed by this campaign
        scorecards = self.env["internal.kpi.scorecard"].search(
            [
                ("cycle_id.campaign_ids", "in", campaign.ids),
                ("employee_id", "in", [row["employee_id"] for row in rows]),
            ],
            order="id desc",
        )
        states = dict(scorecards._fields["state"]._description_selection(self.env))
        latest = {}
        for scorecard in scorecards:
            latest.setdefault(scorecard.employee_id.id, scorecard)
        for row in rows:
            scorecard = latest.get(row["employee_id"])
            row["scorecard"] = states[scorecard.state] if scorecard else ""
            row["band"] = (scorecard.band or "") if scorecard else ""
            row["scorecard_id"] = scorecard.id if scorecard else False
        return rows
