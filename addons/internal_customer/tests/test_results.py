# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import tagged

from .common import InternalCustomerCase


@tagged("post_install", "-at_install")
class TestResults(InternalCustomerCase):
    """Hand-computed figures for a small campaign.

    Ivy (IT) is rated by four salespeople (functional) and by Bea (process);
    Ian (IT lead) by Ivy alone (upward). Dimensions: quality (weight 1) and
    attitude (weight 0.5); threshold 3.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dim_attitude = cls.env.ref("internal_customer.dimension_attitude")
        for customer in cls.sales:
            cls._relation(cls.ivy, customer)
        cls._relation(cls.ivy, cls.boss, relation_type="process")
        cls._relation(cls.it_lead, cls.ivy, relation_type="upward")
        cls.campaign = cls._campaign(
            dimension_ids=[Command.set((cls.dim_quality | cls.dim_attitude).ids)],
            allow_self_rating=True,
        )
        cls.campaign.action_launch()

    def _answer_all(self):
        q, a = self.dim_quality, self.dim_attitude
        answers = {
            self.sam: ({q: 5, a: 4}, "Fast and precise", ""),
            self.sue: ({q: 4, a: 4}, "Reliable", "Reply to mails sooner"),
            self.sid: ({q: 3, a: 2}, "", "Be more patient"),
            self.sol: ({q: 4, a: None}, "", ""),
            self.boss: ({q: 3, a: 3}, "", ""),
        }
        for rating in self._ratings(self.campaign, self.ivy).filtered(
            lambda r: not r.is_self
        ):
            scores, good, bad = answers[rating.rater_id]
            self._rate(rating, scores, positive=good, improve=bad)
        ian_rating = self._ratings(self.campaign, self.it_lead).filtered(
            lambda r: not r.is_self
        )
        self._rate(ian_rating, {q: 1, a: 1}, positive="", improve="Ian ignores me")
        own = self._ratings(self.campaign, self.ivy).filtered("is_self")
        self._rate(own, {q: 4, a: 5}, positive="I try hard")

    def _result(self, employee=False, dimension=False, relation_type=False, level=None):
        level = level or ("employee" if employee else "company")
        return self.env["internal.customer.result"].search(
            [
                ("campaign_id", "=", self.campaign.id),
                ("level", "=", level),
                ("employee_id", "=", employee and employee.id),
                ("dimension_id", "=", dimension and dimension.id),
                ("relation_type", "=", relation_type),
            ]
        )

    def test_figures_match_a_hand_computation(self):
        self._answer_all()
        self.campaign.action_close()
        overall = self._result(self.ivy)
        self.assertEqual(len(overall), 1)
        self.assertTrue(overall.visible)
        self.assertEqual(overall.rater_count, 5)
        self.assertEqual(overall.request_count, 5)
        self.assertAlmostEqual(overall.response_rate, 100.0)
        # (5+4+3+4+3)*1 + (4+4+2+3)*0.5 = 25.5 over 5 + 4*0.5 = 7
        self.assertAlmostEqual(overall.mean, 25.5 / 7, places=4)
        self.assertAlmostEqual(overall.index, (25.5 / 7 - 1) / 4 * 100, places=2)
        self.assertAlmostEqual(overall.satisfaction_rate, 500 / 9, places=2)
        self.assertAlmostEqual(overall.top_box_rate, 100 / 9, places=2)
        self.assertAlmostEqual(overall.self_mean, 6.5 / 1.5, places=4)
        self.assertAlmostEqual(overall.self_gap, 25.5 / 7 - 6.5 / 1.5, places=4)
        # (25.5 / 7 - 1) / 4 * 100 = 66.07...
        self.assertEqual(overall.display_index, "66.1")

        quality = self._result(self.ivy, self.dim_quality)
        self.assertAlmostEqual(quality.mean, 3.8)
        self.assertAlmostEqual(quality.index, 70.0)
        self.assertEqual(quality.rater_count, 5)
        attitude = self._result(self.ivy, self.dim_attitude)
        self.assertEqual(attitude.rater_count, 4, "not applicable is not counted")
        self.assertAlmostEqual(attitude.mean, 3.25)
        self.assertAlmostEqual(attitude.self_mean, 5.0)

    def test_below_threshold_shows_no_number(self):
        self._answer_all()
        self.campaign.action_close()
        ian = self._result(self.it_lead)
        # One rater answered about Ian: a count would tell who
        self.assertFalse(ian.rater_count)
        self.assertFalse(ian.response_rate)
        self.assertFalse(ian.visible)
        self.assertFalse(ian.suppressed)
        self.env.cr.execute(
            "SELECT mean, index, satisfaction_rate, top_box_rate FROM "
            "internal_customer_result WHERE id = %s",
            [ian.id],
        )
        self.assertEqual(self.env.cr.fetchone(), (None, None, None, None))
        self.assertEqual(ian.display_index, "Not enough responses")
        # Hidden figures are blank everywhere: read, group totals (pivots,
        # graphs, list groups) and exports; never 0
        figures = ["response_rate", "satisfaction_rate", "index_change", "index"]
        self.assertEqual(set(ian.read(figures)[0].values()) - {ian.id}, {False})
        Result = self.env["internal.customer.result"]
        groups = Result.read_group(
            [("id", "=", ian.id)], [f"{name}:avg" for name in figures], ["level"]
        )
        self.assertEqual({groups[0][name] for name in figures}, {False})
        web = Result.web_read_group(
            [("id", "=", ian.id)], [f"{name}:avg" for name in figures], ["level"]
        )
        self.assertEqual({web["groups"][0][name] for name in figures}, {False})
        self.assertEqual(ian.export_data(figures)["datas"], [["", "", "", ""]])

    def test_no_subtraction_reveals_a_small_group(self):
        self._answer_all()
        self.campaign.action_close()
        process = self._result(self.ivy, relation_type="process")
        functional = self._result(self.ivy, relation_type="functional")
        self.assertFalse(process.rater_count)
        self.assertFalse(process.visible)
        # overall (5) - functional (4) would give Bea's scores: functional is hidden too
        self.assertFalse(functional.visible)
        self.assertTrue(functional.suppressed)
        self.assertFalse(functional.mean)
        self.assertEqual(functional.display_index, "Hidden to protect anonymity")
        # Roll-ups are built from shown cells only: the IT department counts
        # Ivy's overall (5 raters) and leaves out Ian's single rater
        it_overall = self.env["internal.customer.result"].search(
            [
                ("campaign_id", "=", self.campaign.id),
                ("level", "=", "department"),
                ("department_id", "=", self.dep_it.id),
                ("dimension_id", "=", False),
                ("relation_type", "=", False),
            ]
        )
        self.assertTrue(it_overall.visible)
        self.assertEqual(it_overall.rater_count, 5)
        self.assertAlmostEqual(it_overall.mean, 25.5 / 7, places=4)
        it_types = self.env["internal.customer.result"].search(
            [
                ("campaign_id", "=", self.campaign.id),
                ("level", "=", "department"),
                ("department_id", "=", self.dep_it.id),
                ("relation_type", "!=", False),
            ]
        )
        self.assertEqual(
            set(it_types.mapped("relation_type")), {"functional", "process", "upward"}
        )
        self.assertFalse(any(it_types.mapped("visible")))

    def test_two_hidden_dimensions_of_the_same_raters_count_them_once(self):
        """Sam and Sue alone score attitude and responsiveness: the two hidden
        dimensions cover two raters, not four, so that the overall minus
        quality would give their scores away; quality is hidden too."""
        q, a, r = self.dim_quality, self.dim_attitude, self.dim_response
        campaign = self._campaign(
            name="Three dimensions", dimension_ids=[Command.set((q | a | r).ids)]
        )
        campaign.action_launch()
        for rating in self._ratings(campaign, self.ivy):
            both = rating.rater_id in (self.sam | self.sue)
            self._rate(rating, {q: 4, a: 5 if both else None, r: 2 if both else None})
        campaign.action_close()
        rows = self.env["internal.customer.result"].search(
            [
                ("campaign_id", "=", campaign.id),
                ("level", "=", "employee"),
                ("employee_id", "=", self.ivy.id),
                ("relation_type", "=", False),
            ]
        )
        by_dim = {row.dimension_id: row for row in rows}
        self.assertTrue(by_dim[self.env["internal.customer.dimension"]].visible)
        for dimension in (a, r):
            self.assertFalse(by_dim[dimension].visible, dimension.name)
        self.assertFalse(by_dim[q].visible)
        self.assertTrue(by_dim[q].suppressed)

    def test_department_roll_up_when_safe(self):
        # Ian gets three more upward raters: both IT colleagues are now visible
        for customer in (self.sam, self.sue, self.sid):
            self._relation(self.it_lead, customer, relation_type="upward")
        campaign = self._campaign(
            dimension_ids=[Command.set(self.dim_quality.ids)], name="Second"
        )
        campaign.action_launch()
        for rating in self._ratings(campaign):
            self._rate(rating, 4)
        campaign.action_close()
        dep = self.env["internal.customer.result"].search(
            [
                ("campaign_id", "=", campaign.id),
                ("level", "=", "department"),
                ("department_id", "=", self.dep_it.id),
                ("dimension_id", "=", False),
                ("relation_type", "=", False),
            ]
        )
        self.assertTrue(dep.visible)
        self.assertEqual(dep.rater_count, 9)
        self.assertAlmostEqual(dep.index, 75.0)

    def test_change_since_the_previous_campaign(self):
        self._answer_all()
        self.campaign.action_close()
        first = self._result(self.ivy)
        self.assertFalse(first.previous_index)
        second = self._campaign(
            dimension_ids=[Command.set((self.dim_quality | self.dim_attitude).ids)],
            name="Next round",
        )
        second.action_launch()
        for rating in self._ratings(second):
            self._rate(rating, 5 if rating.ratee_id == self.ivy else 1, improve="x")
        second.action_close()
        ivy = self.env["internal.customer.result"].search(
            [
                ("campaign_id", "=", second.id),
                ("level", "=", "employee"),
                ("employee_id", "=", self.ivy.id),
                ("dimension_id", "=", False),
                ("relation_type", "=", False),
            ]
        )
        self.assertAlmostEqual(ivy.index, 100.0)
        # The first round's index, by hand: (25.5 / 7 - 1) / 4 * 100
        self.assertAlmostEqual(ivy.previous_index, (25.5 / 7 - 1) / 4 * 100, places=6)
        self.assertAlmostEqual(
            ivy.index_change, 100.0 - (25.5 / 7 - 1) / 4 * 100, places=6
        )
        self.assertEqual(second.previous_campaign_id, self.campaign)
        # Ian was below the threshold then: no comparison, nothing to subtract
        ian = self.env["internal.customer.result"].search(
            [
                ("campaign_id", "=", second.id),
                ("employee_id", "=", self.it_lead.id),
                ("dimension_id", "=", False),
                ("relation_type", "=", False),
            ]
        )
        self.assertFalse(ian.previous_index)

    def test_comments_are_anonymous(self):
        self._answer_all()
        self.campaign.action_close()
        comments = self.env["internal.customer.comment"].search(
            [("campaign_id", "=", self.campaign.id)]
        )
        self.assertEqual(
            sorted(comments.mapped("body")),
            sorted(
                [
                    "Fast and precise",
                    "Reliable",
                    "Reply to mails sooner",
                    "Be more patient",
                ]
            ),
        )
        # Only about Ivy (visible); Ian's single rater stays unheard, and
        # self-ratings are not feedback
        self.assertEqual(comments.employee_id, self.ivy)
        # Nothing on a comment points back to its rating or rater
        for field in comments._fields.values():
            self.assertNotIn(
                field.comodel_name,
                ("internal.customer.rating", "hr.employee", "res.users")
                if field.name
                not in ("employee_id", "redacted_by_id", "create_uid", "write_uid")
                else (),
            )
        self.assertEqual(set(comments.mapped("create_uid")), {self.env.user})
        self.assertEqual(len(set(comments.mapped("create_date"))), 1)

    def test_results_are_computed_set_wise(self):
        self._answer_all()
        self.campaign.action_close()
        self.env.flush_all()
        # A fixed number of statements, whatever the size of the campaign (one
        # more, for the raters of hidden dimensions, when any is hidden), two of
        # them for the service heat map (its one SELECT, then storing it), one
        # for the rater calibration (reading the scores back), two for the
        # reciprocal ratings (finding them, keeping their counts)
        with self.assertQueryCount(18):
            self.campaign._compute_results()

    def test_recompute_keeps_comments_and_their_redactions(self):
        self._answer_all()
        self.campaign.action_close()
        comment = self.env["internal.customer.comment"].search(
            [("campaign_id", "=", self.campaign.id)], limit=1
        )
        comment.with_user(self.user_hr).action_redact("abusive")
        self.campaign.action_compute_results()
        self.assertTrue(comment.exists().redacted)
        self.assertEqual(
            self.env["internal.customer.comment"].search_count(
                [("campaign_id", "=", self.campaign.id)]
            ),
            4,
        )

    def test_recompute_keeps_the_rows_and_what_points_at_them(self):
        self._answer_all()
        self.campaign.action_close()
        Result = self.env["internal.customer.result"]
        domain = [("campaign_id", "=", self.campaign.id)]
        ids = set(Result.search(domain).ids)
        overall = self._result(self.ivy)
        action = self.env["internal.customer.improvement"].create(
            {
                "name": "Confirm requests the same day",
                "employee_id": self.ivy.id,
                "campaign_id": self.campaign.id,
                "result_id": overall.id,
            }
        )
        self.env.flush_all()
        # A row's physical place changes whenever it is rewritten (an UPDATE
        # writes a new version), even within one transaction
        where = "SELECT array_agg(ctid::text ORDER BY id) FROM internal_customer_result"
        self.env.cr.execute(f"{where} WHERE campaign_id = %s", [self.campaign.id])
        written = self.env.cr.fetchone()[0]
        self.campaign.action_compute_results()
        self.assertEqual(set(Result.search(domain).ids), ids, "the same rows")
        self.assertEqual(action.result_id, overall)
        # Nothing changed, so nothing was rewritten
        self.env.cr.execute(f"{where} WHERE campaign_id = %s", [self.campaign.id])
        self.assertEqual(self.env.cr.fetchone()[0], written)
