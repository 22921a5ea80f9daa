# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Test-process guards that apply to every test under the repository.

CPython 3.11 keeps the depth counter of the AST constructor in state shared by
all threads (python/cpython#106905), so two threads parsing at once can fail
with "SystemError: AST constructor recursion depth mismatch". In the tests,
Odoo's HTTP server answers the browser of a tour on several threads, and the
first requests all read the addons' manifests with ``ast.literal_eval`` at the
same time: a tour then fails at random on a blank page. Production servers run
with workers (one request per process) and do not meet it.

Two guards, both for the test process only: the manifests are read once,
before any request, and ``ast.parse`` (which ``literal_eval`` calls) runs one
thread at a time.
"""

import ast
import threading

import pytest

_parse = ast.parse
_parse_lock = threading.RLock()


def _serialized_parse(*args, **kwargs):
    with _parse_lock:
        return _parse(*args, **kwargs)


ast.parse = _serialized_parse


@pytest.fixture(scope="session", autouse=True)
def _read_manifests_once(request):
    """Fill the HTTP application's static-file map before the first request."""
    if request.config.getoption("--odoo-http", default=False):
        from odoo.http import root

        assert root.statics  # a lazy property: computed here, in one thread
    yield
