# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fixtures for the KPI tests, on top of internal_customer's company."""

from odoo import Command

from odoo.addons.internal_customer.tests.common import InternalCustomerCase


class KpiCase(InternalCustomerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Kpi = cls.env["internal.kpi.definition"]
        cls.kpi_ic = cls.env.ref("internal_kpi.kpi_internal_customer_index")
        cls.kpi_obj = Kpi.create(
            {"name": "Objectives", "code": "T-OBJ", "target": 100, "unit": "%"}
        )
        cls.kpi_lead = Kpi.create(
            {
                "name": "Lead time",
                "code": "T-LEAD",
                "target": 4,
                "direction": "lower",
                "unit": "days",
            }
        )
        # Other rules (demo data) must not get in the way of these tests
        cls.env["internal.kpi.weighting.rule"].search([]).active = False
        cls.rule = cls._rule("Everyone", 40, 30, 30)

    @classmethod
    def _rule(cls, name, ic, obj, lead, **vals):
        return cls.env["internal.kpi.weighting.rule"].create(
            {
                "name": name,
                "line_ids": [
                    Command.create({"kpi_id": cls.kpi_ic.id, "weight": ic}),
                    Command.create({"kpi_id": cls.kpi_obj.id, "weight": obj}),
                    Command.create({"kpi_id": cls.kpi_lead.id, "weight": lead}),
                ],
                **vals,
            }
        )

    @classmethod
    def _cycle(cls, **vals):
        return cls.env["internal.kpi.cycle"].create(
            {
                "name": vals.pop("name", "Test cycle"),
                "date_start": cls.today.replace(month=1, day=1),
                "date_end": cls.today.replace(month=12, day=31),
                **vals,
            }
        )

    def _card(self, cycle, employee):
        return cycle.scorecard_ids.filtered(lambda s: s.employee_id == employee)

    def _line(self, card, kpi):
        return card.line_ids.filtered(lambda x: x.kpi_id == kpi)


class CycleCase(KpiCase):
    """Ivy (IT) is rated by four salespeople; Ian by Ivy alone (below 3)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for customer in cls.sales:
            cls._relation(cls.ivy, customer)
        cls._relation(cls.it_lead, cls.ivy, relation_type="upward")
        cls.campaign = cls._campaign()
        cls.campaign.action_launch()
        cls.cycle = cls._cycle(
            employee_ids=[Command.set((cls.ivy | cls.it_lead).ids)],
            campaign_ids=[Command.set(cls.campaign.ids)],
        )

    def _run_campaign(self, ivy_score=4):
        for rating in self._ratings(self.campaign):
            score = ivy_score if rating.ratee_id == self.ivy else 3
            self._rate(rating, score)
        self.campaign.action_close()

    def _fill_manual(self, card, obj, lead):
        self._line(card, self.kpi_obj).actual = obj
        self._line(card, self.kpi_lead).actual = lead
