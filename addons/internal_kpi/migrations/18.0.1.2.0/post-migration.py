# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.2.0: scorecard lines carry the calibrated index beside the raw one;
the draft scorecards of running cycles get it now rather than at the next
nightly refill. Submitted and closed scorecards keep what they were judged on."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cards = env["internal.kpi.scorecard"].search(
        [("state", "=", "draft"), ("cycle_id.state", "in", ("running", "review"))]
    )
    env["internal.kpi.scorecard.line"]._fill_internal_customer(cards)
