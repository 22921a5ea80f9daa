# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""At-install checks: the installed KPIs, bands, and the demo cycle when loaded."""

from odoo.tests import TransactionCase, tagged


@tagged("at_install", "-post_install")
class TestInstall(TransactionCase):
    def test_default_kpis_and_bands(self):
        index = self.env.ref("internal_kpi.kpi_internal_customer_index")
        self.assertEqual(index.kind, "internal_customer")
        per_dimension = self.env["internal.kpi.definition"].search(
            [("kind", "=", "internal_customer_dimension")]
        )
        dimensions = self.env["internal.customer.dimension"].search([])
        self.assertEqual(per_dimension.dimension_id, dimensions)
        bands = self.env["internal.kpi.band"].search([])
        self.assertIn(0, bands.mapped("min_score"), "every score falls in a band")

    def test_demo_cycle(self):
        cycle = self.env.ref("internal_kpi.cycle_demo", raise_if_not_found=False)
        if not cycle:
            self.skipTest("installed without demo data")
        self.assertEqual(cycle.state, "running")
        self.assertTrue(cycle.scorecard_ids)
        filled = cycle.scorecard_ids.line_ids.filtered(
            lambda x: x.kind == "internal_customer" and not x.below_threshold
        )
        self.assertTrue(filled, "the published campaign fed some scorecards")
        for line in filled:
            self.assertRegex(line.note, r"^\d+ raters, index \d+\.\d")
