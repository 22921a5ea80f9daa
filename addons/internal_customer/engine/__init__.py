# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The work of the product, apart from its models: plain modules that take a
cursor and ids and write or return rows (see each module's docstring)."""
