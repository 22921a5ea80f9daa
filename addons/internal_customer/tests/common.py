# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shared fixtures: a small company with a hierarchy, users and a service map.

Exported for downstream modules (internal_kpi, bridges):
``from odoo.addons.internal_customer.tests.common import InternalCustomerCase``.
"""

from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.tests import TransactionCase

from odoo.addons.base.models.ir_mail_server import IrMailServer
from odoo.addons.mail.tests.common import mail_new_test_user


@contextmanager
def sent_directly():
    """The messages handed straight to the mail server (reminders are never
    stored): yields the list they are appended to, as (to, subject, body)."""
    sent = []

    def send_email(self, message, *args, **kwargs):
        sent.append((message["To"], message["Subject"], message.get_payload()))
        return message["Message-Id"]

    with patch.object(IrMailServer, "send_email", send_email):
        yield sent


class InternalCustomerCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Tracking stays on: the leak checks must see what a chatter would show
        cls.company = cls.env.company
        cls.company.email = cls.company.email or "hr@ic.test"
        cls.today = fields.Date.context_today(cls.env["internal.customer.campaign"])
        Department = cls.env["hr.department"]
        cls.dep_it = Department.create({"name": "IC IT"})
        cls.dep_sales = Department.create({"name": "IC Sales"})
        cls.dep_sales_east = Department.create(
            {"name": "IC Sales East", "parent_id": cls.dep_sales.id}
        )

        cls.user_hr = cls._new_user("ic_hr", "internal_customer.group_hr_officer")
        cls.user_hr_admin = cls._new_user(
            "ic_hr_admin", "internal_customer.group_hr_admin"
        )
        cls.user_boss = cls._new_user("ic_boss", "internal_customer.group_manager")
        cls.user_it_lead = cls._new_user(
            "ic_it_lead", "internal_customer.group_manager"
        )
        cls.user_ivy = cls._new_user("ic_ivy", "internal_customer.group_user")
        cls.user_sam = cls._new_user("ic_sam", "internal_customer.group_user")
        cls.user_sue = cls._new_user("ic_sue", "internal_customer.group_user")
        cls.user_sid = cls._new_user("ic_sid", "internal_customer.group_user")
        cls.user_sol = cls._new_user("ic_sol", "internal_customer.group_user")

        Employee = cls.env["hr.employee"]
        cls.boss = Employee.create(
            {
                "name": "Bea Boss",
                "user_id": cls.user_boss.id,
                "work_email": "bea@ic.test",
            }
        )
        cls.it_lead = Employee.create(
            {
                "name": "Ian Lead",
                "user_id": cls.user_it_lead.id,
                "department_id": cls.dep_it.id,
                "parent_id": cls.boss.id,
                "work_email": "ian@ic.test",
            }
        )
        cls.ivy = Employee.create(
            {
                "name": "Ivy IT",
                "user_id": cls.user_ivy.id,
                "department_id": cls.dep_it.id,
                "parent_id": cls.it_lead.id,
                "work_email": "ivy@ic.test",
            }
        )
        cls.sales = Employee
        for user, name, dep in [
            (cls.user_sam, "Sam Sales", cls.dep_sales),
            (cls.user_sue, "Sue Sales", cls.dep_sales),
            (cls.user_sid, "Sid Sales", cls.dep_sales_east),
            (cls.user_sol, "Sol Sales", cls.dep_sales_east),
        ]:
            cls.sales |= Employee.create(
                {
                    "name": name,
                    "user_id": user.id,
                    "department_id": dep.id,
                    "parent_id": cls.boss.id,
                    "work_email": f"{user.login}@ic.test",
                }
            )
        cls.sam, cls.sue, cls.sid, cls.sol = cls.sales
        cls.hr_employee = Employee.create(
            {"name": "Hana HR", "user_id": cls.user_hr.id, "parent_id": cls.boss.id}
        )
        cls.dimensions = cls.env["internal.customer.dimension"].search([])
        cls.dim_quality = cls.env.ref("internal_customer.dimension_quality")
        cls.dim_response = cls.env.ref("internal_customer.dimension_responsiveness")

    @classmethod
    def _new_user(cls, login, group_xmlid):
        return mail_new_test_user(
            cls.env,
            login=login,
            name=login.replace("_", " ").title(),
            email=f"{login}@ic.test",
            password=login,
            groups=f"base.group_user,{group_xmlid}",
            company_id=cls.env.company.id,
        )

    @classmethod
    def _relation(cls, provider, customer, relation_type="functional", **vals):
        """A relation, decided as HR would: created, then approved (or rejected
        with a reason, or left proposed) through its actions."""
        state = vals.pop("state", "approved")
        relation = cls.env["internal.customer.relation"].create(
            {
                "provider_id": provider.id,
                "customer_id": customer.id,
                "relation_type": relation_type,
                "service_name": vals.pop("service_name", "support"),
                "date_start": vals.pop("date_start", cls.today - timedelta(days=200)),
                **vals,
            }
        )
        if state == "approved":
            relation.action_approve()
        elif state == "rejected":
            relation.reject_reason = relation.reject_reason or "Not this period"
            relation.action_reject()
        return relation

    @classmethod
    def _campaign(cls, **vals):
        return cls.env["internal.customer.campaign"].create(
            {
                "name": vals.pop("name", "Test campaign"),
                "date_start": cls.today - timedelta(days=180),
                "date_end": cls.today,
                "deadline": cls.today + timedelta(days=14),
                "dimension_ids": [Command.set(cls.dimensions.ids)],
                **vals,
            }
        )

    def _rate(self, rating, scores, positive="Good", improve="", user=None):
        """Answer ``rating`` as its rater: ``scores`` maps dimension -> 1..5 or None,
        or is one int for every dimension."""
        user = user or rating.rater_id.user_id
        rating = rating.with_user(user)
        lines = []
        for line in rating.line_ids:
            score = scores if isinstance(scores, int) else scores.get(line.dimension_id)
            lines.append(
                Command.update(line.id, {"score_choice": str(score) if score else "na"})
            )
        rating.write(
            {
                "line_ids": lines,
                "comment_positive": positive,
                "comment_improve": improve,
            }
        )
        rating.action_submit()
        return rating

    def _ratings(self, campaign, ratee=None):
        domain = [("campaign_id", "=", campaign.id)]
        if ratee:
            domain.append(("ratee_id", "=", ratee.id))
        return self.env["internal.customer.rating"].sudo().search(domain)
