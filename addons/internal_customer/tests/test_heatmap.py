# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The service heat map: what it shows, to whom, and that no subtraction
gives a hidden cell away."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from odoo.exceptions import AccessError
from odoo.tests import BaseCase, HttpCase, tagged

from ..engine import heatmap
from .common import InternalCustomerCase
from .property import prop
from .tour_screenshots import TourScreenshots

ALL = heatmap.ALL


def _rank(rows):
    """Rank of a list of rows of Fractions, by exact Gaussian elimination."""
    rows = [list(row) for row in rows if any(row)]
    rank, col = 0, 0
    width = len(rows[0]) if rows else 0
    while rank < len(rows) and col < width:
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col]), None)
        if pivot is None:
            col += 1
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][col]:
                factor = rows[i][col] / rows[rank][col]
                rows[i] = [
                    x - factor * y for x, y in zip(rows[i], rows[rank], strict=True)
                ]
        rank += 1
        col += 1
    return rank


def determined(cells, shown, k):
    """The hidden cells a reader can compute from the shown cells and the
    totals, found without the engine's code: exact arithmetic over the whole
    map. Rows sum to their department's result (public when it covers ``k``
    raters, as it always does in a real campaign: only colleagues rated by
    ``k`` or more count); a pair's overall is the sum of its types and of its
    dimensions."""
    hidden = sorted((key for key in cells if key not in shown), key=str)
    column = {key: i for i, key in enumerate(hidden)}
    equations = []
    rows = {}
    for a, b, view in cells:
        rows.setdefault((a, view), []).append((a, b, view))
    for parts in rows.values():
        if len(frozenset().union(*(cells[key] for key in parts))) >= k:
            equations.append({key: 1 for key in parts})
    for a, b, view in cells:
        if view == ALL:
            for kind in ("type", "dim"):
                parts = [k for k in cells if k[:2] == (a, b) and k[2][0] == kind]
                if parts:
                    equation = {k: 1 for k in parts}
                    equation[(a, b, ALL)] = -1
                    equations.append(equation)
    matrix = []
    for equation in equations:
        row = [Fraction(0)] * len(hidden)
        for key, coefficient in equation.items():
            if key in column:
                row[column[key]] = Fraction(coefficient)
        matrix.append(row)
    base = _rank(matrix)
    found = set()
    for key, i in column.items():
        unit = [Fraction(int(j == i)) for j in range(len(hidden))]
        if _rank([*matrix, unit]) == base:
            found.add(key)
    return found


@st.composite
def maps(draw):
    """A closed campaign as the map reads it: raters of customer departments
    rate colleagues of provider departments, by relation type, leaving some
    dimensions unanswered; as in :func:`heatmap.read`, only colleagues whose
    own result is shown in full count (every dimension and every relation
    type they were rated in has ``k`` raters or more)."""
    k = draw(st.integers(2, 4))
    providers = draw(st.integers(1, 3))
    customers = draw(st.integers(1, 4))
    types = draw(st.integers(1, 2))
    dims = draw(st.integers(1, 2))
    ratees = [
        draw(st.integers(0, providers - 1)) for _x in range(draw(st.integers(1, 4)))
    ]
    raters = [
        draw(st.integers(0, customers - 1)) for _r in range(draw(st.integers(2, 12)))
    ]
    cells = {}
    for a in ratees:
        own = {}
        for rater in draw(st.sets(st.integers(0, len(raters) - 1), min_size=1)):
            rtype = draw(st.integers(0, types - 1))
            answered = draw(st.sets(st.integers(0, dims - 1), min_size=1))
            for view in [ALL, ("type", rtype)] + [("dim", d) for d in answered]:
                own.setdefault(view, set()).add(rater)
        if all(len(own.get(("dim", d), ())) >= k for d in range(dims)) and all(
            len(found) >= k for found in own.values()
        ):
            for view, found in own.items():
                for rater in found:
                    cells.setdefault((100 + a, raters[rater], view), set()).add(rater)
    return {key: frozenset(value) for key, value in cells.items()}, k


@tagged("post_install", "-at_install")
class TestHeatmapSuppression(BaseCase):
    def test_a_small_cell_hides_another_of_its_row(self):
        cells = {
            (1, 10, ALL): frozenset("abcd"),
            (1, 11, ALL): frozenset("efg"),
            (1, 12, ALL): frozenset("hi"),
        }
        shown, rows_hidden = heatmap.suppress(cells, 3)
        # 12 alone would be the department's result minus 10 and 11
        self.assertEqual(shown, {(1, 10, ALL)})
        self.assertFalse(rows_hidden)

    def test_the_proof_finds_what_a_subtraction_gives_away(self):
        cells = {
            (1, 10, ALL): frozenset("abcd"),
            (1, 11, ALL): frozenset("ef"),
            (1, 12, ALL): frozenset("ghi"),
        }
        # The department's result minus 10 and 12 is 11, of two raters
        leaky = {(1, 10, ALL), (1, 12, ALL)}
        raters, families = heatmap._Raters(cells, 3), heatmap._families(cells)
        self.assertTrue(heatmap._leaks(raters, leaky, families, {(1, ALL)}))
        self.assertFalse(heatmap._leaks(raters, {(1, 10, ALL)}, families, {(1, ALL)}))

    @prop
    @given(maps())
    def test_no_hidden_cell_under_the_threshold_can_be_computed(self, world):
        cells, k = world
        shown, _rows = heatmap.suppress(cells, k)
        for key in shown:
            self.assertGreaterEqual(len(cells[key]), k, key)
        leaked = {key for key in determined(cells, shown, k) if len(cells[key]) < k}
        self.assertFalse(leaked, f"computable from what is shown: {leaked}")

    @prop
    @given(maps())
    def test_what_a_row_hides_covers_the_threshold(self, world):
        cells, k = world
        shown, _rows = heatmap.suppress(cells, k)
        rows = {}
        for key in cells:
            rows.setdefault((key[0], key[2]), []).append(key)
        for parts in rows.values():
            hidden = [key for key in parts if key not in shown]
            union = set().union(*(cells[key] for key in hidden)) if hidden else set()
            if len(hidden) < len(parts):
                self.assertFalse(0 < len(union) < k, (parts, shown))

    @prop
    @given(maps(), st.randoms())
    def test_the_outcome_does_not_depend_on_the_order_read(self, world, rnd):
        cells, k = world
        keys = list(cells)
        rnd.shuffle(keys)
        self.assertEqual(
            heatmap.suppress(cells, k), heatmap.suppress({x: cells[x] for x in keys}, k)
        )


class HeatmapCase(InternalCustomerCase):
    """IT (Ivy, Ian) serves Sales (4 raters), Finance (3) and Sales East (2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Department = cls.env["hr.department"]
        cls.dep_finance = Department.create({"name": "IC Finance"})
        cls.dep_it.manager_id = cls.it_lead
        Employee = cls.env["hr.employee"]
        extra = Employee
        for login, dep in [
            ("ic_sal", cls.dep_sales),
            ("ic_sky", cls.dep_sales),
            ("ic_fay", cls.dep_finance),
            ("ic_fox", cls.dep_finance),
            ("ic_fin", cls.dep_finance),
        ]:
            user = cls._new_user(login, "internal_customer.group_user")
            extra |= Employee.create(
                {"name": login[3:].title(), "user_id": user.id, "department_id": dep.id}
            )
        cls.customers = cls.sales | extra
        for provider in cls.ivy | cls.it_lead:
            for customer in cls.customers:
                cls._relation(provider, customer)
        cls.campaign = cls._campaign(min_raters=3)
        cls.campaign.action_launch()

    def _close(self, campaign=None):
        campaign = campaign or self.campaign
        scores = {self.dep_sales: 4, self.dep_finance: 3, self.dep_sales_east: 2}
        for rating in self._ratings(campaign).filtered(lambda r: not r.is_self):
            self._rate(rating, scores[rating.rater_id.department_id])
        campaign.action_close()


@tagged("post_install", "-at_install")
class TestHeatmap(HeatmapCase):
    def _map(self, user, **kwargs):
        return (
            self.env["internal.customer.heatmap"]
            .with_user(user)
            .get_heatmap(self.campaign.id, **kwargs)
        )

    def _cells(self, data):
        return {
            (row["name"], column["name"]): cell
            for row in data["rows"]
            for column, cell in zip(data["columns"], row["cells"], strict=True)
            if cell
        }

    def test_hr_sees_the_pairs_and_nothing_under_the_threshold(self):
        self._close()
        data = self._map(self.user_hr)
        self.assertFalse(data["message"])
        cells = self._cells(data)
        self.assertEqual(cells[("IC IT", "IC Sales")]["index"], 75.0)
        self.assertEqual(cells[("IC IT", "IC Sales")]["raters"], 4)
        # East (2 raters) is hidden, and Finance with it: the department's
        # result minus Sales and Finance would otherwise be East alone.
        for customer in ("IC Sales / IC Sales East", "IC Finance"):
            self.assertIsNone(cells[("IC IT", customer)]["index"], customer)
            self.assertIsNone(cells[("IC IT", customer)]["raters"], customer)
        it_result = self.env["internal.customer.result"].search(
            [
                ("campaign_id", "=", self.campaign.id),
                ("level", "=", "department"),
                ("department_id", "=", self.dep_it.id),
                ("dimension_id", "=", False),
                ("relation_type", "=", False),
            ]
        )
        self.assertAlmostEqual(data["rows"][0]["total"], round(it_result.index, 1))
        self.assertEqual(data["threshold"], 3)
        views = [view["key"] for view in data["views"]]
        self.assertIn(f"dim:{self.dim_quality.id}", views)
        self.assertIn("type:functional", views)
        by_dim = self._cells(self._map(self.user_hr, view=f"dim:{self.dim_quality.id}"))
        self.assertEqual(by_dim[("IC IT", "IC Sales")]["index"], 75.0)

    def test_department_heads_see_their_rows_employees_nothing(self):
        self._close()
        lead = self._map(self.user_it_lead)
        self.assertEqual([row["name"] for row in lead["rows"]], ["IC IT"])
        self.assertEqual(self._cells(lead), self._cells(self._map(self.user_hr)))
        for user in (self.user_sam, self.user_ivy, self.user_boss):
            data = self._map(user)
            self.assertFalse(data["rows"], user.login)
            self.assertFalse(data["columns"], user.login)
            self.assertTrue(data["message"], user.login)

    def test_open_campaigns_show_nothing(self):
        data = self._map(self.user_hr)
        self.assertFalse(data["rows"])
        self.assertNotIn(self.campaign.id, [c["id"] for c in data["campaigns"]])

    def test_moving_a_rater_later_changes_nothing(self):
        self._close()
        before = self._map(self.user_hr)
        self.sam.department_id = self.dep_finance
        self.fox = self.customers.filtered(lambda e: e.name == "Fox")
        self.fox.department_id = self.dep_sales_east
        self.campaign.action_compute_results()
        self.assertEqual(self._map(self.user_hr), before)

    def test_change_since_the_previous_campaign(self):
        self._close()
        second = self._campaign(name="Second", min_raters=3)
        second.action_launch()
        for rating in self._ratings(second):
            # Sales East does not answer this time: Finance is shown
            if rating.rater_id.department_id != self.dep_sales_east:
                self._rate(rating, 5)
        second.action_close()
        data = (
            self.env["internal.customer.heatmap"]
            .with_user(self.user_hr)
            .get_heatmap(second.id, compare=True)
        )
        self.assertEqual(data["previous"]["id"], self.campaign.id)
        cells = self._cells(data)
        self.assertEqual(cells[("IC IT", "IC Sales")]["change"], 25.0)
        # Shown now, hidden then: no change to show
        self.assertIsNone(cells[("IC IT", "IC Finance")]["change"])
        self.assertIsNotNone(cells[("IC IT", "IC Finance")]["index"])

    def test_the_data_is_read_in_one_query_of_ratings(self):
        self._close()
        self.env.invalidate_all()
        heatmap_model = self.env["internal.customer.heatmap"].with_user(self.user_hr)
        with self.assertQueryCount(__system__=11):
            heatmap_model.get_heatmap(self.campaign.id)

    def _stored(self):
        self.env.cr.execute(
            """
            SELECT view_kind, view_key, provider_id, customer_id, raters, index
              FROM internal_customer_heatmap_cell WHERE campaign_id = %s
            """,
            [self.campaign.id],
        )
        return {row[:4]: row[4:] for row in self.env.cr.fetchall()}

    def test_the_map_is_stored_at_close_and_a_hidden_cell_without_figures(self):
        self._close()
        stored = self._stored()
        it = self.dep_it.id
        self.assertEqual(stored[("all", "", it, self.dep_sales.id)], (4, 75.0))
        for customer in (self.dep_sales_east, self.dep_finance):
            self.assertEqual(stored[("all", "", it, customer.id)], (None, None))
        dim = str(self.dim_quality.id)
        self.assertEqual(stored[("dim", dim, it, self.dep_sales.id)], (4, 75.0))
        # The calibrated index beside the index, hidden exactly when it is
        self.env.cr.execute(
            """SELECT index IS NULL, index_calibrated IS NULL, count(*)
                 FROM internal_customer_heatmap_cell WHERE campaign_id = %s
                GROUP BY 1, 2""",
            [self.campaign.id],
        )
        self.assertEqual(
            {
                (hidden, no_calibrated)
                for hidden, no_calibrated, _n in self.env.cr.fetchall()
            },
            {(True, True), (False, False)},
        )
        # Recomputing replaces the map: the same cells, once each
        self.campaign.action_compute_results()
        self.assertEqual(self._stored(), stored)

    def test_a_map_not_stored_yet_is_computed_on_the_fly(self):
        """A campaign closed before the map was stored (the upgrade stores
        it; until then the screen computes it in memory, the same)."""
        self._close()
        stored = self._map(self.user_hr, view=f"dim:{self.dim_quality.id}")
        self.env.cr.execute(
            "DELETE FROM internal_customer_heatmap_map WHERE campaign_id = %s",
            [self.campaign.id],
        )
        self.assertFalse(self._stored())
        self.env.invalidate_all()
        fly = self._map(self.user_hr, view=f"dim:{self.dim_quality.id}")

        def raw(data):
            # On the fly, without the campaign's rater effects: no calibrated
            # figure until the map is stored
            return [
                [
                    cell and {k: v for k, v in cell.items() if k != "calibrated"}
                    for cell in row["cells"]
                ]
                for row in data["rows"]
            ]

        self.assertEqual(raw(fly), raw(stored))
        self.assertEqual(
            {k: v for k, v in fly.items() if k != "rows"},
            {k: v for k, v in stored.items() if k != "rows"},
        )
        cells = [cell for row in fly["rows"] for cell in row["cells"] if cell]
        self.assertEqual({cell["calibrated"] for cell in cells}, {None})
        shown = [c for row in stored["rows"] for c in row["cells"] if c and c["index"]]
        self.assertTrue(shown)
        self.assertTrue(all(c["calibrated"] is not None for c in shown))

    def _pair(self, user, provider, customer):
        return (
            self.env["internal.customer.heatmap"]
            .with_user(user)
            .get_pair(self.campaign.id, provider.id, customer.id)
        )

    def test_a_pair_in_every_view_as_the_map_shows_it(self):
        self._close()
        data = self._pair(self.user_hr, self.dep_it, self.dep_sales)
        self.assertEqual((data["provider"], data["customer"]), ("IC IT", "IC Sales"))
        views = {view["key"]: view for view in data["views"]}
        self.assertEqual(views["all"]["index"], 75.0)
        self.assertEqual(views["all"]["raters"], 4)
        self.assertEqual(views[f"dim:{self.dim_quality.id}"]["index"], 75.0)
        self.assertEqual(views["type:functional"]["index"], 75.0)
        # Each view's figure is the map's figure in that view
        for key, view in views.items():
            cells = self._cells(self._map(self.user_hr, view=key))
            self.assertEqual(cells[("IC IT", "IC Sales")]["index"], view["index"], key)
        # A hidden pair shows no number in any view
        hidden = self._pair(self.user_hr, self.dep_it, self.dep_sales_east)
        self.assertTrue(hidden["views"])
        for view in hidden["views"]:
            self.assertIsNone(view["index"], view)
            self.assertIsNone(view["raters"], view)
        # The head of IT reads IT's pairs, the same; nobody else's, no employee any
        self.assertEqual(
            self._pair(self.user_it_lead, self.dep_it, self.dep_sales), data
        )
        for user, provider in (
            (self.user_it_lead, self.dep_sales),
            (self.user_sam, self.dep_it),
            (self.user_ivy, self.dep_it),
        ):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._pair(user, provider, self.dep_sales)

    def test_no_model_reads_or_writes_the_stored_map(self):
        tables = {model._table for model in self.env.registry.values()}
        self.assertNotIn("internal_customer_heatmap_cell", tables)
        self.assertNotIn("internal_customer_heatmap_map", tables)


@tagged("post_install", "-at_install")
class TestHeatmapUi(TourScreenshots, HttpCase, HeatmapCase):
    browser_size = "1280x800"

    def test_hr_reads_the_heat_map_and_opens_a_department(self):
        self._close()
        self.start_tour(
            "/odoo/action-internal_customer.internal_customer_heatmap_action",
            "internal_customer_heatmap_tour",
            login="ic_hr",
        )


@tagged("post_install", "-at_install")
class TestHeatmapUiPhone(TourScreenshots, HttpCase, HeatmapCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_department_head_reads_the_heat_map_on_a_phone(self):
        self._close()
        self.start_tour(
            "/odoo/action-internal_customer.internal_customer_heatmap_action",
            "internal_customer_heatmap_lead_tour",
            login="ic_it_lead",
        )
