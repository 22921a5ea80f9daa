# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Anonymity arithmetic, with no ORM: what may be shown of an aggregate.

A number built from fewer than ``k`` raters is never shown. Hiding small
cells is not enough: when a total is shown next to all its parts but one, the
hidden part is the total minus the others. ``suppress_cells`` decides which
further cells to hide so that whatever can be derived by subtraction still
covers at least ``k`` raters.
"""


def suppress_cells(cells, k):
    """Keys of the visible cells to hide so that no hidden sum falls below ``k``.

    ``cells`` maps a key to ``(count, visible)``. The smallest visible cells are
    hidden first (ties broken by key, so the outcome is deterministic) until
    the hidden cells together cover at least ``k`` raters, or nothing visible
    is left.
    """
    hidden_total = sum(
        count for count, visible in cells.values() if not visible and count > 0
    )
    newly_hidden = set()
    if not 0 < hidden_total < k:
        return newly_hidden
    candidates = sorted(
        (count, key) for key, (count, visible) in cells.items() if visible
    )
    for count, key in candidates:
        newly_hidden.add(key)
        hidden_total += count
        if hidden_total >= k:
            break
    return newly_hidden
