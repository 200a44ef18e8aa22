#!/usr/bin/env bash
# Runs every FSM demo under examples/ against a standalone Meshgate (each folder's run.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
failed=()
for script in */run.sh; do
  echo "== examples/$script"
  if ! "./$script"; then failed+=("$script"); fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "examples failed: ${failed[*]}" >&2
  exit 1
fi
