# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Property tests (hypothesis) that say how to replay them.

Every run draws a seed; a failure names it (and hypothesis adds its own
reproduction blob). Replay a run with ``IC360_HYPOTHESIS_SEED=<seed>``.
Exported for the other addons' tests.
"""

import functools
import logging
import os
import random

from hypothesis import HealthCheck, seed, settings

_logger = logging.getLogger(__name__)

SEED = int(
    os.environ.get("IC360_HYPOTHESIS_SEED") or random.SystemRandom().randrange(2**32)
)
_logger.info("hypothesis seed: %s (replay with IC360_HYPOTHESIS_SEED=%s)", SEED, SEED)

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def prop(test):
    """Put over ``@given``: runs with this run's seed, and names it on failure."""
    seeded = seed(SEED)(SETTINGS(test))

    @functools.wraps(seeded)
    def run(*args, **kwargs):
        try:
            return seeded(*args, **kwargs)
        except Exception as error:
            error.add_note(f"Replay with IC360_HYPOTHESIS_SEED={SEED}.")
            raise

    return run
