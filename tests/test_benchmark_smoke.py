# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The benchmark runs end to end at two small sizes (figures not judged).

It copies IC360_BENCH_TEMPLATE (an installed database, prepared by the test
command) when set, and installs one otherwise.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "benchmark.py"
SIZES = (150, 300)
STEPS = ("launch", "close and compute results", "generate scorecards")


def test_benchmark_runs_at_two_small_sizes():
    command = [
        sys.executable,
        str(SCRIPT),
        "--sizes",
        ",".join(map(str, SIZES)),
        "--db",
        f"ic360_bench_smoke_{os.getpid()}",
        "--orm-sample",
        "20",
    ]
    if os.environ.get("IC360_BENCH_TEMPLATE"):
        command += ["--template", os.environ["IC360_BENCH_TEMPLATE"]]
    env = {k: v for k, v in os.environ.items() if k != "IC360_ADDONS_PATH" or v}
    run = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=600, check=False
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    out = run.stdout
    assert re.search(r"Machine: \d+ cores, [\d.]+ GB RAM, .*PostgreSQL \d+", out)
    # The table: every step at every size, with both times and their ratio
    assert re.search(r"step\s+\|\s+N\s+\|\s+product s\s+\|\s+plain SQL s\s+\|", out)
    for step in STEPS:
        for n in SIZES:
            row = re.search(
                rf"^{step}\s+\|\s+{n}\s+\|\s+([\d.]+)\s+\|\s+([\d.]+)\s+\|"
                rf"\s+([\d.]+)x\s+\|\s+([\d.]+)\s+\|\s+([\d.]+x|n/a)$",
                out,
                re.M,
            )
            assert row, f"no row for {step} at N={n}"
            assert float(row.group(3)) > 0
        assert re.search(rf"{step}: ratio to plain SQL within 3x: (PASS|FAIL)", out)
        assert re.search(rf"{step}: cost per employee at N=300 / at N=150", out)
    # The plain SQL wrote the same requests as the launch
    assert out.count("the same requests and lines as the launch: yes") == len(SIZES)
    # 150 employees, ~5 relations each, under the cap of 8: one request each
    sizes = re.search(r"^N=150\s+\|\s+(\d+)\s+\|\s+(\d+)\s+\|\s+(\d+)\s+\|", out, re.M)
    employees, relations, requests = map(int, sizes.groups())
    assert employees == 151 and requests == relations > 600
    assert out.count("naive check: PASS") == len(SIZES)
    assert "naive check (asserted): PASS" in out
    assert re.search(r"peak memory \(ru_maxrss\) at N=300: \d+ MB", out)
    assert re.search(r"Seq Scan on the rating tables: (YES|none)", out)
    assert "My Ratings to Give" in out
