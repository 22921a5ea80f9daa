# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The anonymity arithmetic alone: no database (anonymity.py)."""

from itertools import combinations

from hypothesis import given
from hypothesis import strategies as st

from odoo.tests import BaseCase, tagged

from .. import anonymity
from .property import prop

cell_lists = st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=8)
thresholds = st.integers(min_value=2, max_value=10)


def _cells(counts, k):
    return {i: (n, n >= k) for i, n in enumerate(counts)}


def _hidden_total(cells, hidden):
    return sum(
        n for key, (n, visible) in cells.items() if n and (not visible or key in hidden)
    )


@tagged("post_install", "-at_install")
class TestSuppression(BaseCase):
    def test_lonely_hidden_cell_hides_the_smallest_visible_one(self):
        cells = {"functional": (4, True), "process": (1, False), "upward": (6, True)}
        self.assertEqual(anonymity.suppress_cells(cells, 3), {"functional"})

    def test_hidden_cells_already_safe_together(self):
        cells = {"a": (2, False), "b": (2, False), "c": (5, True)}
        self.assertEqual(anonymity.suppress_cells(cells, 3), set())

    def test_nothing_hidden_nothing_to_do(self):
        self.assertEqual(
            anonymity.suppress_cells({"a": (5, True), "b": (3, True)}, 3), set()
        )

    def test_ties_are_broken_deterministically(self):
        cells = {"b": (4, True), "a": (4, True), "x": (1, False)}
        self.assertEqual(anonymity.suppress_cells(cells, 3), {"a"})

    def test_one_large_cell_rather_than_many_small_ones(self):
        # Hiding x, y and z (3 + 3 + 4 raters) also works, but hides more
        cells = {"h": (1, False), "x": (3, True), "y": (3, True), "z": (4, True)}
        self.assertEqual(anonymity.suppress_cells(cells, 5), {"z"})

    @prop
    @given(counts=cell_lists, k=thresholds)
    def test_no_subtraction_isolates_fewer_than_k_raters(self, counts, k):
        cells = _cells(counts, k)
        hidden = anonymity.suppress_cells(cells, k)
        self.assertTrue(all(cells[key][1] for key in hidden), "only visible cells")
        total = _hidden_total(cells, hidden)
        all_hidden = all((not v) or key in hidden for key, (_n, v) in cells.items())
        # A total minus the shown cells covers nobody or k raters, unless
        # nothing is shown at all
        self.assertTrue(total == 0 or total >= k or all_hidden)

    @prop
    @given(counts=cell_lists, k=thresholds)
    def test_suppression_hides_as_few_raters_as_possible(self, counts, k):
        cells = _cells(counts, k)
        hidden = anonymity.suppress_cells(cells, k)
        already = _hidden_total(cells, set())
        if not 0 < already < k:
            self.assertEqual(hidden, set())
            return
        visible = [key for key, (_n, v) in cells.items() if v]
        # Every other set that would do, found by brute force, hides as many
        # raters or more
        best = min(
            (
                sum(cells[key][0] for key in subset)
                for size in range(1, len(visible) + 1)
                for subset in combinations(visible, size)
                if already + sum(cells[key][0] for key in subset) >= k
            ),
            default=None,
        )
        if best is None:  # not enough raters anywhere: everything is hidden
            self.assertEqual(hidden, set(visible))
        else:
            self.assertEqual(sum(cells[key][0] for key in hidden), best)

    @prop
    @given(counts=cell_lists, k=thresholds)
    def test_suppression_is_stable(self, counts, k):
        cells = _cells(counts, k)
        hidden = anonymity.suppress_cells(cells, k)
        again = {key: (n, v and key not in hidden) for key, (n, v) in cells.items()}
        self.assertEqual(anonymity.suppress_cells(again, k), set())


departments = st.dictionaries(
    st.integers(min_value=1, max_value=12),
    st.tuples(st.integers(0, 12), st.integers(0, 12)).map(lambda t: (max(t), min(t))),
    min_size=1,
    max_size=12,
)


@tagged("post_install", "-at_install")
class TestRollUp(BaseCase):
    def test_small_groups_fold_into_their_parent(self):
        parents = {"east": "sales", "sales": None, "it": None, "hr": None}
        groups = {"sales": (4, 2), "east": (2, 1), "it": (6, 6), "hr": (1, 0)}
        shown = anonymity.roll_up_counts(groups, parents, 3)
        self.assertEqual(shown["sales"][:2], (6, 3))
        self.assertEqual(shown["sales"][2], {"east"})
        # HR (1 request) reaches the top alone: folded into the smallest shown
        self.assertEqual(shown["it"], (7, 6, frozenset({"hr"})))
        self.assertNotIn("hr", shown)

    @prop
    @given(groups=departments, k=thresholds, data=st.data())
    def test_no_count_covers_fewer_than_k_and_none_is_lost(self, groups, k, data):
        keys = sorted(groups)
        # Each department's parent is one with a smaller id, or none
        parents = {
            key: data.draw(st.sampled_from([None, *[p for p in keys if p < key]]))
            for key in keys
        }
        shown = anonymity.roll_up_counts(groups, parents, k)
        total = sum(requests for requests, _answered in groups.values())
        answered = sum(a for _r, a in groups.values())
        self.assertTrue(all(requests >= k for requests, _a, _f in shown.values()))
        if total < k:
            self.assertEqual(shown, {})
            return
        # Every request is counted once, in the group shown or folded into it
        self.assertEqual(sum(r for r, _a, _f in shown.values()), total)
        self.assertEqual(sum(a for _r, a, _f in shown.values()), answered)
        counted = set(shown)
        for _r, _a, folded in shown.values():
            self.assertFalse(counted & folded, "a group counted twice")
            counted |= folded
        self.assertLessEqual({key for key, (r, _a) in groups.items() if r}, counted)


@tagged("post_install", "-at_install")
class TestSuppressSets(BaseCase):
    def test_the_same_raters_in_two_hidden_cells_count_once(self):
        cells = {
            "a": (frozenset("xy"), False),
            "b": (frozenset("xy"), False),
            "c": (frozenset("xyzuv"), True),
        }
        self.assertEqual(anonymity.suppress_sets(cells, 3), {"c"})

    def test_disjoint_hidden_cells_may_be_enough(self):
        cells = {
            "a": (frozenset("xy"), False),
            "b": (frozenset("zu"), False),
            "c": (frozenset("xyzuv"), True),
        }
        self.assertEqual(anonymity.suppress_sets(cells, 3), set())

    @prop
    @given(
        st.dictionaries(
            st.integers(0, 6),
            st.tuples(st.frozensets(st.integers(0, 8), max_size=6), st.booleans()),
            max_size=6,
        ),
        st.integers(2, 5),
    )
    def test_what_stays_hidden_covers_k_raters_or_everything_is(self, cells, k):
        chosen = anonymity.suppress_sets(cells, k)
        hidden = set()
        for key, (raters, visible) in cells.items():
            if not visible or key in chosen:
                hidden |= raters
        left = [
            key for key, (_r, visible) in cells.items() if visible and key not in chosen
        ]
        self.assertTrue(not 0 < len(hidden) < k or not left, (cells, chosen))
        self.assertTrue(
            chosen <= {key for key, (_r, visible) in cells.items() if visible}
        )
