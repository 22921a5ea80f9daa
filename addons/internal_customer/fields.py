# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Numbers that keep "no value" as SQL NULL instead of 0.

Odoo stores an empty Integer or Float as 0. A score left empty means "not
applicable" and an actual not yet measured means "no value": neither may count
as a zero in the averages computed in SQL or in the scorecards.
"""

from odoo import fields


class _NullableMixin:
    def convert_to_column(self, value, record, values=None, validate=True):
        if value is None or value is False:
            return None
        return super().convert_to_column(value, record, values, validate)

    def convert_to_cache(self, value, record, validate=True):
        if value is None or value is False:
            return None
        return super().convert_to_cache(value, record, validate)

    def convert_to_record(self, value, record):
        return False if value is None else value

    def convert_to_read(self, value, record, use_display_name=True):
        return False if value is None or value is False else value

    def convert_to_export(self, value, record):
        return "" if value is None or value is False else value


class NullableInteger(_NullableMixin, fields.Integer):
    """An integer whose empty value is NULL."""


class NullableFloat(_NullableMixin, fields.Float):
    """A float whose empty value is NULL."""
