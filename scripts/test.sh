#!/usr/bin/env bash
# The project's one test command:  bash scripts/test.sh
#
# Lints, installs both addons in fresh databases (with and without demo data)
# with Odoo's own --test-enable for the at-install tests, then runs every
# addon's tests and the top-level tests/ with pytest-odoo, browser tours
# included (--odoo-http). Ends with one line "N passed, M failed, K skipped":
# each test counted once (by pytest); a failed lint or install counts as one
# failure. With CI=true, a skipped test is a failure unless it is one of the
# demo-data checks skipped on the database installed without demo data.
#
# Environment:
#   ODOO_PATH        an Odoo 18 source checkout, when `import odoo` does not find one
#   IC360_DB         prefix of the databases it creates (default: ic360_test)
#   IC360_SKIP_LINT  set to 1 to skip ruff and pylint-odoo
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 2
DB=${IC360_DB:-ic360_test}
LOGDIR=${IC360_LOGDIR:-"$ROOT/.test-logs"}
mkdir -p "$LOGDIR"
PASSED=0
FAILED=0
SKIPPED=0
CHECKS_FAILED=()
# Skips that are expected: the demo-data checks on the database without demo data.
ALLOWED_SKIPS='installed without demo data'

say() { printf '\n=== %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; echo "$PASSED passed, $((FAILED + 1)) failed, $SKIPPED skipped"; exit 1; }
check() { # check NAME COMMAND...: a step that is not a test; a failure counts as one
    local name=$1; shift
    if "$@"; then echo "ok: $name"
    else FAILED=$((FAILED + 1)); CHECKS_FAILED+=("$name"); echo "FAILED: $name"; fi
}

# --- PostgreSQL ---------------------------------------------------------------
if ! pg_isready -q 2>/dev/null; then
    say "Starting PostgreSQL"
    if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
    fi
    for _ in $(seq 1 30); do pg_isready -q 2>/dev/null && break; sleep 1; done
fi
pg_isready -q 2>/dev/null || die "PostgreSQL does not answer. Start it (or set PGHOST/PGUSER for a remote one)."

# --- Chromium for the tours; wkhtmltopdf, pdftotext and CJK fonts for the reports
missing=()
command -v chromium >/dev/null || command -v chromium-browser >/dev/null \
    || command -v google-chrome >/dev/null || missing+=(chromium)
command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
# The printed scorecard in Chinese needs a CJK font on the server (as in the official image)
{ command -v fc-list >/dev/null && fc-list :lang=zh | grep -q .; } || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "Installing ${missing[*]} (browser tours, PDF reports)"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") \
            >"$LOGDIR/apt.log" 2>&1 || die "could not install ${missing[*]} (see $LOGDIR/apt.log)"
    else
        die "Install ${missing[*]} (Debian: apt-get install ${missing[*]}): the tours need Chromium, the PDF tests wkhtmltopdf, pdftotext and a Chinese font."
    fi
fi

# --- Odoo 18 -------------------------------------------------------------------
if [ -n "${ODOO_PATH:-}" ]; then
    export PYTHONPATH="$ODOO_PATH${PYTHONPATH:+:$PYTHONPATH}"
fi
if ! python3 -c "import odoo, sys; sys.exit(0 if odoo.release.version_info[0] == 18 else 1)" 2>/dev/null; then
    die "Odoo 18 is not importable by python3. Either install it (git clone -b 18.0 --depth 1 https://github.com/odoo/odoo; pip install -r odoo/requirements.txt; pip install -e odoo) or point ODOO_PATH at an Odoo 18 source checkout. See README.md."
fi
# OCA's hr_appraisal_oca (for the bridge addon), from PyPI, into .oca/ beside the repo's
# files: installed into site-packages, its odoo/ folder would shadow a source checkout.
if [ ! -d .oca/odoo/addons/hr_appraisal_oca ]; then
    say "Installing the OCA addons of requirements-oca.txt into .oca/"
    python3 -m pip install -q --no-deps --target .oca -r requirements-oca.txt \
        || die "could not install requirements-oca.txt into .oca/"
fi
ADDONS_PATH=$(python3 tests/odoo_paths.py)
MODULES=internal_customer,internal_kpi,internal_kpi_hr_appraisal_oca,spreadsheet_dashboard_internal_customer,internal_customer_project
HTTP_PORT=$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
ODOO=(python3 -m odoo --addons-path="$ADDONS_PATH" --log-level=test --http-port="$HTTP_PORT"
      --http-interface=127.0.0.1 --max-cron-threads=0)
echo "Odoo: $(python3 -c 'import odoo; print(odoo.release.version, odoo.__file__)')"

# --- Lint ----------------------------------------------------------------------
if [ "${IC360_SKIP_LINT:-0}" != 1 ]; then
    say "Lint"
    check "ruff check" ruff check addons tests scripts
    check "ruff format" ruff format --check addons tests scripts
    check "pylint-odoo (mandatory checks)" python3 -m pylint --rcfile=.pylintrc-mandatory \
        addons/internal_customer addons/internal_kpi addons/internal_kpi_hr_appraisal_oca \
        addons/spreadsheet_dashboard_internal_customer addons/internal_customer_project
fi

# --- Install in fresh databases, with Odoo's at-install tests -------------------
install_db() { # install_db NAME DEMO(yes|no)
    local name=$1 demo=$2 log="$LOGDIR/install-$1.log" extra=()
    dropdb --if-exists --force "$name" >/dev/null 2>&1
    [ "$demo" = no ] && extra+=(--without-demo=all)
    say "Installing $MODULES in $name (demo: $demo), at-install tests on"
    "${ODOO[@]}" -d "$name" -i "$MODULES" "${extra[@]}" --test-enable \
        --test-tags="at_install/internal_customer,at_install/internal_kpi,at_install/internal_kpi_hr_appraisal_oca,at_install/spreadsheet_dashboard_internal_customer,at_install/internal_customer_project" \
        --stop-after-init >"$log" 2>&1
    local rc=$?
    local summary
    summary=$(grep -Eo '[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' "$log" | tail -n 1)
    local bad
    # A clean install logs no warning: any warning or error fails it
    bad=$(grep -cE ' (ERROR|CRITICAL|WARNING) ' "$log")
    # The at-install tests run here, inside Odoo's own runner; pytest runs and
    # counts them once below. A failure here fails the install.
    echo "install $name: rc=$rc, at-install tests: ${summary:-none ran}, $bad error line(s) (log: $log)"
    if [ -z "$summary" ] || [ "$rc" != 0 ] || [ "$bad" != 0 ] \
            || ! echo "$summary" | grep -q '^0 failed, 0 error'; then
        grep -E ' (ERROR|CRITICAL|WARNING) ' "$log" | head -n 20
        FAILED=$((FAILED + 1)); CHECKS_FAILED+=("install $name"); echo "FAILED: install $name"
    else
        echo "ok: install $name"
    fi
}
install_db "${DB}_demo" yes
install_db "$DB" no

# Copies for the tests that run their own Odoo server (end-to-end, benchmark smoke)
dropdb --if-exists --force "${DB}_e2e" >/dev/null 2>&1
createdb -T "$DB" "${DB}_e2e" || die "could not copy $DB for the end-to-end tests"
# The benchmark smoke test copies this one per size (a template: nobody connects)
dropdb --if-exists --force "${DB}_bench" >/dev/null 2>&1
createdb -T "$DB" "${DB}_bench" || die "could not copy $DB for the benchmark"
export IC360_E2E_DB="${DB}_e2e" IC360_BENCH_TEMPLATE="${DB}_bench" \
    IC360_ADDONS_PATH="$ADDONS_PATH"

# --- pytest-odoo: ORM tests, tours, end-to-end, pure Python ---------------------
say "pytest-odoo on $DB (tours in Chromium)"
python3 -m pytest addons/internal_customer/tests addons/internal_kpi/tests \
    addons/internal_kpi_hr_appraisal_oca/tests addons/spreadsheet_dashboard_internal_customer/tests \
    addons/internal_customer_project/tests tests \
    --odoo-database="$DB" --odoo-addons-path="$ADDONS_PATH" --odoo-http \
    --odoo-log-level=warn -p no:cacheprovider -q -rfEs 2>&1 | tee "$LOGDIR/pytest.log"
PYTEST_RC=${PIPESTATUS[0]}
line=$(grep -E '(passed|failed|error|no tests ran).* in [0-9.]+s' "$LOGDIR/pytest.log" | tail -n 1)
first() { echo "$line" | grep -Eo "[0-9]+ $1" | head -n 1 | grep -Eo '[0-9]+'; }
p=$(first passed); p=${p:-0}
f=$(first failed); f=${f:-0}
e=$(first 'errors?'); e=${e:-0}
s=$(first skipped); s=${s:-0}
PASSED=$((PASSED + p)); FAILED=$((FAILED + f + e)); SKIPPED=$((SKIPPED + s))
if [ "$PYTEST_RC" != 0 ] && [ $((f + e)) = 0 ]; then
    FAILED=$((FAILED + 1)); CHECKS_FAILED+=("pytest exited $PYTEST_RC"); echo "FAILED: pytest exited $PYTEST_RC"
fi
# A skipped tour or end-to-end suite proves nothing: in CI it is a failure.
unexpected=$(grep -E '^SKIPPED \[' "$LOGDIR/pytest.log" | grep -v "$ALLOWED_SKIPS")
if [ -n "$unexpected" ]; then
    echo "Skipped, and not for a known reason:"
    echo "$unexpected"
    if [ "${CI:-}" = true ]; then
        n=$(echo "$unexpected" | sed -E 's/^SKIPPED \[([0-9]+)\].*/\1/' | awk '{n += $1} END {print n}')
        FAILED=$((FAILED + n)); CHECKS_FAILED+=("$n unexpected skip(s) in CI")
    fi
fi

echo
if [ "${#CHECKS_FAILED[@]}" != 0 ]; then
    printf 'Failed steps: %s\n' "$(IFS=', '; echo "${CHECKS_FAILED[*]}")"
fi
echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
[ "$FAILED" = 0 ]
