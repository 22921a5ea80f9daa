# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The README's screenshots, taken by the journeys' own tours.

A tour step calls ``screenshot("name.png", height)`` (static/tests/tours/
tap_budget.js): it logs a request on the browser's console and waits until
the test answers it. With ``IC360_SCREENSHOTS`` set to a folder, the test
saves the page there first, at the tour's width and the given height; without
it, the test only answers, so the tour runs the same in CI::

    IC360_SCREENSHOTS=docs/screenshots python3 -m pytest \\
        addons/internal_customer/tests/test_ui.py addons/internal_kpi/tests/test_ui.py \\
        --odoo-database=DB --odoo-addons-path=... --odoo-http
"""

import base64
import os
import re
from unittest.mock import patch

from odoo.tests.common import ChromeBrowser

REQUEST = re.compile(r"^ic360-screenshot: ([\w-]+\.png) (\d+)$")


def _answer(browser, name):
    browser._websocket_send(
        "Runtime.evaluate",
        params={"expression": f"document.body.dataset.ic360Shot = {name!r}"},
    )


def _shoot(browser, name, height):
    folder = os.environ.get("IC360_SCREENSHOTS")
    if not folder:
        _answer(browser, name)
        return
    width = int(browser.test_case.browser_size.replace("x", ",").split(",")[0])
    browser._websocket_send(
        "Emulation.setDeviceMetricsOverride",
        params={
            "width": width,
            "height": height,
            "deviceScaleFactor": 1,
            "mobile": width < 600,
        },
    )
    shot = browser._websocket_send(
        "Page.captureScreenshot", params={"format": "png"}, with_future=True
    )

    def save(future):
        try:
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, name), "wb") as handle:
                handle.write(base64.b64decode(future.result()["data"]))
            browser._logger.info("ic360: saved screenshot %s", name)
        finally:
            browser._websocket_send("Emulation.clearDeviceMetricsOverride")
            _answer(browser, name)

    shot.add_done_callback(save)


class TourScreenshots:
    """For an HttpCase whose tours take screenshots."""

    def setUp(self):
        super().setUp()
        handle_console = ChromeBrowser._handle_console

        def handle(browser, type, args=None, stackTrace=None, **kw):  # pylint: disable=redefined-builtin
            if type == "log" and args:
                match = REQUEST.match(str(browser._from_remoteobject(args[0])))
                if match:
                    _shoot(browser, match.group(1), int(match.group(2)))
                    return None
            return handle_console(browser, type, args, stackTrace, **kw)

        patcher = patch.object(ChromeBrowser, "_handle_console", handle)
        patcher.start()
        self.addCleanup(patcher.stop)
