# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every model keeps companies apart, for HR too."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import InternalCustomerCase


class MultiCompanyCase(InternalCustomerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["res.company"].create({"name": "IC Other Co"})
        Employee = cls.env["hr.employee"].with_company(cls.other)
        cls.far = Employee.create({"name": "Far Provider", "company_id": cls.other.id})
        cls.far_raters = Employee.create(
            [{"name": f"Far Rater {i}", "company_id": cls.other.id} for i in range(3)]
        )
        # HR of the first company only
        cls.user_hr.company_ids = cls.company
        cls.user_hr_admin.company_ids = cls.company

    @classmethod
    def _other_company_campaign(cls):
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.other.ids))
        dimension = env["internal.customer.dimension"].create(
            {"name": "Far dimension", "is_outcome": True, "company_id": cls.other.id}
        )
        department = env["hr.department"].create(
            {"name": "Far department", "company_id": cls.other.id}
        )
        rule = env["internal.customer.department.rule"].create(
            {
                "provider_department_id": department.id,
                "customer_department_id": env["hr.department"]
                .create({"name": "Far customers", "company_id": cls.other.id})
                .id,
                "service_name": "far service",
                "company_id": cls.other.id,
            }
        )
        for rater in cls.far_raters:
            relation = env["internal.customer.relation"].create(
                {
                    "provider_id": cls.far.id,
                    "customer_id": rater.id,
                    "company_id": cls.other.id,
                    "date_start": "2020-01-01",
                }
            )
            relation.action_approve()
        campaign = env["internal.customer.campaign"].create(
            {
                "name": "Far campaign",
                "company_id": cls.other.id,
                "date_start": cls.today.replace(day=1, month=1),
                "date_end": cls.today,
                "deadline": cls.today,
                "dimension_ids": [Command.set(dimension.ids)],
            }
        )
        campaign.action_launch()
        for rating in (
            env["internal.customer.rating"]
            .sudo()
            .search([("campaign_id", "=", campaign.id)])
        ):
            rating.line_ids.score = 4
            rating.comment_positive = "Far away but helpful"
            rating.action_submit()
        campaign.action_close()
        campaign.action_publish()
        improvement = env["internal.customer.improvement"].create(
            {
                "name": "Far commitment",
                "employee_id": cls.far.id,
                "company_id": cls.other.id,
            }
        )
        return {
            "internal.customer.dimension": dimension,
            "internal.customer.department.rule": rule,
            "internal.customer.relation": env["internal.customer.relation"].search(
                [("provider_id", "=", cls.far.id)]
            ),
            "internal.customer.campaign": campaign,
            "internal.customer.campaign.dimension": campaign.dimension_snapshot_ids,
            "internal.customer.rating": env["internal.customer.rating"]
            .sudo()
            .search([("campaign_id", "=", campaign.id)]),
            "internal.customer.rating.line": env["internal.customer.rating.line"]
            .sudo()
            .search([("rating_id.campaign_id", "=", campaign.id)]),
            "internal.customer.result": campaign.result_ids,
            "internal.customer.comment": env["internal.customer.comment"].search(
                [("campaign_id", "=", campaign.id)]
            ),
            "internal.customer.improvement": improvement,
        }

    def _assert_hidden_from(self, user, records_by_model):
        for model, records in records_by_model.items():
            with self.subTest(model=model, user=user.login):
                self.assertTrue(records, f"the fixture made {model} records")
                Model = self.env[model].with_user(user)
                if not Model.has_access("read"):
                    with self.assertRaises(AccessError):
                        Model.search([("id", "in", records.ids)])
                    continue
                self.assertFalse(
                    Model.search([("id", "in", records.ids)]), f"{model} leaks"
                )
                with self.assertRaises(AccessError):
                    Model.browse(records.ids).read(["display_name"])


@tagged("post_install", "-at_install")
class TestMultiCompany(MultiCompanyCase):
    def test_every_model_keeps_companies_apart(self):
        records = self._other_company_campaign()
        for user in (self.user_hr, self.user_hr_admin, self.user_sam):
            self._assert_hidden_from(user, records)
