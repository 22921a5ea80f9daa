#!/usr/bin/env bash
# Refresh the translation templates (.pot) from a database where the addons are
# installed and up to date, and merge every language file (.po) with them:
#   bash scripts/update_translations.sh [DATABASE]
# New strings come in untranslated (empty), strings gone from the code are dropped;
# tests/ and addons' test_i18n then fail until each language translates the new ones.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DB=${1:-ic360_test}
ADDONS=$(python3 "$ROOT/tests/odoo_paths.py")
for module in internal_customer internal_kpi internal_kpi_hr_appraisal_oca \
        spreadsheet_dashboard_internal_customer internal_customer_project; do
    dir="$ROOT/addons/$module/i18n"
    python3 -m odoo --addons-path="$ADDONS" -d "$DB" --i18n-export="$dir/$module.pot" \
        --modules="$module" --stop-after-init --http-port=8997 --log-level=error 2>/dev/null
    for po in "$dir"/*.po; do
        [ -e "$po" ] || continue
        msgmerge --quiet --update --no-fuzzy-matching --backup=none "$po" "$dir/$module.pot"
        msgattrib --no-obsolete -o "$po" "$po"
    done
    echo "$module: $(grep -c '^msgid ' "$dir/$module.pot") strings"
done
