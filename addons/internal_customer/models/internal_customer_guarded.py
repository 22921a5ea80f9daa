# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import UserError, ValidationError
from odoo.models import LOG_ACCESS_COLUMNS
from odoo.tools import SQL
from odoo.tools.i18n import format_list

from .. import guard

MAIL_PREFIXES = ("message_", "activity_", "website_message_")


class InternalCustomerGuarded(models.AbstractModel):
    """What a client may write, and what only the product's actions set.

    Inherited by every model of the product. A model lists:

    - ``_protected_fields``: fields only an action sets (states, dates of a
      state change, who a record is about, figures). The log columns are
      always protected; a client's value for a computed or related field
      without an inverse is dropped (the server computes it, whatever is sent).
    - ``_client_fields``: when not None, the only fields a client may set at
      all; every other field is protected (an allowlist, for records the
      product writes itself, such as ratings).
    - ``_fixed_fields``: set when the record is created, never changed after.
    - ``_system_created``: records only an action creates (never a client).
    - ``_state_flow``: the state machine, in one place: for each action, the
      states it starts from and the state it leads to.

    ``write()`` and ``create()`` refuse those fields from any user, HR and
    administrators included, unless the action marked its environment with
    :func:`guard.unlocked`, which no client can do. Every float written must be
    finite, and context keys that would silence tracking are dropped from
    client calls.
    """

    _name = "internal.customer.guarded"
    _description = "Fields Only the Product's Actions Set"

    _protected_fields = ()
    _client_fields = None
    _fixed_fields = ()
    _system_created = False
    _state_flow = {}

    # ------------------------------------------------------------------
    # What is protected
    # ------------------------------------------------------------------
    @api.model
    def _guard_is_computed(self, name):
        """Computed (or related) without an inverse: the server's alone. A
        client's value for it is dropped, never stored: the web client echoes
        such values back when it saves a line, and what the server computes
        wins either way."""
        field = self._fields.get(name)
        return bool(field and field.compute and not field.inverse)

    @api.model
    def _guard_is_protected(self, name):
        field = self._fields.get(name)
        if field is None:
            return False  # the ORM reports unknown fields itself
        if name in LOG_ACCESS_COLUMNS or name in self._protected_fields:
            return True
        if name.startswith(MAIL_PREFIXES) or self._guard_is_computed(name):
            return False  # mail's own rules apply; computed values are dropped
        return self._client_fields is not None and name not in self._client_fields

    @api.model
    def _guard_drop_computed(self, vals):
        return {
            name: value
            for name, value in vals.items()
            if name.startswith(MAIL_PREFIXES) or not self._guard_is_computed(name)
        }

    @api.model
    def _guard_hint(self):
        """What the user should do instead; overridden per model."""
        return self.env._("use the buttons of the record")

    @api.model
    def _guard_labels(self, names):
        return ", ".join(
            sorted(
                self._fields[name].get_description(self.env)["string"] for name in names
            )
        )

    @api.model
    def _guard_refuse(self, names):
        raise UserError(
            self.env._(
                "%(fields)s of %(model)s cannot be set by hand: %(hint)s.",
                fields=self._guard_labels(names),
                model=self.env["ir.model"]._get(self._name).name,
                hint=self._guard_hint(),
            )
        )

    @api.model
    def _guard_check_finite(self, vals):
        for name, value in vals.items():
            field = self._fields.get(name)
            if not field or field.type not in ("float", "monetary", "integer"):
                continue
            if guard.not_finite(value) or (
                field.type == "integer" and guard.out_of_int_range(value)
            ):
                raise ValidationError(
                    self.env._(
                        "%(field)s must be a real number, not %(value)s: enter a "
                        "number such as 1 or 2.5.",
                        field=field.get_description(self.env)["string"],
                        value=value,
                    )
                )

    @api.model
    def _guard_default_matches(self, name, value):
        """Whether ``value`` is what the field would get by default anyway (a
        web client sends the defaults of a new record back on save)."""
        field = self._fields[name]
        default = field.default(self) if field.default else False
        if isinstance(default, models.BaseModel):
            default = default.id
        if isinstance(value, models.BaseModel):
            value = value.id
        if not default:
            return not value
        return value == default

    @api.model
    def _guard_client_env(self):
        """The caller's environment without the keys a client must not use:
        defaults for protected fields and switches that silence tracking."""
        records = guard.audited(self)
        context = records.env.context
        dropped = [
            key
            for key in context
            if key.startswith("default_") and self._guard_is_protected(key[8:])
        ]
        if not dropped:
            return records
        return records.with_env(
            records.env(context={k: v for k, v in context.items() if k not in dropped})
        )

    def _compute_field_value(self, field):
        # Figures recomputed at the end of a request are tracked whatever
        # context the client sent.
        return super(InternalCustomerGuarded, guard.audited(self))._compute_field_value(
            field
        )

    def _check_one_company(self, *names):
        """Every record linked in these fields belongs to the record's company
        (Odoo's own check only refuses a link when none of them does)."""
        for record in self:
            company = record.company_id
            for name in names:
                others = record[name].filtered(
                    lambda r, c=company: r.company_id and r.company_id != c
                )
                if others:
                    raise ValidationError(
                        self.env._(
                            "%(records)s belong to another company than "
                            "%(company)s: pick records of %(company)s only.",
                            records=", ".join(others.mapped("display_name")),
                            company=company.name,
                        )
                    )

    # ------------------------------------------------------------------
    # State machine
    # ------------------------------------------------------------------
    def _selection_label(self, name="state"):
        """The translated label of a selection field's value on this record."""
        self.ensure_one()
        field = self._fields[name]
        return dict(field._description_selection(self.env)).get(self[name], "")

    def _flow_hint(self, action):
        """What to do when ``action`` is called in the wrong state."""
        return ""

    def _flow_check(self, action):
        """Lock the records, then refuse ``action`` unless every record is in a
        state it starts from. Writes nothing.

        The row lock makes two users pressing the same button at the same time
        take turns: the second waits, then Odoo retries its request, which now
        sees the new state and gets this method's message.
        """
        allowed = self._state_flow[action][0]
        self._flow_lock()
        for record in self:
            if record.state not in allowed:
                field = self._fields["state"]
                labels = dict(field._description_selection(self.env))
                # Labels as they are, never lower-cased: that breaks translations
                raise UserError(
                    self.env._(
                        '%(record)s is in the state "%(state)s": this action applies '
                        "only in the state %(allowed)s. %(hint)s",
                        record=record.display_name,
                        state=labels.get(record.state, record.state),
                        allowed=format_list(
                            self.env, [f'"{labels[state]}"' for state in allowed], "or"
                        ),
                        hint=record._flow_hint(action),
                    ).strip()
                )

    def _flow_lock(self):
        """Lock the records' rows until the end of the transaction (once)."""
        locked = self.env.cr.cache.setdefault("internal_customer_locked", set())
        todo = sorted({(self._table, id_) for id_ in self.ids} - locked)
        if todo:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
                    SQL.identifier(self._table),
                    [id_ for _table, id_ in todo],
                )
            )
            locked.update(todo)

    def _flow_move(self, action, values=None):
        """Check ``action`` (see :meth:`_flow_check`), then move the records to
        its target state, with ``values`` written alongside."""
        self._flow_check(action)
        target = self._state_flow[action][1]
        guard.unlocked(guard.audited(self)).write({"state": target, **(values or {})})

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._guard_check_finite(vals)
        if guard.is_unlocked(self.env):
            return super().create(vals_list)
        if self._system_created:
            self.check_access("create")
            raise UserError(
                self.env._(
                    "%(model)s records are created by the product itself: %(hint)s.",
                    model=self.env["ir.model"]._get(self._name).name,
                    hint=self._guard_hint(),
                )
            )
        vals_list = [self._guard_drop_computed(vals) for vals in vals_list]
        for vals in vals_list:
            refused = [
                name
                for name, value in vals.items()
                if self._guard_is_protected(name)
                and not self._guard_default_matches(name, value)
            ]
            if refused:
                self._guard_refuse(refused)
        client = self._guard_client_env()
        return (
            super(InternalCustomerGuarded, client).create(vals_list).with_env(self.env)
        )

    def write(self, vals):
        self._guard_check_finite(vals)
        if guard.is_unlocked(self.env):
            return super().write(vals)
        vals = self._guard_drop_computed(vals)
        refused = [
            name
            for name in vals
            if self._guard_is_protected(name) or name in self._fixed_fields
        ]
        if refused:
            self._guard_refuse(refused)
        if not vals:
            return True
        return super(InternalCustomerGuarded, self._guard_client_env()).write(vals)
