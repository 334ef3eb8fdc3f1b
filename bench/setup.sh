#!/usr/bin/env bash
# Benchmark: `kopsauth setup --sandbox -y` on a fresh sandbox whose clusters take B seconds to boot
# (KOPSAUTH_SANDBOX_BOOT_SECONDS, default 20). Prints setup's wall time, B, kopsauth's own overhead (wall time
# minus B: everything that is not waiting for the simulated cluster), the wall time of each step, and the time of
# a second, no-op run. Runs in a temporary HOME/KOPSAUTH_HOME; the sandbox is stopped afterwards.
set -euo pipefail
here="$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$(dirname "$here")"
kopsauth="$project/scripts/kopsauth"
B="${KOPSAUTH_SANDBOX_BOOT_SECONDS:-${1:-20}}"
export KOPSAUTH_SANDBOX_BOOT_SECONDS="$B"

work="$(mktemp -d)"
export HOME="$work/home" KOPSAUTH_HOME="$work/kopsauth"
mkdir -p "$HOME"
cleanup() { "$kopsauth" sandbox down >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

"$kopsauth" sandbox up --boot-seconds "$B" >/dev/null

now() { date +%s.%N; }
t0=$(now)
"$kopsauth" setup --sandbox -y --name bench.k8s.local -o json > "$work/events.jsonl"
t1=$(now)
"$kopsauth" setup --sandbox -y --name bench.k8s.local -o json > "$work/again.jsonl"
t2=$(now)

python3 - "$work/events.jsonl" "$t0" "$t1" "$t2" "$B" <<'PY'
import json, sys
events, t0, t1, t2, boot = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
wall = t1 - t0
print(f"setup wall time      {wall:8.1f} s   (launcher and JVM start included)")
print(f"boot time B          {boot:8.1f} s")
print(f"kopsauth overhead    {wall - boot:8.1f} s   (wall time - B)")
print(f"second run (no-op)   {t2 - t1:8.1f} s")
print("per step:")
for line in open(events):
    e = json.loads(line)
    if e.get("event") == "step-finished":
        print(f"  {e['step']:<24} {e['elapsedMs'] / 1000:8.1f} s  {e['status']}")
PY
