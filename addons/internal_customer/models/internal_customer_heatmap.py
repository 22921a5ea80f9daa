# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

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

    def _views(self, campaign, cells):
        views = [{"key": "all", "label": self.env._("All dimensions")}]
        for snapshot in campaign.dimension_snapshot_ids.sorted("sequence"):
            views.append(
                {
                    "key": f"dim:{snapshot.dimension_id.id}",
                    "label": snapshot.dimension_id.name,
                    "group": self.env._("Dimension"),
                }
            )
        present = {key[2][1] for key in cells if key[2][0] == "type"}
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
        raw = heatmap.read(self.env.cr, (campaign | previous).ids)
        maps = {}
        for source in campaign | previous:
            cells = raw.get(source.id, {})
            shown, hidden_rows = heatmap.suppress(
                {key: value[0] for key, value in cells.items()}, source.min_raters
            )
            maps[source.id] = (cells, shown, hidden_rows)
        cells, shown, hidden_rows = maps[campaign.id]
        view_key = self._view_key(view)
        data["views"] = self._views(campaign, cells)
        if not any(v["key"] == data["view"] for v in data["views"]):
            data["view"], view_key = "all", heatmap.ALL
        mean, totals = self._figures(campaign, view_key, rows_allowed)
        data.update(
            threshold=campaign.min_raters,
            mean=mean is not None and round(mean, 1),
        )
        before = maps.get(previous.id) if previous else None
        grid = {}
        for key in cells:
            a, b, cell_view = key
            if cell_view != view_key or (
                rows_allowed is not None and a not in rows_allowed
            ):
                continue
            cell = {"customer": b, "index": None, "raters": None, "change": None}
            if key in shown:
                raters, sw, w = cells[key]
                cell["index"] = round(heatmap.index(sw, w), 1)
                cell["raters"] = len(raters)
                if before and key in before[1]:
                    _r, psw, pw = before[0][key]
                    cell["change"] = round(cell["index"] - heatmap.index(psw, pw), 1)
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
                    "all_hidden": a in hidden_rows,
                    "cells": [grid[a].get(col["id"]) for col in data["columns"]],
                }
            )
        if not data["rows"]:
            data["message"] = self.env._(
                "Nothing to show for this view: no shown result has ratings in it."
            )
        return data
