# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The spreadsheet dashboard: every pivot and chart it holds reads real
fields as HR, returns the figures the product shows, and nobody but HR sees
it; a tour opens it in the browser."""

import base64
import json

from odoo.tests import HttpCase, tagged

from odoo.addons.internal_customer.tests.tour_screenshots import TourScreenshots
from odoo.addons.internal_kpi.tests.common import CycleCase


class DashboardCase(CycleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref(
            "spreadsheet_dashboard_internal_customer.spreadsheet_dashboard_internal_customer"
        )
        cls.data = json.loads(base64.b64decode(cls.dashboard.spreadsheet_binary_data))

    def _sources(self):
        """(model, domain, groupbys, measures) of every pivot and chart."""
        for pivot in self.data["pivots"].values():
            yield (
                pivot["model"],
                pivot["domain"],
                [row["fieldName"] for row in pivot["rows"]],
                [m["fieldName"] for m in pivot["measures"]],
            )
        for sheet in self.data["sheets"]:
            for figure in sheet["figures"]:
                meta = figure["data"].get("metaData")
                if meta:
                    yield (
                        meta["resModel"],
                        figure["data"]["searchParams"]["domain"],
                        meta["groupBy"],
                        [meta["measure"]],
                    )


@tagged("post_install", "-at_install")
class TestSpreadsheetDashboard(DashboardCase):
    def test_every_source_reads_real_fields_as_hr(self):
        self._run_campaign()
        self.campaign.action_publish()
        self.cycle.action_start()
        card = self._card(self.cycle, self.ivy)
        self._fill_manual(card, obj=80, lead=5)
        sources = list(self._sources())
        self.assertEqual(len(sources), 6)
        for model, domain, groupby, measures in sources:
            with self.subTest(model=model, groupby=groupby):
                Model = self.env[model].with_user(self.user_hr)
                for name in groupby + measures:
                    if name != "__count":
                        self.assertIn(name, Model._fields)
                aggregates = [
                    "__count" if m == "__count" else f"{m}:avg" for m in measures
                ]
                rows = Model._read_group(domain, groupby, aggregates)
                self.assertTrue(rows, (model, domain, groupby))
        # The company's figures of the campaign, as the campaign table reads them
        company = (
            self.env["internal.customer.result"]
            .with_user(self.user_hr)
            ._read_group(
                self.data["pivots"]["2"]["domain"], ["campaign_id"], ["index:avg"]
            )
        )
        self.assertEqual([c for c, _i in company], [self.campaign])
        self.assertIsNotNone(company[0][1])
        bands = self.env["internal.kpi.scorecard"]._read_group(
            [("score_status", "=", "complete")], ["cycle_id", "band"], ["__count"]
        )
        self.assertIn((self.cycle, "Meets expectations", 1), bands)

    def test_only_hr_sees_the_dashboard(self):
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertIn(self.dashboard, Dashboard.with_user(self.user_hr).search([]))
        for user in (self.user_sam, self.user_it_lead, self.user_boss):
            with self.subTest(user=user.login):
                self.assertNotIn(self.dashboard, Dashboard.with_user(user).search([]))

    def test_the_figures_are_the_shown_results_only(self):
        """Every source reads results with visible = True: a hidden result
        (no number) never counts in an average."""
        for model, domain, _groupby, _measures in self._sources():
            if model == "internal.customer.result":
                self.assertIn(["visible", "=", True], domain)


@tagged("post_install", "-at_install")
class TestSpreadsheetDashboardUi(TourScreenshots, HttpCase, DashboardCase):
    browser_size = "1280x800"

    def test_hr_opens_the_dashboard(self):
        self._run_campaign()
        self.start_tour(
            f"/odoo/dashboards?dashboard_id={self.dashboard.id}",
            "spreadsheet_dashboard_internal_customer_tour",
            login="ic_hr",
        )
