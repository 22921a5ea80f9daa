# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class InternalCustomerTeam(models.AbstractModel):
    """The manager's team view: one row per colleague they manage (in the org
    chart, or in a department they head) with the campaign's result.

    Read with the user's own rights: the record rules give a manager their
    team's results once the campaign is closed, and nobody else's. HR, who may
    read every result, sees their own team here too (the whole company is the
    Results analysis). Other addons add columns (see ``_team_columns``).
    """

    _name = "internal.customer.team"
    _description = "My Team"

    def _team_domain(self):
        return [
            ("level", "=", "employee"),
            ("dimension_id", "=", False),
            ("relation_type", "=", False),
            ("campaign_id.state", "in", ("closed", "published")),
            ("company_id", "in", self.env.companies.ids),
            ("employee_id.user_id", "!=", self.env.uid),
            "|",
            ("employee_id.ic_manager_user_ids", "in", [self.env.uid]),
            ("employee_id.ic_head_user_ids", "in", [self.env.uid]),
        ]

    def _team_columns(self):
        """Extra columns: ``[{"key", "label", "type"}]``, filled by
        ``_team_extra``."""
        return []

    def _team_extra(self, campaign, rows):
        """Fill the extra columns of ``rows`` (dicts with ``employee_id``)."""
        return rows

    @api.readonly
    @api.model
    def get_team(self, campaign_id=None):
        results = self.env["internal.customer.result"].search(self._team_domain())
        campaigns, campaign = results.campaign_id._pick_for_screen(campaign_id)
        data = {
            "campaigns": [{"id": c.id, "name": c.name} for c in campaigns],
            "campaign_id": campaign.id or False,
            "columns": self._team_columns(),
            "rows": [],
            "message": False,
        }
        if not campaign:
            data["message"] = self.env._(
                "No results for your team yet: they show here once a campaign in "
                "which the colleagues you manage were rated is closed."
            )
            return data
        data["threshold"] = campaign.min_raters
        rows = []
        for result in results.filtered(lambda r: r.campaign_id == campaign):
            shown = result.visible
            rows.append(
                {
                    "employee_id": result.employee_id.id,
                    "result_id": result.id,
                    "name": result.employee_id.name,
                    "department": result.department_id.name or "",
                    "index": round(result.index, 1) if shown else None,
                    "calibrated": round(result.index_calibrated, 1) if shown else None,
                    "change": round(result.index_change, 1)
                    if shown and result.index_change not in (None, False)
                    else None,
                    "raters": result.rater_count if shown else None,
                }
            )
        rows.sort(key=lambda row: row["name"])
        data["rows"] = self._team_extra(campaign, rows)
        return data
