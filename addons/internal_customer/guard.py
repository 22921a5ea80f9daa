# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The key that lets an action, and only an action, set what clients may not.

States, who a record is about, and every computed figure change only through
the action that owns them (``action_launch``, ``action_submit``, ...). A
model's ``write()`` and ``create()`` refuse those fields unless the call comes
from such an action, which marks its environment with :data:`ACTION`.

:data:`ACTION` is a module-level ``object()``: a JSON-RPC client can put any
key and any JSON value in a context, but it can never send this object, so no
context a client builds opens the door (the same device as OCA ``queue_job``'s
``EDIT_SENTINEL``). A context key is a hint for behaviour, never a permission.
"""

import math

KEY = "internal_customer_action"
ACTION = object()

# Context keys that would silence the audit trail (tracking, creation logs):
# dropped from every call, unless the product itself asked for silence with
# SILENT (bulk work such as generating 10,000 scorecards).
AUDIT_KEYS = ("tracking_disable", "mail_notrack", "mail_create_nolog")
SILENT_KEY = "internal_customer_silent"
SILENT = object()


def unlocked(records):
    """``records`` in an environment where protected fields may be written.

    Call it inside an action, after its checks, for the write it owns.
    """
    return records.with_context(**{KEY: ACTION})


def is_unlocked(env):
    return env.context.get(KEY) is ACTION


def silent(records):
    """``records`` without tracking or creation logs, for the product's own
    bulk work; no client can ask for this."""
    return records.with_context(
        tracking_disable=True, mail_create_nolog=True, **{SILENT_KEY: SILENT}
    )


def audited(records):
    """``records`` with the audit trail on, unless the product asked for
    silence: a client's ``tracking_disable`` is dropped."""
    context = records.env.context
    if context.get(SILENT_KEY) is SILENT or not any(k in context for k in AUDIT_KEYS):
        return records
    return records.with_env(
        records.env(context={k: v for k, v in context.items() if k not in AUDIT_KEYS})
    )


def out_of_int_range(value):
    """True when ``value`` is a number a PostgreSQL integer cannot hold."""
    if value is None or value is False or isinstance(value, bool):
        return False
    try:
        return not -(2**31) <= float(value) < 2**31
    except (TypeError, ValueError):
        return False


def not_finite(value):
    """True when ``value`` is a number that is NaN or infinite."""
    if value is None or value is False or isinstance(value, bool):
        return False
    try:
        return not math.isfinite(float(value))
    except (TypeError, ValueError):
        return False
