#!/usr/bin/env bash
# Times `kopsauth token` the way kubectl runs it, against the local sandbox (no network, no AWS account):
#   1. cold        no token cache, no class-data-sharing archive (KOPSAUTH_CDS=off)
#   2. cold + CDS  no token cache, with an AppCDS archive trained by one earlier run
#   3. cached      a token from the cache (no AWS SDK class is loaded)
#   4. aws eks get-token --cluster-name X (AWS CLI v1, same wire format), for comparison
# and prints the median of each and its ratio to `aws eks get-token`. Uses hyperfine when installed
# (apt-get install hyperfine), else a loop timed with date +%s%N.
#
# Usage: bench/token.sh [RUNS]      (default 15 runs per case, after one warm-up run)
# Everything lives in a temporary HOME/KOPSAUTH_HOME with a copy of the jar (its own .jsa); the sandbox it
# starts there is stopped at the end. The project's target/kopsauth.jsa and ~/.kube are not touched.
set -euo pipefail

runs="${1:-15}"
project="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
launcher="$project/scripts/kopsauth"
command -v aws >/dev/null || { echo "bench: the AWS CLI (aws) is needed for the comparison" >&2; exit 1; }
[ -f "$project/target/kopsauth.jar" ] || (cd "$project" && mvn -q -B -DskipTests package >&2)

work="$(mktemp -d)"
export HOME="$work" KOPSAUTH_HOME="$work/kopsauth" KOPSAUTH_JAR="$work/kopsauth.jar"
cp "$project/target/kopsauth.jar" "$KOPSAUTH_JAR"
cleanup() {
  "$launcher" sandbox down >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

"$launcher" sandbox up >/dev/null
eval "$("$launcher" sandbox env)"
cluster=bench.k8s.local

# Train the CDS archive with a cache miss (the path that loads the SDK), then fill the token cache.
"$launcher" token -i "$cluster" --no-cache >/dev/null
[ -f "$work/kopsauth.jsa" ] || { echo "bench: no CDS archive was created" >&2; exit 1; }
"$launcher" token -i "$cluster" >/dev/null

names=("kopsauth token (cold, no CDS)" "kopsauth token (cold, CDS)" "kopsauth token (cached)" "aws eks get-token")
cmds=("env KOPSAUTH_CDS=off $launcher token -i $cluster --no-cache"
      "$launcher token -i $cluster --no-cache"
      "$launcher token -i $cluster"
      "aws eks get-token --cluster-name $cluster")
for c in "${cmds[@]}"; do
  read -r -a argv <<<"$c"
  "${argv[@]}" >/dev/null || { echo "bench: '$c' failed" >&2; exit 1; }
done

medians=()
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/h.json" "${cmds[@]}" >&2
  mapfile -t medians < <(python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]: print(round(r["median"]*1000))' "$work/h.json")
  tool="hyperfine $(hyperfine --version | awk '{print $2}')"
else
  for c in "${cmds[@]}"; do
    read -r -a argv <<<"$c"
    "${argv[@]}" >/dev/null
    times=()
    for _ in $(seq "$runs"); do
      t0=$(date +%s%N); "${argv[@]}" >/dev/null; t1=$(date +%s%N)
      times+=($(( (t1 - t0) / 1000000 )))
    done
    medians+=("$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}')")
  done
  tool="date +%s%N loop"
fi

aws_ms="${medians[3]}"
echo
echo "kopsauth token vs aws eks get-token: median of $runs runs each ($tool; $(nproc) CPUs; $(java -version 2>&1 | head -1))"
printf '%-32s %10s %14s\n' "case" "median ms" "vs aws eks"
for i in "${!names[@]}"; do
  printf '%-32s %10s %13sx\n' "${names[$i]}" "${medians[$i]}" "$(awk -v a="${medians[$i]}" -v b="$aws_ms" 'BEGIN {printf "%.2f", a / b}')"
done
