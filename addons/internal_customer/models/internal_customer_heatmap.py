# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import AccessError

from ..engine import heatmap
from .internal_customer_relation import RELATION_TYPES


class InternalCustomerHeatmap(models.AbstractModel):
    """The service heat map's data, for the OWL screen of the same name.

    HR sees every provider department of a closed campaign; anybody else sees
    the rows of the departments they head (as for the department results),
    and an employee who heads none sees nothing. The suppression is computed
    over the whole map before the rows are chosen, so that every reader sees
    the same figure in the same cell.
    """

    _name = "internal.customer.heatmap"
    _description = "Service Heat Map"

    def init(self):
        self.env.cr.execute(heatmap.TABLES)

    def _campaigns(self):
        return (
            self.env["internal.customer.campaign"]
            .sudo()
            .search(
                [
                    ("state", "in", ("closed", "published")),
                    ("job", "=", False),
                    ("company_id", "in", self.env.companies.ids),
                ],
                order="close_date desc, id desc",
            )
        )

    def _rows_allowed(self, campaign):
        """The provider departments this user may see, or None for all."""
        if self.env["res.users"]._ic_is_hr():
            return None
        return set(
            self.env["hr.department"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("manager_id.user_id", "=", self.env.uid),
                    ("company_id", "in", [campaign.company_id.id, False]),
                ]
            )
            .ids
        )

    def _load(self, campaigns, view_key):
        """The cells of one view of these campaigns: stored when their results
        were computed, else (a campaign closed before this version) computed
        now, in memory."""
        maps = heatmap.load(self.env.cr, campaigns.ids, view_key)
        missing = campaigns.filtered(lambda c: c.id not in maps)
        if missing:
            # One provider at a time: the relation types present, and the
            # cells of the view asked for
            thresholds = {c.id: c.min_raters for c in missing}
            for campaign_id in thresholds:
                maps[campaign_id] = (set(), {})
            for campaign_id, cells in heatmap.build(self.env.cr, thresholds):
                types, kept = maps[campaign_id]
                for (a, b, view), value in cells.items():
                    if view[0] == "type":
                        types.add(view[1])
                    if view == view_key:
                        kept[(a, b)] = value
        return maps

    def _views(self, campaign, present):
        views = [{"key": "all", "label": self.env._("All dimensions")}]
        for snapshot in campaign.dimension_snapshot_ids.sorted("sequence"):
            views.append(
                {
                    "key": f"dim:{snapshot.dimension_id.id}",
                    "label": snapshot.dimension_id.name,
                    "group": self.env._("Dimension"),
                }
            )
        labels = dict(
            self.env["internal.customer.relation"]
            ._fields["relation_type"]
            ._description_selection(self.env)
        )
        for code, _label in RELATION_TYPES:
            if code in present:
                views.append(
                    {
                        "key": f"type:{code}",
                        "label": labels[code],
                        "group": self.env._("Relation type"),
                    }
                )
        return views

    @staticmethod
    def _view_key(view):
        if view and view.startswith("dim:") and view[4:].isdigit():
            return ("dim", int(view[4:]))
        if view and view.startswith("type:"):
            return ("type", view[5:])
        return heatmap.ALL

    def _figures(self, campaign, view_key, rows):
        """Company and department results of the view: the colour scale's
        middle and the row totals (the department results HR already sees)."""
        domain = [
            ("campaign_id", "=", campaign.id),
            ("level", "in", ("company", "department")),
            ("visible", "=", True),
            (
                "dimension_id",
                "=",
                view_key[1] if view_key[0] == "dim" else False,
            ),
            ("relation_type", "=", view_key[1] if view_key[0] == "type" else False),
        ]
        mean, totals = None, {}
        for result in self.env["internal.customer.result"].sudo().search(domain):
            if result.level == "company":
                mean = result.index
            elif rows is None or result.department_id.id in rows:
                totals[result.department_id.id] = result.index
        return mean, totals

    @api.readonly
    @api.model
    def get_heatmap(self, campaign_id=None, view="all", compare=False):
        """The map of one campaign and view, as plain values for the screen."""
        campaigns = self._campaigns()
        campaign = (
            campaigns.filtered(lambda c: c.id == campaign_id)[:1] or campaigns[:1]
        )
        data = {
            "campaigns": [{"id": c.id, "name": c.name} for c in campaigns],
            "campaign_id": campaign.id or False,
            "view": view or "all",
            "compare": bool(compare),
            "views": [],
            "rows": [],
            "columns": [],
            "message": False,
        }
        if not campaign:
            data["message"] = self.env._(
                "No closed campaign yet: the map shows a campaign's results once "
                "it is closed."
            )
            return data
        rows_allowed = self._rows_allowed(campaign)
        if rows_allowed is not None and not rows_allowed:
            data["message"] = self.env._(
                "The heat map shows the departments you head, and you head none. "
                "Your own feedback is under My Feedback."
            )
            return data
        previous = campaign.previous_campaign_id if compare else campaign.browse()
        data["previous"] = (
            previous and {"id": previous.id, "name": previous.name} or False
        )
        view_key = self._view_key(view)
        maps = self._load(campaign | previous, view_key)
        types, cells = maps[campaign.id]
        data["views"] = self._views(campaign, types)
        if not any(v["key"] == data["view"] for v in data["views"]):
            data["view"], view_key = "all", heatmap.ALL
            maps = self._load(campaign | previous, view_key)
            types, cells = maps[campaign.id]
        mean, totals = self._figures(campaign, view_key, rows_allowed)
        data.update(
            threshold=campaign.min_raters,
            mean=mean is not None and round(mean, 1),
        )
        before = maps[previous.id][1] if previous else {}
        grid = {}
        for (a, b), (raters, value, calibrated) in cells.items():
            if rows_allowed is not None and a not in rows_allowed:
                continue
            cell = {
                "customer": b,
                "index": None,
                "calibrated": None,
                "raters": None,
                "change": None,
            }
            if raters is not None:
                cell["index"] = round(value, 1)
                if calibrated is not None:
                    cell["calibrated"] = round(calibrated, 1)
                cell["raters"] = raters
                if before.get((a, b), (None,))[0] is not None:
                    cell["change"] = round(value - before[(a, b)][1], 1)
            grid.setdefault(a, {})[b] = cell
        Department = self.env["hr.department"].sudo().with_context(active_test=False)
        columns = sorted({b for row in grid.values() for b in row})
        names = {
            d.id: d.complete_name
            for d in Department.browse([c for c in columns if c] + list(grid))
        }
        names[0] = self.env._("No department")
        data["columns"] = [
            {"id": b, "name": names[b]}
            for b in sorted(columns, key=lambda b: (not b, names[b]))
        ]
        for a in sorted(grid, key=lambda a: names[a]):
            data["rows"].append(
                {
                    "id": a,
                    "name": names[a],
                    "total": totals.get(a) is not None and round(totals[a], 1),
                    "cells": [grid[a].get(col["id"]) for col in data["columns"]],
                }
            )
        if not data["rows"]:
            data["message"] = self.env._(
                "Nothing to show for this view: no shown result has ratings in it."
            )
        return data

    @api.readonly
    @api.model
    def get_pair(self, campaign_id, provider_id, customer_id):
        """A pair's figures in every view (overall, each dimension, each
        relation type), as the map shows them: what a click on a cell opens.
        The same suppression, the same readers (HR, or the head of the
        provider department)."""
        campaign = self._campaigns().filtered(lambda c: c.id == campaign_id)[:1]
        if not campaign:
            raise AccessError(self.env._("This campaign has no heat map you may read."))
        rows_allowed = self._rows_allowed(campaign)
        if rows_allowed is not None and provider_id not in rows_allowed:
            raise AccessError(
                self.env._("The heat map shows you the departments you head only.")
            )
        cells = heatmap.load_pair(self.env.cr, campaign.id, provider_id, customer_id)
        if cells is None:
            cells = {}
            for _campaign, built in heatmap.build(
                self.env.cr, {campaign.id: campaign.min_raters}
            ):
                for (a, b, view), value in built.items():
                    if (a, b) == (provider_id, customer_id):
                        cells[view] = value
        types = {view[1] for view in cells if view[0] == "type"}
        Department = self.env["hr.department"].sudo().with_context(active_test=False)
        names = {
            d.id: d.complete_name
            for d in Department.browse([provider_id, customer_id]).exists()
        }
        data = {
            "provider": names.get(provider_id, ""),
            "customer": names.get(customer_id)
            or (self.env._("No department") if not customer_id else ""),
            "views": [],
        }
        for view in self._views(campaign, types):
            key = self._view_key(view["key"])
            if key in cells:
                raters, value, calibrated = cells[key]
                shown = raters is not None
                data["views"].append(
                    {
                        "key": view["key"],
                        "label": view["label"],
                        "group": view.get("group", ""),
                        "index": round(value, 1) if shown else None,
                        "calibrated": round(calibrated, 1)
                        if shown and calibrated is not None
                        else None,
                        "raters": raters,
                    }
                )
        return data
