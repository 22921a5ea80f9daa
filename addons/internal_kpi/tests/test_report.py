# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The printed scorecard, rendered to a real PDF by wkhtmltopdf and read back
with pdftotext, as each person who may read the scorecard."""

import shutil
import subprocess
import tempfile
import unicodedata

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import CycleCase

# Noto CJK shares some glyphs between simplified and traditional characters,
# and pdftotext reads them back as radicals or the traditional form.
CJK_VARIANTS = str.maketrans({"戶": "户", "⻔": "门", "⻅": "见", "⻓": "长"})


def cjk(text):
    return unicodedata.normalize("NFKC", text).translate(CJK_VARIANTS)


def pdf_text(pdf):
    """The text of a PDF, in reading order (pdftotext -layout), with CJK read
    back as the characters it was written with (see :func:`cjk`)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        out = subprocess.run(
            ["pdftotext", "-layout", handle.name, "-"],
            check=True,
            capture_output=True,
        )
    return cjk(" ".join(out.stdout.decode().split()))


@tagged("post_install", "-at_install")
class TestScorecardPdf(HttpCase, CycleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The job position is what a manager and an employee may not read
        # themselves (hr.job is HR's): the printout must show it all the same.
        cls.ivy.job_id = cls.env["hr.job"].create({"name": "Service Engineer"})
        cls.it_lead.job_id = cls.env["hr.job"].create({"name": "Team Lead"})

    def setUp(self):
        super().setUp()
        for tool in ("wkhtmltopdf", "pdftotext"):
            if not shutil.which(tool):
                self.skipTest(
                    f"{tool} is not installed (Debian: wkhtmltopdf, poppler-utils)"
                )
        # wkhtmltopdf fetches the report's stylesheets from this test server
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        self._run_campaign()
        self.cycle.action_start()
        self.card = self._card(self.cycle, self.ivy)
        self._fill_manual(self.card, obj=80, lead=5)

    def _pdf(self, user, cards):
        report = self.env["ir.actions.report"].with_user(user)
        pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "internal_kpi.report_scorecard", cards.ids
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf_text(pdf)

    def _assert_card_text(self, text, card):
        self.assertIn("Ivy IT", text)
        self.assertIn("Service Engineer", text)
        self.assertIn("Ian Lead", text)
        self.assertIn(f"{card.final_score:.2f}", text)
        for line in card.line_ids:
            self.assertIn(line.kpi_id.name, text)
            self.assertIn(f"{line.effective_weight:.2f} %", text)
        self.assertIn("4 raters, index 75.0", text)
        for rater in self.sales:
            self.assertNotIn(rater.name, text)

    def test_manager_and_employee_print_the_scorecard(self):
        lead = self.user_it_lead
        text = self._pdf(lead, self.card)
        self._assert_card_text(text, self.card)
        self.assertIn(self.card.band, text)
        self.assertIn("Meets expectations", text)
        self.card.with_user(lead).action_submit()
        text = self._pdf(self.user_ivy, self.card)
        self._assert_card_text(text, self.card)
        self.assertIn("Meets expectations", text)
        # HR prints it too
        self._assert_card_text(self._pdf(self.user_hr, self.card), self.card)

    def test_a_provisional_scorecard_prints_without_a_band(self):
        self._line(self.card, self.kpi_lead).actual = False
        self.assertEqual(self.card.score_status, "provisional")
        self.assertFalse(self.card.band)
        text = self._pdf(self.user_it_lead, self.card)
        self.assertIn("Provisional", text)
        self.assertIn("This score is provisional", text)
        self.assertNotIn("Band", text)

    def test_nobody_prints_a_scorecard_they_may_not_read(self):
        # A colleague of another team, and the colleague's own draft
        with self.assertRaises(AccessError):
            self._pdf(self.user_sam, self.card)
        with self.assertRaises(AccessError):
            self._pdf(self.user_ivy, self.card)

    def test_the_print_route_answers_the_manager(self):
        """The web client's own route, as the manager: a PDF, not a 403."""
        self.authenticate("ic_it_lead", "ic_it_lead")
        response = self.url_open(
            f"/report/html/internal_kpi.report_scorecard/{self.card.id}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Service Engineer", response.text)
        self.assertIn("Ivy IT", response.text)

    def test_the_scorecard_prints_in_the_employees_language(self):
        """Ivy reads Chinese: her printout is in Chinese, in a font the PDF
        holds as text (fonts-noto-cjk on the server)."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["internal_customer", "internal_kpi"], ["zh_CN"], overwrite=True
        )
        self.user_ivy.lang = "zh_CN"
        self.card.with_user(self.user_it_lead).action_submit()
        text = self._pdf(self.user_it_lead, self.card)
        self.assertIn("Ivy IT", text)
        self.assertIn(f"{self.card.final_score:.2f}", text)
        chinese = self.env["internal.kpi.band"].with_context(lang="zh_CN")
        band = chinese.search([("name", "!=", False)]).filtered(
            lambda b: b.with_context(lang="en_US").name == "Meets expectations"
        )
        self.assertEqual(len(band), 1)
        self.assertNotEqual(band.name, "Meets expectations")
        self.assertIn(cjk(band.name), text)
        for line in self.card.line_ids:
            self.assertIn(cjk(line.kpi_id.with_context(lang="zh_CN").name), text)
        self.assertNotIn("Final score", text)
        # The source of the internal-customer value, said in Chinese
        self.assertNotIn("4 raters", text)
        lines = self.card.line_ids.with_context(lang="zh_CN")
        for source in filter(None, lines.mapped("source")):
            self.assertIn(cjk(source), text)
        self.assertGreater(sum("\u4e00" <= char <= "\u9fff" for char in text), 20)
