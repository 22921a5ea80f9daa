# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Where Odoo's addons are: the core ones, the OCA ones from PyPI, and ours.

Used by scripts/test.sh, the JSON-RPC fixtures and the benchmark, so that all
three start Odoo with the same addons path.
"""

import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def addons_path():
    import odoo

    base = os.path.dirname(odoo.__file__)
    paths = []
    top = os.path.join(os.path.dirname(base), "addons")
    if os.path.isdir(top):
        paths.append(top)
    paths.append(os.path.join(base, "addons"))
    # OCA addons from PyPI, installed by the test command into .oca/ (pip --target):
    # installed into site-packages, their odoo/addons folder would shadow a source
    # checkout's odoo package.
    oca = os.path.join(ROOT, ".oca", "odoo", "addons")
    if os.path.isdir(oca):
        paths.append(oca)
    paths.append(os.path.join(ROOT, "addons"))
    return ",".join(paths)


if __name__ == "__main__":
    print(addons_path())
