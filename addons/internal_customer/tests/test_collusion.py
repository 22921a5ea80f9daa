# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reciprocal pairs and rings: found exactly (property tests against a brute
force), dampened in every figure and in the heat map, and told to nobody but
HR, as counts, from the threshold on."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import BaseCase, tagged

from ..engine import collusion, heatmap
from .common import InternalCustomerCase
from .property import prop

# Generous ratings among six colleagues: (rater, ratee), no self-rating; a
# pair of colleagues may have two ratings each way (two relations)
edge_lists = st.lists(
    st.tuples(st.integers(0, 5), st.integers(0, 5)).filter(lambda e: e[0] != e[1]),
    max_size=30,
)


def _numbered(edges):
    return [(rating, a, b) for rating, (a, b) in enumerate(edges, start=1)]


def _brute_force(edges):
    """Pairs as sets of two colleagues, rings as directed circles of three
    (up to where they start), each with every rating along it."""
    by_pair = {}
    for rating, a, b in edges:
        by_pair.setdefault((a, b), []).append(rating)
    people = sorted({x for _r, a, b in edges for x in (a, b)})
    pairs = {
        tuple(sorted(by_pair[(a, b)] + by_pair[(b, a)]))
        for a, b in itertools.combinations(people, 2)
        if (a, b) in by_pair and (b, a) in by_pair
    }
    rings = set()
    for a, b, c in itertools.permutations(people, 3):
        if (a, b) in by_pair and (b, c) in by_pair and (c, a) in by_pair:
            rings.add(
                tuple(sorted(by_pair[(a, b)] + by_pair[(b, c)] + by_pair[(c, a)]))
            )
    return pairs, rings


@tagged("post_install", "-at_install")
class TestGroups(BaseCase):
    @prop
    @given(edges=edge_lists)
    def test_pairs_and_rings_match_a_brute_force(self, edges):
        numbered = _numbered(edges)
        pairs, rings = collusion.groups(numbered)
        expected_pairs, expected_rings = _brute_force(numbered)
        self.assertEqual(set(pairs), expected_pairs)
        self.assertEqual(len(pairs), len(expected_pairs))  # each counted once
        self.assertEqual(set(rings), expected_rings)
        self.assertEqual(len(rings), len(expected_rings))

    @prop
    @given(edges=edge_lists, data=st.data())
    def test_the_order_and_the_names_change_nothing(self, edges, data):
        numbered = _numbered(edges)
        names = data.draw(st.permutations(range(6)))
        shuffled = data.draw(st.permutations(numbered))
        renamed = [(r, names[a], names[b]) for r, a, b in shuffled]
        self.assertEqual(collusion.groups(renamed), collusion.groups(numbered))

    def test_shifts_take_the_weighted_share_of_the_lead(self):
        rows = [
            (1, 10, 20, 5.0, 3.0),  # 10 -> 20, 2 points above the others
            (2, 20, 10, 4.5, 3.0),  # and back: a pair
            (3, 10, 30, 5.0, 3.5),  # one way only: not dampened
        ]
        pairs, rings, shifts = collusion.shifts(rows, 0.5)
        self.assertEqual((pairs, rings), (1, 0))
        self.assertEqual(shifts, {1: 1.0, 2: 0.75})
        self.assertEqual(collusion.shifts(rows, 1.0)[2], {1: 0.0, 2: 0.0})
        self.assertEqual(collusion.shifts(rows, 0.0)[2], {1: 2.0, 2: 1.5})


class ReciprocalCase(InternalCustomerCase):
    """Ivy serves the four salespeople; Sam serves Ivy, Sue and Sid. Ivy and
    Sam rate each other 5 where everybody else gives them 3: a reciprocal
    pair. Threshold 3."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for customer in cls.sales:
            cls._relation(cls.ivy, customer)
        for customer in cls.ivy | cls.sue | cls.sid:
            cls._relation(cls.sam, customer)
        cls.campaign = cls._campaign(
            dimension_ids=[Command.set((cls.dim_quality | cls.dim_response).ids)],
        )
        cls.campaign.action_launch()

    def _answer(self, generous=5, campaign=None):
        pair = {(self.sam, self.ivy), (self.ivy, self.sam)}
        for rating in self._ratings(campaign or self.campaign):
            key = (rating.rater_id, rating.ratee_id)
            self._rate(rating, generous if key in pair else 3)

    def _overall(self, employee):
        return self.env["internal.customer.result"].search(
            [
                ("campaign_id", "=", self.campaign.id),
                ("employee_id", "=", employee.id),
                ("dimension_id", "=", False),
                ("relation_type", "=", False),
            ]
        )


@tagged("post_install", "-at_install")
class TestReciprocal(ReciprocalCase):
    def test_a_pair_counts_half_its_lead(self):
        self._answer()
        self.campaign.action_close()
        # Sam's 5 for Ivy is 2 above the others' 3: it counts as 4
        ivy = self._overall(self.ivy)
        self.assertEqual(ivy.rater_count, 4)
        self.assertAlmostEqual(ivy.mean, (4 + 3 + 3 + 3) / 4)
        self.assertAlmostEqual(ivy.index, 56.25)
        sam = self._overall(self.sam)
        self.assertAlmostEqual(sam.mean, (4 + 3 + 3) / 3)
        # Per dimension too: the same shift on every score of the rating
        quality = self.env["internal.customer.result"].search(
            [
                ("campaign_id", "=", self.campaign.id),
                ("employee_id", "=", self.ivy.id),
                ("dimension_id", "=", self.dim_quality.id),
            ]
        )
        self.assertAlmostEqual(quality.mean, 3.25)

    def test_weight_one_counts_in_full_and_a_one_way_favour_is_no_pair(self):
        self.campaign.reciprocal_weight = 1.0
        self._answer()
        self.campaign.action_close()
        self.assertAlmostEqual(self._overall(self.ivy).index, 62.5)

    def test_a_generous_rating_one_way_only_is_not_dampened(self):
        for rating in self._ratings(self.campaign):
            generous = (rating.rater_id, rating.ratee_id) == (self.sam, self.ivy)
            self._rate(rating, 5 if generous else 3)
        self.campaign.action_close()
        self.assertAlmostEqual(self._overall(self.ivy).index, 62.5)

    def test_the_weight_stays_between_zero_and_one_and_freezes_at_closing(self):
        for weight in (-0.1, 1.5):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                self.campaign.reciprocal_weight = weight
                self.campaign.flush_recordset()
        self._answer()
        self.campaign.action_close()
        for user in (self.user_hr, self.user_hr_admin):
            with self.assertRaises(UserError), self.cr.savepoint():
                self.campaign.with_user(user).write({"reciprocal_weight": 1.0})
        self.campaign.invalidate_recordset()
        self.assertEqual(self.campaign.reciprocal_weight, 0.5)

    def test_the_heat_map_uses_the_dampened_scores(self):
        """Threshold 2, so that the map shows cells: IT as Sales rates it is
        Sam's dampened 4 and Sue's 3."""
        campaign = self._campaign(name="Map", min_raters=2)
        campaign.action_launch()
        self._answer(campaign=campaign)
        campaign.action_close()
        # The stored map equals one built from the dampened scores, and differs
        # from one built from the raw scores where Sam's rating counts
        self.env.cr.execute(
            """SELECT view_kind, view_key, provider_id, customer_id, raters, index
                 FROM internal_customer_heatmap_cell WHERE campaign_id = %s""",
            [campaign.id],
        )
        stored = {
            (kind, key, a, b): (raters, value)
            for kind, key, a, b, raters, value in self.env.cr.fetchall()
        }
        self.assertTrue(stored)

        def built(shifts):
            cells = {}
            for _c, part in heatmap.build(self.env.cr, {campaign.id: 2}, shifts=shifts):
                for (a, b, (kind, key)), value in part.items():
                    cells[(kind, str(key or ""), a, b)] = value[:2]
            return cells

        sam_for_ivy = self._ratings(campaign, self.ivy).filtered(
            lambda r: r.rater_id == self.sam
        )
        ivy_for_sam = self._ratings(campaign, self.sam).filtered(
            lambda r: r.rater_id == self.ivy
        )
        dampened = built({sam_for_ivy.id: 1.0, ivy_for_sam.id: 1.0})
        self.assertEqual(stored, dampened)
        it_sales = ("all", "", self.dep_it.id, self.dep_sales.id)
        self.assertEqual(stored[it_sales][0], 2)
        self.assertAlmostEqual(stored[it_sales][1], 62.5)  # (4 + 3) / 2
        self.assertAlmostEqual(built({})[it_sales][1], 75.0)  # (5 + 3) / 2, raw


@tagged("post_install", "-at_install")
class TestNobodySeesWho(ReciprocalCase):
    def test_counts_below_the_threshold_are_kept_as_nothing(self):
        self._answer()
        self.campaign.action_close()
        campaign = self.campaign.with_user(self.user_hr)
        self.assertIs(campaign.reciprocal_pair_count, False)
        self.assertIs(campaign.reciprocal_ring_count, False)
        self.assertEqual(
            campaign.reciprocal_summary,
            "fewer than 3 reciprocal pairs, fewer than 3 rings of three: their "
            "lead counted at 0.5",
        )
        self.env.cr.execute(
            """SELECT reciprocal_pair_count, reciprocal_ring_count
                 FROM internal_customer_campaign WHERE id = %s""",
            [self.campaign.id],
        )
        self.assertEqual(self.env.cr.fetchone(), (None, None))

    def test_counts_from_the_threshold_on(self):
        """Threshold 2. Sue and Sid also serve Ivy and Sol. Ivy rates Sam, Sue
        and Sid 5, and they rate her 5; Sue rates Sam 5: three pairs (Ivy-Sam,
        Ivy-Sue, Ivy-Sid) and one ring (Ivy -> Sue -> Sam -> Ivy), below 2.
        Every other score is 1."""
        for provider in (self.sue, self.sid):
            for customer in (self.ivy, self.sol):
                self._relation(provider, customer)
        campaign = self._campaign(name="Small", min_raters=2)
        campaign.action_launch()
        generous = {
            (self.sam, self.ivy),
            (self.ivy, self.sam),
            (self.sue, self.ivy),
            (self.ivy, self.sue),
            (self.sid, self.ivy),
            (self.ivy, self.sid),
            (self.sue, self.sam),
        }
        for rating in self._ratings(campaign):
            key = (rating.rater_id, rating.ratee_id)
            self._rate(rating, 5 if key in generous else 1)
        campaign.action_close()
        hr = campaign.with_user(self.user_hr)
        self.assertEqual(hr.reciprocal_pair_count, 3)
        self.assertIs(hr.reciprocal_ring_count, False)
        self.assertEqual(
            hr.reciprocal_summary,
            "3 reciprocal pairs, fewer than 2 rings of three: their lead counted "
            "at 0.5",
        )

    def test_no_role_but_hr_reads_the_counts_and_nothing_names_anyone(self):
        self._answer()
        pair = self._ratings(self.campaign).filtered(
            lambda r: {r.rater_id, r.ratee_id} == {self.ivy, self.sam}
        )
        self.assertEqual(len(pair), 2)
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT * FROM internal_customer_rating WHERE id = ANY(%s) ORDER BY id",
            [pair.ids],
        )
        before = self.env.cr.fetchall()
        messages = self.env["mail.message"].search([], order="id desc", limit=1).id
        self.campaign.action_close()
        self.campaign.action_publish()
        self.env.flush_all()
        # Nothing is written on the ratings themselves (their rater reads them)
        self.env.cr.execute(
            "SELECT * FROM internal_customer_rating WHERE id = ANY(%s) ORDER BY id",
            [pair.ids],
        )
        self.assertEqual(self.env.cr.fetchall(), before)
        # No column anywhere but the campaign's counts and weight
        self.env.cr.execute(
            """SELECT attrelid::regclass::text, attname FROM pg_attribute
                WHERE attnum > 0 AND NOT attisdropped
                  AND (attname ILIKE '%reciproc%' OR attname ILIKE '%dampen%'
                       OR attname ILIKE '%collu%')"""
        )
        self.assertEqual(
            sorted(self.env.cr.fetchall()),
            [
                ("internal_customer_campaign", "reciprocal_pair_count"),
                ("internal_customer_campaign", "reciprocal_ring_count"),
                ("internal_customer_campaign", "reciprocal_weight"),
            ],
        )
        # No message or notification says anything about it
        new = self.env["mail.message"].search([("id", ">", messages)])
        for message in new:
            self.assertNotRegex(
                str(message.body or "") + str(message.subject or ""),
                r"(?i)reciproc|dampen|pair|ring of",
            )
        # Only HR reads the counts; the colleagues of the pair, their managers
        # and the other raters cannot, not even by asking for the field
        for user in (
            self.user_ivy,
            self.user_sam,
            self.user_sue,
            self.user_it_lead,
            self.user_boss,
        ):
            campaign = self.campaign.with_user(user)
            for name in (
                "reciprocal_pair_count",
                "reciprocal_ring_count",
                "reciprocal_summary",
            ):
                with self.assertRaises(AccessError, msg=(user.login, name)):
                    campaign.read([name])
            fields = self.env["internal.customer.campaign"].with_user(user).fields_get()
            self.assertFalse(
                {"reciprocal_pair_count", "reciprocal_ring_count"} & set(fields)
            )
        for user in (self.user_hr, self.user_hr_admin):
            self.campaign.with_user(user).read(
                ["reciprocal_pair_count", "reciprocal_ring_count", "reciprocal_summary"]
            )
