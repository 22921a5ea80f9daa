# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every screen says what it is and what to do next.

- Each window action the product installs that opens a list, cards, a pivot or
  a graph has a help text: the empty screen says what to do.
- Each action the product's code returns is read the same way: a dialog has a
  title (a nameless one is titled "Odoo" by the web client), a list has help.
- Each form's x2many list that may be empty is preceded by a hint that shows
  only while it is empty.
"""

import ast
import os

from lxml import etree

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

MODULES = (
    "internal_customer",
    "internal_kpi",
    "internal_kpi_hr_appraisal_oca",
    "spreadsheet_dashboard_internal_customer",
    "internal_customer_project",
)
MULTI = {"list", "kanban", "pivot", "graph", "calendar", "activity"}


def _python_files():
    for module in MODULES:
        root = get_module_path(module)
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in ("tests", "static", "__pycache__")]
            for name in files:
                if name.endswith(".py"):
                    yield os.path.join(folder, name)


def _returned_actions(path):
    """(line, keys, view_mode, target) of each dict literal with a "type" of
    ir.actions.act_window in the file."""
    with open(path, encoding="utf-8") as source:
        tree = ast.parse(source.read(), path)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Dict):
            continue
        items = {
            key.value: value
            for key, value in zip(node.keys, node.values, strict=True)
            if isinstance(key, ast.Constant)
        }
        kind = items.get("type")
        if not (
            isinstance(kind, ast.Constant) and kind.value == "ir.actions.act_window"
        ):
            continue

        def text(key, items=items):
            value = items.get(key)
            return value.value if isinstance(value, ast.Constant) else ""

        yield node.lineno, set(items), text("view_mode"), text("target")


@tagged("post_install", "-at_install")
class TestScreens(TransactionCase):
    def test_every_list_action_says_what_to_do_when_empty(self):
        data = self.env["ir.model.data"].search(
            [("module", "in", MODULES), ("model", "=", "ir.actions.act_window")]
        )
        self.assertGreater(len(data), 15)
        silent = []
        for item in data:
            action = self.env["ir.actions.act_window"].browse(item.res_id)
            modes = set((action.view_mode or "").split(","))
            if modes & MULTI and not (action.help or "").strip():
                silent.append(f"{item.module}.{item.name}")
        self.assertFalse(silent, "Lists with no empty-state help: %s" % silent)

    def test_every_returned_dialog_has_a_title_and_every_list_a_help(self):
        found, nameless, silent = 0, [], []
        for path in _python_files():
            for line, keys, view_mode, target in _returned_actions(path):
                found += 1
                where = (
                    f"{os.path.relpath(path, get_module_path('internal_kpi'))}:{line}"
                )
                if target == "new" and "name" not in keys:
                    nameless.append(where)
                if set(view_mode.split(",")) & MULTI and "help" not in keys:
                    silent.append(where)
        self.assertGreater(found, 8)
        self.assertFalse(nameless, "Dialogs titled 'Odoo': %s" % nameless)
        self.assertFalse(silent, "Lists with no empty-state help: %s" % silent)

    def test_every_list_in_a_form_says_what_to_do_when_empty(self):
        """A hint right before an editable x2many list shows while it is empty."""
        forms = self.env["ir.ui.view"].search(
            [("type", "=", "form"), ("model", "like", "internal.%")]
        )
        self.assertGreater(len(forms), 10)
        bare = []
        for view in forms:
            model = self.env[view.model]
            arch = etree.fromstring(model.get_view(view.id, "form")["arch"])
            for node in arch.iter("field"):
                field = model._fields.get(node.get("name"))
                if (
                    field is None
                    or field.type not in ("one2many", "many2many")
                    or node.get("widget")
                    or node.get("invisible") in ("1", "True")
                    or node.get("readonly") in ("1", "True")
                    or node.find("list") is None
                    or node.getparent().get("invisible")  # a page shown when filled
                ):
                    continue
                hint = node.getprevious()
                if hint is None or hint.get("invisible") != node.get("name"):
                    bare.append(f"{view.model} ({view.name}): {node.get('name')}")
        self.assertFalse(bare, "Editable lists with no empty-state hint: %s" % bare)
