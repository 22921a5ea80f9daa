# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.3.0: the service heat map is stored when a campaign's results are
computed; the campaigns closed before get theirs now."""

from odoo.addons.internal_customer.engine import heatmap


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        SELECT id, min_raters FROM internal_customer_campaign
         WHERE state IN ('closed', 'published') ORDER BY id
        """
    )
    for campaign_id, k in cr.fetchall():
        heatmap.store(cr, campaign_id, k)
