# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pure-Python tests of the anonymity arithmetic (no database)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.addons.internal_customer import anonymity


def test_lonely_hidden_cell_hides_the_smallest_visible_one():
    cells = {"functional": (4, True), "process": (1, False), "upward": (6, True)}
    assert anonymity.suppress_cells(cells, 3) == {"functional"}


def test_hidden_cells_already_safe_together():
    cells = {"a": (2, False), "b": (2, False), "c": (5, True)}
    assert anonymity.suppress_cells(cells, 3) == set()


def test_nothing_hidden_nothing_to_do():
    assert anonymity.suppress_cells({"a": (5, True), "b": (3, True)}, 3) == set()


def test_ties_are_broken_deterministically():
    cells = {"b": (4, True), "a": (4, True), "x": (1, False)}
    assert anonymity.suppress_cells(cells, 3) == {"a"}


# Input generation is cheap, but the first examples run while Odoo warms up.
PROPERTY = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

cell_lists = st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=8)


@PROPERTY
@given(counts=cell_lists, k=st.integers(min_value=2, max_value=10))
def test_no_subtraction_isolates_fewer_than_k_raters(counts, k):
    cells = {i: (n, n >= k) for i, n in enumerate(counts)}
    hidden = anonymity.suppress_cells(cells, k)
    # Only visible cells get hidden
    assert all(cells[key][1] for key in hidden)
    hidden_total = sum(
        n for key, (n, visible) in cells.items() if n and (not visible or key in hidden)
    )
    # What a total minus the shown cells reveals covers nobody or at least k raters,
    # unless every cell is hidden (then nothing is shown to subtract)
    all_hidden = all((not v) or key in hidden for key, (_n, v) in cells.items())
    assert hidden_total == 0 or hidden_total >= k or all_hidden


@PROPERTY
@given(counts=cell_lists, k=st.integers(min_value=2, max_value=10))
def test_suppression_is_minimal_and_stable(counts, k):
    cells = {i: (n, n >= k) for i, n in enumerate(counts)}
    hidden = anonymity.suppress_cells(cells, k)
    again = {
        key: (n, visible and key not in hidden) for key, (n, visible) in cells.items()
    }
    assert anonymity.suppress_cells(again, k) == set()
