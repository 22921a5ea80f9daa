# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The benchmark script runs end to end on a small company (figures not judged)."""

import os
import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "benchmark.py"


def test_benchmark_runs_on_a_small_company():
    db = os.environ.get("IC360_BENCH_DB", f"ic360_bench_smoke_{os.getpid()}")
    env = dict(os.environ)
    env.setdefault("IC360_ADDONS_PATH", "")
    if not env["IC360_ADDONS_PATH"]:
        env.pop("IC360_ADDONS_PATH")
    run = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--employees",
            "150",
            "--db",
            db,
            "--orm-sample",
            "20",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    out = run.stdout
    requests = int(re.search(r"requests: (\d+), rating lines: (\d+)", out).group(1))
    # 150 employees, ~5 relations each, under the cap of 8: one request per relation
    relations = int(re.search(r"relations: (\d+)", out).group(1))
    assert requests == relations > 600
    assert "N=150 employees" in out
    assert re.search(r"naive computed \d+ ratees; set-wise is [\d.]+x faster", out)
    assert re.search(r"Peak memory of this Odoo process: \d+ MB", out)
