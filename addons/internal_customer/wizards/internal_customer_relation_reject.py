# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import guard


class InternalCustomerRelationReject(models.TransientModel):
    """Reject several proposed relations at once, with one reason."""

    _name = "internal.customer.relation.reject"
    _description = "Reject Service Relations"

    relation_ids = fields.Many2many(
        "internal.customer.relation",
        "internal_customer_relation_reject_rel",
        "wizard_id",
        "relation_id",
        string="Relations",
        readonly=True,
    )
    reason = fields.Text(
        required=True,
        help="Shown to the colleagues who proposed the relations.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        ids = self.env.context.get("default_relation_ids") or []
        # Only what the user may decide: checked again when rejecting
        self.env["internal.customer.relation"].browse(ids)._check_can_decide(
            "action_reject"
        )
        return values

    def action_reject(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(self.env._("Write why these relations do not fit."))
        relations = self.relation_ids
        relations._check_can_decide("action_reject")
        # The reason of a rejection, written by whoever may decide it (checked)
        guard.unlocked(relations.sudo()).write({"reject_reason": self.reason})
        relations.action_reject()
        return {"type": "ir.actions.act_window_close"}
