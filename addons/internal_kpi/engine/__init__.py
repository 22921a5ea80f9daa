# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The work of the KPI addon, apart from its models (see scorecards.py)."""
