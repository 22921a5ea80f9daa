# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


def _index(mean):
    # An empty figure reads False or None
    return None if mean is None or mean is False else round(25.0 * (mean - 1.0), 1)


def _round(value):
    return None if value is None or value is False else round(value, 1)


class InternalCustomerFeedback(models.AbstractModel):
    """The employee's "My Feedback" page: their published results as charts.

    Everything is read with the user's own rights (the record rules give an
    employee their own results once published), but for the company's figure
    per dimension, which is shown only when it is made of more colleagues
    than the threshold: the company's figure minus one's own must still be
    the figure of at least ``k`` colleagues, never one colleague's result.
    """

    _name = "internal.customer.feedback"
    _description = "My Feedback"

    def _own(self, campaigns=None):
        domain = [
            ("level", "=", "employee"),
            ("employee_id.user_id", "=", self.env.uid),
            ("campaign_id.state", "=", "published"),
            ("company_id", "in", self.env.companies.ids),
            ("relation_type", "=", False),
        ]
        if campaigns is not None:
            domain.append(("campaign_id", "in", campaigns.ids))
        return self.env["internal.customer.result"].search(domain)

    def _company(self, campaign):
        """The company's index per dimension (None: overall), where enough
        colleagues make it."""
        Result = self.env["internal.customer.result"].sudo()
        scope = [("campaign_id", "=", campaign.id), ("relation_type", "=", False)]
        colleagues = dict(
            Result._read_group(
                [*scope, ("level", "=", "employee"), ("visible", "=", True)],
                ["dimension_id"],
                ["__count"],
            )
        )
        figures = {}
        for result in Result.search(
            [*scope, ("level", "=", "company"), ("visible", "=", True)]
        ):
            if colleagues.get(result.dimension_id, 0) > campaign.min_raters:
                figures[result.dimension_id.id or None] = _round(result.index)
        return figures

    @api.readonly
    @api.model
    def get_my_feedback(self, campaign_id=None):
        """The page's data for one published campaign (the latest by default)."""
        own = self._own()
        overall = own.filtered(lambda r: not r.dimension_id)
        campaigns, campaign = overall.campaign_id._pick_for_screen(campaign_id)
        data = {
            "campaigns": [{"id": c.id, "name": c.name} for c in campaigns],
            "campaign_id": campaign.id or False,
            "message": False,
            "dimensions": [],
            "trend": [],
        }
        if not campaign:
            data["message"] = self.env._(
                "No feedback published yet: when HR publishes a campaign in which "
                "colleagues rated you, your results appear here."
            )
            return data
        mine = own.filtered(lambda r: r.campaign_id == campaign)
        main = mine.filtered(lambda r: not r.dimension_id)
        previous = campaign.previous_campaign_id
        before = {
            r.dimension_id.id: r
            for r in (self._own(previous) if previous else own.browse())
            if r.visible
        }
        company = self._company(campaign)
        data.update(
            result_id=main.id,
            threshold=campaign.min_raters,
            visible=main.visible,
            index=_round(main.index) if main.visible else None,
            index_calibrated=_round(main.index_calibrated) if main.visible else None,
            change=_round(main.index_change) if main.visible else None,
            raters=main.rater_count if main.visible else None,
            company=company.get(None),
            self_index=_index(main.self_mean) if main.visible else None,
            previous=previous.sudo().name if previous else False,
        )
        snapshots = campaign.sudo().dimension_snapshot_ids.sorted("sequence")
        by_dimension = {r.dimension_id.id: r for r in mine if r.dimension_id}
        for snapshot in snapshots:
            dimension = snapshot.dimension_id
            result = by_dimension.get(dimension.id)
            shown = bool(result and result.visible)
            data["dimensions"].append(
                {
                    "id": dimension.id,
                    "name": dimension.name,
                    "mine": _round(result.index) if shown else None,
                    "calibrated": _round(result.index_calibrated) if shown else None,
                    "company": company.get(dimension.id),
                    "previous": _round(before[dimension.id].index)
                    if dimension.id in before
                    else None,
                    "self": _index(result.self_mean) if shown else None,
                }
            )
        for past in campaigns.sorted(lambda c: (c.close_date or c.create_date, c.id)):
            result = overall.filtered(lambda r, c=past: r.campaign_id == c)
            data["trend"].append(
                {
                    "campaign": past.name,
                    "index": _round(result.index) if result.visible else None,
                    "calibrated": _round(result.index_calibrated)
                    if result.visible
                    else None,
                }
            )
        return data
