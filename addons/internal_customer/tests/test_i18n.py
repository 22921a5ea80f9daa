# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every product string is translated, in every language the product ships.

1. The templates (.pot) hold every string Odoo extracts from the code, views,
   data, mail templates, reports and JS, and every language file (.po) gives
   each one a translation that keeps its placeholders and tags.
2. With each language loaded, no menu, view (forms, lists, reports), mail
   template, dimension, band or KPI installed by the product is left in
   English, except the terms whose translation is the English word itself
   (e.g. "KPI").
"""

import os
import re

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

# Odoo's language code: the name of its file in i18n/
LANGS = {"zh_CN": "zh_CN", "ru_RU": "ru", "fr_FR": "fr", "de_DE": "de", "es_ES": "es"}
MODULES = (
    "internal_customer",
    "internal_kpi",
    "internal_kpi_hr_appraisal_oca",
    "spreadsheet_dashboard_internal_customer",
    "internal_customer_project",
)
PLACEHOLDER = re.compile(r"%(\([a-zA-Z_]+\))?[-#0 +]*\d*(\.\d+)?[sdfr%]|\{\{.*?\}\}")
TAG = re.compile(r"</?([a-zA-Z][\w:.-]*)")


def _placeholders(text):
    return sorted(match.group(0) for match in PLACEHOLDER.finditer(text))


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        installed = cls.env["ir.module.module"].search(
            [("name", "in", MODULES), ("state", "=", "installed")]
        )
        cls.modules = [m for m in MODULES if m in installed.mapped("name")]

    def _po(self, module, name):
        path = os.path.join(get_module_path(module), "i18n", name)
        self.assertTrue(os.path.exists(path), f"{path} is missing")
        return polib.pofile(path)

    def test_templates_hold_every_string_and_each_language_translates_it(self):
        for module in self.modules:
            extracted = {
                source
                for _mod, _type, _name, _res, source, _value, _comments in (
                    TranslationModuleReader(self.env.cr, modules=[module])
                )
            }
            pot = {entry.msgid: entry for entry in self._po(module, f"{module}.pot")}
            self.assertFalse(
                extracted - set(pot),
                f"{module}: strings missing from {module}.pot (run "
                "scripts/update_translations.sh)",
            )
            for lang, name in LANGS.items():
                with self.subTest(module=module, lang=lang):
                    po = {e.msgid: e for e in self._po(module, f"{name}.po")}
                    missing = sorted(
                        msgid
                        for msgid in extracted
                        if msgid not in po
                        or not po[msgid].msgstr.strip()
                        or "fuzzy" in po[msgid].flags
                    )
                    self.assertFalse(missing, f"{module}/{name}.po: untranslated")
                    for msgid in extracted:
                        msgstr = po[msgid].msgstr
                        # Placeholders only where code formats the string
                        if any(
                            o[0].startswith("code:") for o in pot[msgid].occurrences
                        ):
                            self.assertEqual(
                                _placeholders(msgstr), _placeholders(msgid), msgid
                            )
                        self.assertEqual(TAG.findall(msgstr), TAG.findall(msgid), msgid)

    def _same_in_english(self, lang):
        """The terms a language writes as in English (e.g. "KPI", "N/A")."""
        same = set()
        for module in self.modules:
            for entry in self._po(module, f"{LANGS[lang]}.po"):
                if entry.msgstr.strip() == entry.msgid.strip():
                    same.add(entry.msgid.strip())
        return same

    def _terms(self, record, name):
        """The translatable terms of one field value (a whole value, or each
        text of a view or template)."""
        field = record._fields[name]
        value = record[name]
        if not value:
            return set()
        if callable(field.translate):
            return {term.strip() for term in field.get_trans_terms(value)}
        return {value.strip()}

    def test_nothing_the_product_installs_stays_in_english(self):
        data = self.env["ir.model.data"].search([("module", "in", self.modules)])
        by_model = {}
        for item in data:
            by_model.setdefault(item.model, []).append(item.res_id)
        for lang in LANGS:
            self.env["res.lang"]._activate_lang(lang)
        self.env["ir.module.module"]._load_module_terms(
            self.modules, list(LANGS), overwrite=True
        )
        checked = 0
        for lang in LANGS:
            same = self._same_in_english(lang)
            for model, ids in by_model.items():
                if model not in self.env:
                    continue
                Model = self.env[model].with_context(active_test=False)
                names = [
                    name
                    for name, field in Model._fields.items()
                    if field.translate and field.store and name != "arch_fs"
                ]
                for record in Model.browse(ids).exists():
                    for name in names:
                        english = self._terms(record.with_context(lang="en_US"), name)
                        local = self._terms(record.with_context(lang=lang), name)
                        left = {
                            term
                            for term in english & local
                            if term not in same and re.search(r"[A-Za-z]{2}", term)
                        }
                        checked += len(english)
                        self.assertFalse(
                            left, f"{lang}: {record._name},{record.id}.{name}"
                        )
        self.assertGreater(checked, 1000)
