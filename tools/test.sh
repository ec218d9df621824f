#!/usr/bin/env bash
# `npm test`: the type check and the linters run beside the mocha suite, each on one of the machine's two cores
# (mocha runs in one process). Their output is held and printed after the suite's, so the two never interleave;
# the run fails when any of them fails.
set -u
cd "$(dirname "$0")/.."
static_log="$(mktemp)"
trap 'rm -f "$static_log"' EXIT
(npm run -s typecheck && npm run -s lint) >"$static_log" 2>&1 &
static=$!
npm run -s test:unit
unit=$?
wait "$static"
static_status=$?
echo "--- type check and lint"
cat "$static_log"
if [ "$static_status" -ne 0 ]; then echo "type check or lint failed (exit $static_status)"; fi
exit $((unit != 0 || static_status != 0))
