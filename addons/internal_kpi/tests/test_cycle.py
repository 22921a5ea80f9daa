# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.internal_customer.models.internal_customer_background import (
    BACKGROUND_PARAM,
)

from ..engine import scorecards
from .common import CycleCase


@tagged("post_install", "-at_install")
class TestCycle(CycleCase):
    """Ivy (IT) is rated by four salespeople; Ian by Ivy alone (below 3)."""

    def test_generation_is_idempotent_and_snapshots_the_rule(self):
        self.cycle.action_start()
        self.assertEqual(self.cycle.state, "running")
        self.assertEqual(self.cycle.scorecard_ids.employee_id, self.ivy | self.it_lead)
        card = self._card(self.cycle, self.ivy)
        self.assertEqual(card.rule_id, self.rule)
        self.assertIn("everyone", card.rule_reason)
        self.assertEqual(card.line_ids.mapped("weight"), [40, 30, 30])
        self.cycle.action_generate_scorecards()
        self.assertEqual(len(self.cycle.scorecard_ids), 2)
        # A rule in use is frozen: HR duplicates it, changes the copy, archives it
        with self.assertRaisesRegex(UserError, "duplicate the rule"):
            self.rule.write(
                {"line_ids": [Command.update(self.rule.line_ids[0].id, {"weight": 20})]}
            )
        new_rule = self.rule.copy({"name": "Everyone, 2027"})
        new_rule.write(
            {
                "line_ids": [
                    Command.update(new_rule.line_ids[0].id, {"weight": 20}),
                    Command.update(new_rule.line_ids[1].id, {"weight": 50}),
                ]
            }
        )
        self.rule.active = False
        self.assertEqual(card.line_ids.mapped("weight"), [40, 30, 30])
        # A newcomer in scope gets the new weights
        self.cycle.employee_ids = [Command.link(self.sam.id)]
        self.cycle.action_generate_scorecards()
        self.assertEqual(
            self._card(self.cycle, self.sam).line_ids.mapped("weight"), [20, 50, 30]
        )

    def test_closing_the_campaign_fills_the_scorecards(self):
        self.cycle.action_start()
        card = self._card(self.cycle, self.ivy)
        ic_line = self._line(card, self.kpi_ic)
        self.assertTrue(ic_line.below_threshold)
        self.assertIn("Not rated", ic_line.note)
        self._run_campaign()
        self.assertFalse(ic_line.below_threshold)
        self.assertEqual(ic_line.rater_count, 4)
        self.assertAlmostEqual(ic_line.actual, 75.0)
        self.assertAlmostEqual(ic_line.score, 100.0)
        self.assertEqual(ic_line.note, "4 raters, index 75.0 (calibrated: 75.0)")
        self.assertEqual(ic_line.source, "4 raters, index 75.0 (calibrated: 75.0)")
        self.assertAlmostEqual(card.internal_index, 75.0)

    def test_final_score_matches_a_hand_computation(self):
        self._run_campaign()
        self.cycle.action_start()
        card = self._card(self.cycle, self.ivy)
        self._fill_manual(card, obj=80, lead=5)
        # 0.4 * 100 + 0.3 * 80 + 0.3 * (4 / 5 * 100)
        self.assertAlmostEqual(card.final_score, 88.0)
        self.assertEqual(card.band, "Meets expectations")
        lines = {line.kpi_id: line for line in card.line_ids}
        self.assertAlmostEqual(lines[self.kpi_ic].weighted_score, 40.0)
        self.assertAlmostEqual(lines[self.kpi_lead].score, 80.0)

    def test_below_threshold_redistribute(self):
        self._run_campaign()
        self.cycle.action_start()
        ian = self._card(self.cycle, self.it_lead)
        self._fill_manual(ian, obj=90, lead=2)
        ic_line = self._line(ian, self.kpi_ic)
        self.assertTrue(ic_line.below_threshold)
        # No count below the threshold: it would tell who answered
        self.assertEqual(
            ic_line.note,
            "Fewer than 3 raters (the anonymity threshold): weight redistributed",
        )
        self.assertFalse(ic_line.rater_count)
        self.assertEqual(ian.line_ids.mapped("effective_weight"), [0, 50, 50])
        # (50 * 90 + 50 * 120 capped) / 100
        self.assertAlmostEqual(ian.final_score, 105.0)
        self.assertEqual(ian.band, "Outstanding")

    def test_below_threshold_neutral_and_exclude(self):
        self._run_campaign()
        self.rule.fallback = "neutral"
        self.cycle.action_start()
        ian = self._card(self.cycle, self.it_lead)
        self._fill_manual(ian, obj=90, lead=2)
        self.assertAlmostEqual(ian.final_score, 0.4 * 50 + 0.3 * 90 + 0.3 * 120)
        self.assertIn("counted as 50", self._line(ian, self.kpi_ic).note)
        cycle2 = self._cycle(
            name="Exclude",
            employee_ids=[Command.set(self.it_lead.ids)],
            campaign_ids=[Command.set(self.campaign.ids)],
        )
        self.rule.copy({"fallback": "exclude"})
        self.rule.active = False
        cycle2.action_start()
        ian2 = self._card(cycle2, self.it_lead)
        self._fill_manual(ian2, obj=90, lead=2)
        self.assertEqual(ian2.line_ids.mapped("effective_weight"), [40, 30, 30])
        self.assertAlmostEqual(ian2.final_score, 105.0)

    def test_relation_type_weights(self):
        # Ivy is also rated upward (by Ian's... no: by her own reports) at 2
        extra = self.env["hr.employee"]
        for name in ("Una", "Uri", "Ula"):
            extra |= self.env["hr.employee"].create(
                {"name": name, "parent_id": self.ivy.id}
            )
        for employee in extra:
            self._relation(self.ivy, employee, relation_type="upward")
        campaign = self._campaign(name="Typed")
        campaign.action_launch()
        for rating in self._ratings(campaign):
            upward = rating.relation_type == "upward"
            rating.sudo().line_ids.score = 2 if upward else 4
            rating.sudo().comment_positive = "ok"
            rating.sudo().action_submit()
        campaign.action_close()
        self.rule.relation_weight_ids = [
            Command.create({"relation_type": "functional", "weight": 80}),
            Command.create({"relation_type": "upward", "weight": 20}),
        ]
        cycle = self._cycle(
            name="Typed cycle",
            employee_ids=[Command.set(self.ivy.ids)],
            campaign_ids=[Command.set(campaign.ids)],
        )
        cycle.action_start()
        ic_line = self._line(self._card(cycle, self.ivy), self.kpi_ic)
        # functional index 75, upward index 25
        self.assertAlmostEqual(ic_line.actual, 0.8 * 75 + 0.2 * 25)
        self.assertEqual(ic_line.rater_count, 7)

    def test_small_sample_adjustment(self):
        for customer in (self.sam, self.sue, self.sid):
            self._relation(self.it_lead, customer, relation_type="upward")
        campaign = self._campaign(name="Second")
        campaign.action_launch()
        for rating in self._ratings(campaign):
            self._rate(rating, 4 if rating.ratee_id == self.ivy else 2)
        campaign.action_close()
        company = self.env["internal.customer.result"].search(
            [
                ("campaign_id", "=", campaign.id),
                ("level", "=", "company"),
                ("dimension_id", "=", False),
                ("relation_type", "=", False),
            ]
        )
        self.assertTrue(company.visible)
        self.rule.write({"use_confidence": True, "confidence_strength": 3})
        cycle = self._cycle(
            name="Shrunk",
            employee_ids=[Command.set(self.ivy.ids)],
            campaign_ids=[Command.set(campaign.ids)],
        )
        cycle.action_start()
        line = self._line(self._card(cycle, self.ivy), self.kpi_ic)
        self.assertAlmostEqual(line.raw_index, 75.0)
        self.assertAlmostEqual(line.actual, (4 * 75 + 3 * company.index) / 7)
        self.assertIn("pulled toward the mean", line.note)

    def test_the_rule_chooses_the_calibrated_index(self):
        """Sam gives 1 to Ivy and Bea, everybody else 4 to everyone: Ivy is
        behind Ian (who Sam does not rate) raw, less so calibrated, as Sam's
        harshness, seen on Bea too, is taken out. Both indexes show on
        the scorecard; the rule says which counts."""
        for customer in (self.sue, self.sid):
            self._relation(self.it_lead, customer, relation_type="upward")
        for customer in (self.sam, self.sue, self.sid):
            self._relation(self.boss, customer)
        campaign = self._campaign(name="Calibrated")
        campaign.action_launch()
        for rating in self._ratings(campaign):
            self._rate(rating, 1 if rating.rater_id == self.sam else 4)
        campaign.action_close()
        Result = self.env["internal.customer.result"]
        ivy, ian = (
            Result.search(
                [
                    ("campaign_id", "=", campaign.id),
                    ("employee_id", "=", employee.id),
                    ("dimension_id", "=", False),
                    ("relation_type", "=", False),
                ]
            )
            for employee in (self.ivy, self.it_lead)
        )
        self.assertAlmostEqual(ivy.index, 56.25)
        self.assertAlmostEqual(ian.index, 75.0)
        self.assertGreater(ivy.index_calibrated, ivy.index + 2)
        self.assertLess(
            ian.index_calibrated - ivy.index_calibrated, (ian.index - ivy.index) / 2
        )

        def line_of(name, **rule_vals):
            rule = self.rule.copy({"name": name, "sequence": 0, **rule_vals})
            cycle = self._cycle(
                name=name,
                employee_ids=[Command.set(self.ivy.ids)],
                campaign_ids=[Command.set(campaign.ids)],
            )
            cycle.action_start()
            card = self._card(cycle, self.ivy)
            self.assertEqual(card.rule_id, rule)
            rule.active = False  # the next one applies to the next cycle
            return card, self._line(card, self.kpi_ic)

        card, line = line_of("Raw")
        self.assertAlmostEqual(line.actual, ivy.index)
        self.assertAlmostEqual(line.raw_index, ivy.index)
        self.assertAlmostEqual(line.index_calibrated, ivy.index_calibrated)
        self.assertAlmostEqual(card.internal_index_calibrated, ivy.index_calibrated)
        self.assertEqual(
            line.note,
            f"4 raters, index 56.2 (calibrated: {ivy.index_calibrated:.1f})",
        )
        card, line = line_of("Calibrated", use_calibrated=True)
        self.assertAlmostEqual(line.actual, ivy.index_calibrated)
        self.assertAlmostEqual(card.internal_index, ivy.index_calibrated)
        self.assertAlmostEqual(line.raw_index, ivy.index)
        self.assertAlmostEqual(line.index_calibrated, ivy.index_calibrated)
        self.assertEqual(
            line.note,
            f"4 raters, calibrated index {ivy.index_calibrated:.1f} "
            "(not calibrated: 56.2)",
        )
        # With the small-sample adjustment, toward the company's calibrated mean
        company = Result.search(
            [
                ("campaign_id", "=", campaign.id),
                ("level", "=", "company"),
                ("dimension_id", "=", False),
                ("relation_type", "=", False),
            ]
        )
        _card, line = line_of("Both", use_calibrated=True, use_confidence=True)
        self.assertAlmostEqual(
            line.actual,
            (4 * ivy.index_calibrated + 3 * company.index_calibrated) / 7,
        )
        self.assertIn("calibrated index", line.note)
        self.assertIn("pulled toward the mean", line.note)

    def test_adjustment_needs_a_reason_and_is_tracked(self):
        self._run_campaign()
        self.cycle.action_start()
        card = self._card(self.cycle, self.ivy)
        self._fill_manual(card, obj=80, lead=5)
        with self.assertRaisesRegex(ValidationError, "reason"), self.cr.savepoint():
            card.adjustment = 5
            card.flush_recordset()
        card.invalidate_recordset()
        self.assertEqual(card.adjustment, 0)
        card.with_context(tracking_disable=False).write(
            {"adjustment": 5, "adjustment_reason": "Led the ERP migration"}
        )
        self.assertAlmostEqual(card.final_score, 93.0)
        self.assertEqual(card.band, "Exceeds expectations")
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit
        tracked = card.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("adjustment", tracked)

    def test_submit_acknowledge_and_lock(self):
        self._run_campaign()
        self.cycle.action_start()
        card = self._card(self.cycle, self.ivy)
        with self.assertRaisesRegex(UserError, "Fill the actual value"):
            card.with_user(self.user_it_lead).action_submit()
        self._fill_manual(card.with_user(self.user_it_lead), obj=80, lead=5)
        card.with_user(self.user_it_lead).action_submit()
        self.assertEqual(card.state, "submitted")
        with self.assertRaises(UserError):
            self._line(card, self.kpi_obj).actual = 100
        mine = card.with_user(self.user_ivy)
        mine.employee_comment = "Thanks, fair."
        mine.action_acknowledge()
        self.assertTrue(card.acknowledged)
        with self.assertRaisesRegex(UserError, "already acknowledged"):
            mine.action_acknowledge()
        self._fill_manual(self._card(self.cycle, self.it_lead), obj=90, lead=2)
        self._card(self.cycle, self.it_lead).action_submit()
        with self.assertRaisesRegex(UserError, "Running"):
            self.cycle.action_done()
        self.cycle.action_review()
        self.cycle.action_done()
        self.assertEqual(set(self.cycle.scorecard_ids.mapped("state")), {"done"})
        with self.assertRaisesRegex(UserError, "locked"):
            card.adjustment_reason = "late change"
        # Closing the cycle never changes the figures
        self.assertAlmostEqual(card.final_score, 88.0)

    def test_cycle_done_needs_every_scorecard_submitted(self):
        self.cycle.action_start()
        self.cycle.action_review()
        with self.assertRaisesRegex(UserError, "not submitted"):
            self.cycle.action_done()
        self.assertEqual(self.cycle.state, "review")

    def test_state_errors_change_nothing(self):
        with self.assertRaisesRegex(UserError, "Draft"):
            self.cycle.action_generate_scorecards()
        self.assertFalse(self.cycle.scorecard_ids)
        with self.assertRaises(UserError):
            self.cycle.action_review()
        self.cycle.action_start()
        with self.assertRaises(UserError):
            self.cycle.action_start()
        with (
            self.assertRaisesRegex(ValidationError, "ends before"),
            self.cr.savepoint(),
        ):
            self._cycle(date_start="2026-05-01", date_end="2026-04-01")

    def test_create_a_campaign_from_the_cycle(self):
        cycle = self._cycle(
            name="With campaign", department_ids=[Command.set(self.dep_it.ids)]
        )
        action = cycle.action_create_campaign()
        campaign = self.env["internal.customer.campaign"].browse(action["res_id"])
        self.assertIn(campaign, cycle.campaign_ids)
        self.assertEqual(campaign.department_ids, self.dep_it)
        self.assertEqual(campaign.date_start, cycle.date_start)
        self.assertEqual(campaign.date_end, cycle.date_end)

    def test_generation_and_filling_are_set_wise(self):
        self._run_campaign()
        self.cycle.action_start()
        cards = self.cycle.scorecard_ids
        self.env.flush_all()
        self.env.invalidate_all()
        # A fixed number of queries, whatever the number of scorecards
        with self.assertQueryCount(18):
            self.env["internal.kpi.scorecard.line"]._fill_internal_customer(cards)

    def test_a_new_cycle_covers_the_current_half_year_or_year(self):
        Cycle = self.env["internal.kpi.cycle"]
        cycle = Cycle.new({})
        half = 1 if self.today.month <= 6 else 2
        self.assertEqual(cycle.date_start.month, 1 if half == 1 else 7)
        self.assertEqual(cycle.date_end.month, 6 if half == 1 else 12)
        self.assertEqual(cycle.name, f"Appraisals {self.today.year}, half {half}")
        self.env.company.ic_cycle_length = "year"
        cycle = Cycle.new({})
        self.assertEqual(
            (cycle.date_start, cycle.date_end),
            (self.today.replace(month=1, day=1), self.today.replace(month=12, day=31)),
        )

    def test_starting_without_a_campaign_says_so(self):
        alone = self._cycle(
            name="No campaign", employee_ids=[Command.set(self.ivy.ids)]
        )
        result = alone.action_start()
        self.assertEqual(result["params"]["type"], "warning")
        self.assertIn("started without a rating campaign", result["params"]["message"])
        self.assertEqual(self.cycle.action_start(), True)

    def test_the_analysis_opens_on_the_latest_cycle(self):
        Cycle = self.env["internal.kpi.cycle"]
        last = max(Cycle.search([]).mapped("date_start"))
        newest = self._cycle(
            name="Next",
            date_start=last + timedelta(days=1),
            date_end=last + timedelta(days=180),
        )
        latest = Cycle.search([("is_latest", "=", True)])
        self.assertIn(newest, latest)
        self.assertNotIn(self.cycle, latest)
        self.assertIn(self.cycle, Cycle.search([("is_latest", "=", False)]))
        self.assertTrue(newest.is_latest)
        self.assertFalse(self.cycle.is_latest)

    def test_no_band_until_every_kpi_that_counts_has_a_value(self):
        self._run_campaign()
        self.cycle.action_start()
        card = self._card(self.cycle, self.ivy)
        # The internal-customer KPI is filled, the two manual ones are not
        self.assertEqual(card.score_status, "provisional")
        self.assertTrue(card.final_score)
        self.assertFalse(card.band)
        self.assertFalse(card.band_id)
        self._line(card, self.kpi_obj).actual = 80
        self.assertEqual(card.score_status, "provisional")
        self._line(card, self.kpi_lead).actual = 5
        self.assertEqual(card.score_status, "complete")
        self.assertEqual(card.band, "Meets expectations")
        # Ian was rated by Ivy alone, below the threshold, and nothing else is
        # measured yet: no score at all, rather than a fallback's 50
        lead = self._card(self.cycle, self.it_lead)
        self.assertEqual(lead.score_status, "no_data")
        self.assertFalse(lead.final_score)
        self.assertFalse(lead.band)
        # The cycle analysis counts complete scorecards only
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "internal_kpi.internal_kpi_scorecard_action_analysis"
        )
        self.assertIn("'search_default_filter_complete': 1", action["context"])
        Scorecard = self.env["internal.kpi.scorecard"]
        groups = Scorecard.read_group(
            [("cycle_id", "=", self.cycle.id), ("score_status", "=", "complete")],
            ["band_id"],
            ["band_id"],
        )
        self.assertEqual([g["band_id_count"] for g in groups], [1])

    def test_scorecard_report_renders(self):
        self._run_campaign()
        self.cycle.action_start()
        card = self._card(self.cycle, self.ivy)
        self._fill_manual(card, obj=80, lead=5)
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "internal_kpi.report_scorecard", card.ids
        )
        html = html.decode()
        self.assertIn("Ivy IT", html)
        self.assertIn("4 raters, index 75.0", html)
        self.assertIn("Meets expectations", html)
        for rater in self.sales:
            self.assertNotIn(rater.name, html)
        # (An administrator without a document layout is first asked to pick one.)
        action = card.with_context(discard_logo_check=True).action_print()
        self.assertEqual(action["report_name"], "internal_kpi.report_scorecard")

    def test_set_wise_figures_equal_the_orm_ones(self):
        """The engine writes the figures of new scorecards itself; the ORM's own
        computation of the same fields gives the same values."""
        self._run_campaign()
        self.rule.copy({"fallback": "neutral", "use_confidence": True, "sequence": 0})
        self.cycle.action_start()
        cards = self.cycle.scorecard_ids
        lines = cards.line_ids
        card_fields = [
            "base_score",
            "final_score",
            "band_id",
            "band",
            "score_status",
            "internal_index",
        ]
        line_fields = ["score", "effective_weight", "weighted_score"]
        before = cards.read(card_fields), lines.read(line_fields)
        for name in card_fields:
            self.env.add_to_compute(cards._fields[name], cards)
        for name in line_fields:
            self.env.add_to_compute(lines._fields[name], lines)
        self.env.flush_all()
        cards.invalidate_recordset()
        lines.invalidate_recordset()
        self.assertEqual((cards.read(card_fields), lines.read(line_fields)), before)

    def test_large_cycles_generate_in_the_background(self):
        self._run_campaign()
        self.env["ir.config_parameter"].set_param(BACKGROUND_PARAM, 1)
        action = self.cycle.with_user(self.user_hr).action_start()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual((self.cycle.state, self.cycle.job), ("running", "generate"))
        with self.assertRaisesRegex(UserError, "in the background"):
            self.cycle.with_user(self.user_hr).action_review()
        with patch.object(scorecards, "BATCH", 1):
            self.env["internal.kpi.cycle"]._cron_run_jobs()
            self.assertEqual(len(self.cycle.scorecard_ids), 1)
            self.assertEqual(self.cycle.job_progress, 50.0)
            self.env["internal.kpi.cycle"]._cron_run_jobs()
        self.assertFalse(self.cycle.job)
        self.assertEqual(self.cycle.scorecard_ids.employee_id, self.ivy | self.it_lead)
        card = self._card(self.cycle, self.ivy)
        self.assertAlmostEqual(card.internal_index, 75.0)
