# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""States, who a record is about and every figure change only through actions.

Each test tries what an attacker over JSON-RPC would (a write, a forged
context, the wrong state), then reads the database back.
"""

import psycopg2

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import InternalCustomerCase

# Every context key a client could send to try to open a door; none may.
FORGED_CONTEXTS = [
    {"ic_relation_action": True},
    {"internal_customer_action": True},
    {"internal_customer_action": "object()"},
    {"ic_kpi_closing": True},
    {"tracking_disable": True, "install_mode": True, "module": "internal_customer"},
]


class ProtectedCase(InternalCustomerCase):
    def _db(self, record, *fields):
        """The values in the database, not in the ORM cache."""
        self.env.flush_all()
        self.env.cr.execute(
            f"SELECT {', '.join(fields)} FROM {record._table} WHERE id = %s",
            [record.id],
        )
        return self.env.cr.fetchone()

    def _assert_refused(self, record, vals, fields=None, error=UserError):
        """``vals`` is refused for ``record`` with every forged context, and the
        database keeps its values. A value for a computed field is not an error:
        it is dropped, and the database keeps the computed value."""
        fields = fields or [name for name in vals if name in record._fields]
        columns = [f for f in fields if record._fields[f].store]
        before = self._db(record, *columns) if columns else None
        computed = all(record._guard_is_computed(name) for name in vals)
        for context in [{}, *FORGED_CONTEXTS]:
            with self.subTest(vals=vals, context=context):
                if computed:
                    with self.cr.savepoint():
                        record.with_context(**context).write(vals)
                        record.flush_recordset()
                        record.invalidate_recordset()
                        if columns:
                            self.assertEqual(self._db(record, *columns), before)
                    continue
                with self.assertRaises(error), self.cr.savepoint():
                    record.with_context(**context).write(vals)
                    record.flush_recordset()
        record.invalidate_recordset()
        if columns:
            self.assertEqual(self._db(record, *columns), before)


@tagged("post_install", "-at_install")
class TestProtectedFields(ProtectedCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for customer in cls.sales:
            cls._relation(cls.ivy, customer)
        cls.campaign = cls._campaign(
            dimension_ids=[Command.set((cls.dim_quality | cls.dim_response).ids)]
        )
        cls.campaign.action_launch()
        cls.ratings = (
            cls.env["internal.customer.rating"]
            .sudo()
            .search([("campaign_id", "=", cls.campaign.id)])
        )
        cls.sam_rating = cls.ratings.filtered(lambda r: r.rater_id == cls.sam)

    # ------------------------------------------------------------------
    # Ratings: the rater answers, nothing else
    # ------------------------------------------------------------------
    def test_rater_cannot_rewrite_their_request(self):
        mine = self.sam_rating.with_user(self.user_sam)
        for vals in [
            {"ratee_id": self.sue.id},
            {"rater_id": self.sue.id},
            {"ratee_id": self.sam.id, "is_self": True},
            {"relation_type": "upward"},
            {"state": "submitted"},
            {"submit_date": "2026-01-01 00:00:00"},
            {"campaign_id": self.campaign.copy().id},
            {"relation_id": False},
            {"company_id": self.company.id},
            {"deadline": "2099-01-01"},
            {"expectation": "Answers within the hour"},
        ]:
            self._assert_refused(mine, vals)
        # Scores only while pending, and only on the lines the launch made
        line = mine.line_ids[0]
        self._assert_refused(line, {"dimension_id": self.dim_quality.id})
        self._assert_refused(line, {"rating_id": self.ratings[1].id})
        with self.assertRaises(UserError), self.cr.savepoint():
            mine.write({"line_ids": [Command.create({"dimension_id": 1, "score": 5})]})
        self._rate(self.sam_rating, 4, positive="Good")
        self.assertEqual(self.sam_rating.state, "submitted")
        self._assert_refused(line.with_user(self.user_sam), {"score": 1})
        self._assert_refused(mine, {"comment_positive": "changed my mind"})
        with self.assertRaisesRegex(UserError, "rated once"):
            mine.action_submit()

    def test_another_user_cannot_answer_a_request(self):
        # Not readable, and not answerable even by code acting for someone else
        with self.assertRaises(AccessError):
            self.sam_rating.with_user(self.user_sue).action_submit()
        with self.assertRaises(AccessError):
            self.sam_rating.with_user(self.user_hr).write({"comment_positive": "x"})
        self.assertFalse(self.sam_rating.comment_positive)

    def test_nobody_creates_a_request(self):
        for user in (self.user_sam, self.user_hr, self.user_hr_admin):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError), self.cr.savepoint():
                    self.env["internal.customer.rating"].with_user(user).create(
                        {
                            "campaign_id": self.campaign.id,
                            "rater_id": user.employee_id.id or self.sam.id,
                            "ratee_id": self.ivy.id,
                            "company_id": self.company.id,
                        }
                    )
        self.assertEqual(
            self.env["internal.customer.rating"]
            .sudo()
            .search_count([("campaign_id", "=", self.campaign.id)]),
            4,
        )

    # ------------------------------------------------------------------
    # Campaigns: closing is final
    # ------------------------------------------------------------------
    def test_campaign_states_change_only_through_actions(self):
        Campaign = self.campaign.with_user(self.user_hr_admin)
        for state in ("draft", "closed", "published"):
            self._assert_refused(Campaign, {"state": state})
        self._assert_refused(Campaign, {"close_date": "2026-01-01 00:00:00"})
        self._assert_refused(Campaign, {"min_raters": 2})
        with self.assertRaisesRegex(UserError, "today or later"):
            Campaign.deadline = self.today.replace(year=self.today.year - 1)
        Campaign.action_close()
        self.assertEqual(self.campaign.state, "closed")
        # Never open again, never another rating
        for action in ("action_launch", "action_reset_draft", "action_close"):
            with self.subTest(action=action):
                with self.assertRaises(UserError), self.cr.savepoint():
                    getattr(Campaign, action)()
        self.assertEqual(self.campaign.state, "closed")
        for vals in [
            {"name": "Renamed"},
            {"deadline": "2099-01-01"},
            {"state": "open"},
        ]:
            self._assert_refused(Campaign, vals)
        with self.assertRaises(UserError):
            self._rate(self.sam_rating, 4)
        # A copy starts as a draft of its own
        with self.assertRaises(UserError), self.cr.savepoint():
            Campaign.copy({"state": "open"})

    def test_only_hr_runs_campaigns(self):
        for user in (self.user_sam, self.user_boss):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.campaign.with_user(user).action_close()
        self.assertEqual(self.campaign.state, "open")

    def test_results_use_the_dimensions_as_launched(self):
        """Changing a dimension after launch changes future campaigns only, and a
        recompute gives the same figures, bit for bit."""
        self.dim_response.weight = 1.0
        for rating, (quality, response) in zip(
            self.ratings.sorted("id"), [(5, 1), (4, 2), (4, 1), (3, 2)], strict=True
        ):
            self._rate(
                rating,
                {self.dim_quality: quality, self.dim_response: response},
                positive="why",
            )
        # HR changes the weights after launch: it must not matter
        self.dim_response.weight = 10.0
        self.campaign.action_close()
        overall = self.env["internal.customer.result"].search(
            [
                ("campaign_id", "=", self.campaign.id),
                ("level", "=", "employee"),
                ("employee_id", "=", self.ivy.id),
                ("dimension_id", "=", False),
                ("relation_type", "=", False),
            ]
        )
        # Weights as launched (1 and 1): (5+1+4+2+4+1+3+2) / 8 = 2.75
        self.assertAlmostEqual(overall.mean, 2.75)
        snapshot = self.campaign.dimension_snapshot_ids
        self.assertEqual(snapshot.dimension_id, self.dim_quality | self.dim_response)
        self.assertEqual(set(snapshot.mapped("weight")), {1.0})
        self._assert_refused(snapshot[0].with_user(self.user_hr_admin), {"weight": 5.0})
        columns = (
            "level, employee_id, department_id, dimension_id, relation_type, "
            "rater_count, request_count, response_rate, visible, suppressed, mean, "
            "index, index_calibrated, satisfaction_rate, top_box_rate, self_mean, "
            "self_gap, previous_index, index_change"
        )
        query = (
            f"SELECT {columns} FROM internal_customer_result WHERE campaign_id = %s "
            f"ORDER BY {columns}"
        )
        self.env.cr.execute(query, [self.campaign.id])
        first = self.env.cr.fetchall()
        self.dim_quality.weight = 3.0
        self.campaign.action_compute_results()
        self.env.cr.execute(query, [self.campaign.id])
        self.assertEqual(self.env.cr.fetchall(), first)

    # ------------------------------------------------------------------
    # Results and comments: computed, never written
    # ------------------------------------------------------------------
    def test_results_and_comments_are_never_written_by_hand(self):
        for rating in self.ratings:
            self._rate(rating, 4, positive="Clear and quick")
        self.campaign.action_close()
        results = self.env["internal.customer.result"].search(
            [("campaign_id", "=", self.campaign.id)]
        )
        overall = results.filtered(
            lambda r: r.employee_id == self.ivy and r._is_overall()
        )
        for vals in [
            {"mean": 5.0},
            {"index": 100.0},
            {"index_calibrated": 100.0},
            {"visible": True},
            {"rater_count": 99},
            {"employee_id": self.sam.id},
        ]:
            self._assert_refused(overall.with_user(self.user_hr_admin), vals)
        # HR cannot delete results either, nor create any
        with self.assertRaises(AccessError):
            overall.with_user(self.user_hr_admin).unlink()
        with self.assertRaises(UserError), self.cr.savepoint():
            self.env["internal.customer.result"].with_user(self.user_hr_admin).create(
                {"campaign_id": self.campaign.id, "level": "company"}
            )
        # The ratee answers, once published, and only them
        with self.assertRaises(AccessError), self.cr.savepoint():
            overall.with_user(self.user_hr_admin).response = "HR speaking for Ivy"
        self.campaign.action_publish()
        overall.with_user(self.user_ivy).response = "Thank you"
        self.assertEqual(overall.response, "Thank you")
        comment = self.env["internal.customer.comment"].search(
            [("campaign_id", "=", self.campaign.id)], limit=1
        )
        self._assert_refused(
            comment.with_user(self.user_hr_admin), {"body": "edited by HR"}
        )

    # ------------------------------------------------------------------
    # Relations: decided by the provider's managers or HR, never by a party
    # ------------------------------------------------------------------
    def test_employee_cannot_decide_their_own_relation(self):
        Relation = self.env["internal.customer.relation"].with_user(self.user_sam)
        rel = Relation.create(
            {
                "provider_id": self.ivy.id,
                "customer_id": self.sam.id,
                "relation_type": "project",
            }
        )
        self._assert_refused(rel, {"state": "approved"})
        self._assert_refused(rel, {"origin": "org_chart"})
        self._assert_refused(rel, {"weight": 50.0})
        with self.assertRaises(AccessError):
            rel.action_approve()
        # Rewriting the proposal into one between two other colleagues
        with self.assertRaises(AccessError), self.cr.savepoint():
            rel.write({"customer_id": self.sue.id})
        self.assertEqual(self._db(rel, "customer_id"), (self.sam.id,))
        # The provider's manager approves; then nobody edits who serves whom
        rel.with_user(self.user_it_lead).action_approve()
        self.assertEqual(rel.state, "approved")
        self._assert_refused(rel, {"service_name": "anything"})
        self._assert_refused(
            rel.with_user(self.user_hr_admin), {"provider_id": self.sue.id}
        )
        self._assert_refused(rel.with_user(self.user_hr_admin), {"state": "proposed"})

    def test_a_manager_who_is_a_party_does_not_approve(self):
        # Bea manages Ian, and asks Ian for a service: HR decides, not Bea
        rel = (
            self.env["internal.customer.relation"]
            .with_user(self.user_boss)
            .create({"provider_id": self.it_lead.id, "customer_id": self.boss.id})
        )
        self.assertFalse(rel.can_approve)
        with self.assertRaises(AccessError):
            rel.action_approve()
        rel.with_user(self.user_hr).action_approve()
        self.assertEqual(rel.state, "approved")

    @mute_logger("odoo.sql_db")
    def test_numbers_must_be_numbers(self):
        rel = self.env["internal.customer.relation"].search(
            [("provider_id", "=", self.ivy.id)], limit=1
        )
        dimension = self.dim_quality
        rule = self.env["internal.customer.department.rule"].create(
            {
                "provider_department_id": self.dep_it.id,
                "customer_department_id": self.dep_sales.id,
                "service_name": "laptops",
            }
        )
        for record in (rel, dimension, rule):
            for value in (float("nan"), float("inf"), float("-inf"), "NaN"):
                with self.subTest(model=record._name, value=value):
                    self._assert_refused(
                        record.with_user(self.user_hr_admin),
                        {"weight": value},
                        error=ValidationError,
                    )
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.env["internal.customer.relation"].create(
                {
                    "provider_id": self.ivy.id,
                    "customer_id": self.boss.id,
                    "weight": float("nan"),
                }
            )
        # The database refuses them too, whoever writes
        for table in ("internal_customer_relation", "internal_customer_dimension"):
            with self.subTest(table=table):
                with (
                    self.assertRaises(psycopg2.errors.CheckViolation),
                    self.cr.savepoint(),
                ):
                    self.env.cr.execute(
                        f"UPDATE {table} SET weight = 'NaN' WHERE id = %s",
                        [rel.id if table.endswith("relation") else dimension.id],
                    )

    def test_improvement_actions_stay_with_their_colleague(self):
        for rating in self.ratings:
            self._rate(rating, 4, positive="Clear")
        self.campaign.action_close()
        self.campaign.action_publish()
        ivy_result = self.env["internal.customer.result"].search(
            [
                ("campaign_id", "=", self.campaign.id),
                ("employee_id", "=", self.ivy.id),
                ("dimension_id", "=", False),
                ("relation_type", "=", False),
            ]
        )
        Improvement = self.env["internal.customer.improvement"].with_user(self.user_ivy)
        action = Improvement.create({"name": "Answer the same day"})
        self.assertEqual(action.employee_id, self.ivy)
        self._assert_refused(action, {"state": "done"})
        self._assert_refused(action, {"employee_id": self.sam.id})
        action.action_done()
        self.assertEqual(action.state, "done")
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.env["internal.customer.improvement"].create(
                {
                    "name": "Someone else's feedback",
                    "employee_id": self.sam.id,
                    "result_id": ivy_result.id,
                }
            )
