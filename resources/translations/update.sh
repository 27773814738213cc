#!/usr/bin/env sh
# Refresh the translations from the sources, then compile them:
#   resources/translations/update.sh
# lupdate adds new strings as "unfinished" (translate them in Qt Linguist or any editor) and
# marks strings gone from the sources as obsolete (-no-obsolete drops them); lrelease writes the
# .qm files the app loads. Run from anywhere; uses the project's virtual environment if there is one.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin="$root/.venv/bin"
[ -x "$bin/pyside6-lupdate" ] || bin=$(dirname "$(command -v pyside6-lupdate)")
cd "$root"
sources=$(find gui -name '*.py' | LC_ALL=C sort)
for ts in "$here"/whisper_for_subs_*.ts; do
    # shellcheck disable=SC2086  # one argument per source file
    "$bin/pyside6-lupdate" -locations relative -no-obsolete $sources -ts "$ts"
    "$bin/pyside6-lrelease" "$ts" -qm "${ts%.ts}.qm"
done
