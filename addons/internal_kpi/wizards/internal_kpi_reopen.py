# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class InternalKpiReopen(models.TransientModel):
    """HR reopens a closed cycle or a submitted scorecard, and says why: the
    reason goes to the record's chatter with who and when."""

    _name = "internal.kpi.reopen"
    _description = "Reopen a Cycle or a Scorecard"

    cycle_ids = fields.Many2many("internal.kpi.cycle", string="Cycles", readonly=True)
    scorecard_ids = fields.Many2many(
        "internal.kpi.scorecard", string="Scorecards", readonly=True
    )
    reason = fields.Text()

    @api.model
    def _open_for(self, records):
        field = (
            "cycle_ids" if records._name == "internal.kpi.cycle" else "scorecard_ids"
        )
        wizard = self.create({field: [fields.Command.set(records.ids)]})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reopen"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_confirm(self):
        self.ensure_one()
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(
                self.env._("Say why it is reopened: the reason goes to its history.")
            )
        (self.cycle_ids or self.scorecard_ids)._reopen(reason)
        return {"type": "ir.actions.act_window_close"}
