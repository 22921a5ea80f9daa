# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Anonymity arithmetic, with no ORM: what may be shown of an aggregate.

A number built from fewer than ``k`` raters is never shown. Hiding small
cells is not enough: when a total is shown next to all its parts but one, the
hidden part is the total minus the others. ``suppress_cells`` decides which
further cells to hide so that whatever can be derived by subtraction still
covers at least ``k`` raters.
"""

# Up to this many visible cells, the smallest safe set is found exhaustively.
EXHAUSTIVE_UP_TO = 12


def suppress_cells(cells, k):
    """Keys of the visible cells to hide so that no hidden sum falls below ``k``.

    ``cells`` maps a key to ``(count, visible)``. When the hidden cells
    together cover between 1 and ``k - 1`` raters, a total shown next to the
    visible cells would give them away by subtraction: more cells are hidden,
    choosing the set that hides the fewest raters (then the fewest cells, then
    the first keys in order, so the outcome is deterministic), until the hidden
    cells together cover at least ``k`` raters, or nothing visible is left.
    """
    hidden_total = sum(
        count for count, visible in cells.values() if not visible and count > 0
    )
    if not 0 < hidden_total < k:
        return set()
    candidates = sorted(
        (count, key) for key, (count, visible) in cells.items() if visible
    )
    need = k - hidden_total
    if sum(count for count, _key in candidates) < need:
        return {key for _count, key in candidates}
    if len(candidates) <= EXHAUSTIVE_UP_TO:
        return _smallest_cover(candidates, need)
    chosen, total = set(), 0
    for count, key in candidates:
        chosen.add(key)
        total += count
        if total >= need:
            break
    return chosen


def _smallest_cover(candidates, need):
    """The subset of ``candidates`` (count, key) whose counts reach ``need``
    with the smallest sum, then the fewest cells, then the first keys."""
    best = None
    n = len(candidates)
    for mask in range(1, 1 << n):
        picked = [candidates[i] for i in range(n) if mask >> i & 1]
        total = sum(count for count, _key in picked)
        if total < need:
            continue
        rank = (total, len(picked), sorted(str(key) for _count, key in picked))
        if best is None or rank < best[0]:
            best = (rank, {key for _count, key in picked})
    return best[1]


def suppress_sets(cells, k):
    """As :func:`suppress_cells`, for cells whose raters may overlap.

    ``cells`` maps a key to ``(raters, visible)``, ``raters`` a set of rater
    ids. A rater in several hidden cells counts once: what a subtraction gives
    is theirs however many cells they are in (the dimensions of one colleague
    are scored by the same people). Hides visible cells, the fewest raters
    first (then the first keys), until the hidden ones together cover ``k``
    raters or nothing visible is left.
    """
    hidden = set()
    for raters, visible in cells.values():
        if not visible:
            hidden |= raters
    chosen = set()
    candidates = sorted(
        (len(raters), str(key), key)
        for key, (raters, visible) in cells.items()
        if visible
    )
    for _count, _name, key in candidates:
        if not 0 < len(hidden) < k:
            break
        chosen.add(key)
        hidden |= cells[key][0]
    return chosen


OTHERS = "others"


def roll_up_counts(groups, parents, k):
    """Counts per group that name no small group of people.

    ``groups`` maps a key (a department) to ``(requests, answered)``;
    ``parents`` maps a key to its parent key, or None at the top. A group with
    fewer than ``k`` requests (its own plus what was folded into it) is folded
    into its parent; what reaches the top without ``k`` requests is folded
    into the smallest group shown, so that no shown figure and no difference
    between the total and the shown figures covers fewer than ``k`` requests.

    Returns ``{key: (requests, answered, folded_keys)}``: the groups shown,
    each with the keys counted in it besides its own; small groups that reach
    the top with ``k`` requests together are shown under :data:`OTHERS`. Their requests sum to
    the total, unless the total itself is below ``k`` (then nothing is shown).
    """

    def depth(key):
        level, seen = 0, set()
        while parents.get(key) is not None and key not in seen:
            seen.add(key)
            key = parents[key]
            level += 1
        return level

    keys = set(groups)
    for key in list(keys):
        seen = set()
        while parents.get(key) is not None and key not in seen:
            seen.add(key)
            key = parents[key]
            keys.add(key)
    pending = {key: [*groups.get(key, (0, 0)), set()] for key in keys}
    shown = {}
    rest = [0, 0, set()]
    for key in sorted(keys, key=lambda k_: (-depth(k_), str(k_))):
        requests, answered, folded = pending[key]
        if requests >= k:
            shown[key] = (requests, answered, frozenset(folded))
            continue
        if not requests:
            continue
        parent = parents.get(key)
        target = pending[parent] if parent is not None else rest
        target[0] += requests
        target[1] += answered
        target[2] |= folded | {key}
    if rest[0] >= k:
        shown[OTHERS] = (rest[0], rest[1], frozenset(rest[2]))
    elif rest[0]:
        if not shown:
            return {}
        smallest = min(shown, key=lambda k_: (shown[k_][0], str(k_)))
        requests, answered, folded = shown[smallest]
        shown[smallest] = (
            requests + rest[0],
            answered + rest[1],
            frozenset(folded | rest[2]),
        )
    return shown
