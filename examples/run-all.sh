#!/usr/bin/env bash
# Runs every FSM demo under examples/ against a standalone Meshgate (each folder's run.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
failed=()
# The demos check behaviour, not a start's first seconds: they run `meshgate up` without its JIT warm-up
# (up to 20 s each), except ingress-basics, which keeps the default so that a warmed-up start stays covered
# end to end. MESHGATE_KERNEL_WARM_UP set by the caller applies to all of them.
for script in */run.sh; do
  echo "== examples/$script"
  warm_up=()
  if [ -z "${MESHGATE_KERNEL_WARM_UP+set}" ] && [ "$script" != ingress-basics/run.sh ]; then warm_up=(MESHGATE_KERNEL_WARM_UP=0); fi
  if ! env "${warm_up[@]}" "./$script"; then failed+=("$script"); fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "examples failed: ${failed[*]}" >&2
  exit 1
fi
