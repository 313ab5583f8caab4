#!/usr/bin/env bash
# Runs the realistic suite (io.socketwatch.benchmarks.RealisticSuite: 300+ HTTP client tests against a MockWebServer
# per test) in fresh JVMs, in interleaved rounds of three runs: plain; watched in whole-build mode with socketwatch's
# agent attached at run time; watched with socketwatch given as -javaagent. The order of the three turns from round to
# round, so that none always runs first, and a machine whose speed drifts (a shared host) slows every mode of a round
# alike. Prints per round each mode's wall time, its ratio to the same round's plain run, its GC time and how many
# collections System.gc() asked for; then each mode's median ratio and median GC time per test.
# Run from the repository's root, after building the benchmarks jar (./mvnw -B -q -pl benchmarks -am package -DskipTests):
#   benchmarks/realistic-rounds.sh [rounds, default 6]
# HEAP (default 2g) sets -Xms and -Xmx; JAVA_OPTS adds flags to every run, e.g. -Dsocketwatch.checks.default=none. Each run's output is kept in the directory printed at the end. Exits 1 if any
# run had a failing test or class (its failures are printed), after the table.
set -euo pipefail
rounds=${1:-6}
heap=${HEAP:-2g}
jar=benchmarks/target/benchmarks.jar
[[ -f $jar ]] || { echo "no $jar: build it first with ./mvnw -B -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }
results=$(mktemp -d)
read -r -a extra <<< "${JAVA_OPTS:-}"
common=(-Xms"$heap" -Xmx"$heap" --enable-native-access=ALL-UNNAMED ${extra[@]+"${extra[@]}"} -cp "$jar"
    io.socketwatch.benchmarks.RealisticSuite)
modes=(plain attach javaagent)

run() { # mode: runs it once, prints its result line (or FAILED) and keeps its output
  local mode=$1 log=$2
  case $mode in
    plain) java -XX:+EnableDynamicAgentLoading "${common[@]}" plain ;;
    attach) java -XX:+EnableDynamicAgentLoading "${common[@]}" watched ;;
    javaagent) java -javaagent:"$jar" "${common[@]}" watched ;;
  esac > "$log" 2>&1 || true
}

failed=0
for round in $(seq 1 "$rounds"); do
  for i in 0 1 2; do
    mode=${modes[$(( (round - 1 + i) % 3 ))]}
    log=$results/round-$round-$mode.log
    run "$mode" "$log"
    line=$(grep '^realistic-suite ' "$log" || true)
    # a failed container (a class's sweep at its end) counts too: its tests may all have passed
    if [[ -z $line ]] || ! grep -q ' failed=0 ' <<< "$line" || grep -q '^FAILED ' "$log"; then
      failed=1
      echo "round $round $mode: failed, see $log" >&2
      grep -A8 '^FAILED ' "$log" | cut -c1-2000 >&2 || tail -20 "$log" >&2
    fi
    echo "$round $mode $line" >> "$results/lines"
  done
done

awk -v rounds="$rounds" '
  function field(name,   i, kv) { for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) return kv[2] } return "" }
  function median(values, n,   i, j, x, sorted) {
    for (i = 1; i <= n; i++) { x = values[i]; for (j = i - 1; j >= 1 && sorted[j] > x; j--) sorted[j + 1] = sorted[j]; sorted[j + 1] = x }
    return (n % 2) ? sorted[(n + 1) / 2] : (sorted[n / 2] + sorted[n / 2 + 1]) / 2
  }
  function ratio_of(r, m) { return wall[r, "plain"] > 0 ? wall[r, m] / wall[r, "plain"] : 0 }
  { wall[$1, $2] = field("wallMs") + 0; gc[$1, $2] = field("gcMs"); sys[$1, $2] = field("systemGcCount")
    tests[$1, $2] = field("tests"); bad[$1, $2] = (field("failed") == "0") ? "" : " FAILED" }
  END {
    n = split("plain attach javaagent", mode, " ")
    printf "%-6s", "round"; for (m = 1; m <= n; m++) printf " | %-42s", mode[m]; print ""
    for (r = 1; r <= rounds; r++) {
      printf "%-6d", r
      for (m = 1; m <= n; m++)
        printf " | %6d ms %6.3fx gc %5d ms %4d System.gc%s", wall[r, mode[m]], ratio_of(r, mode[m]),
            gc[r, mode[m]], sys[r, mode[m]], bad[r, mode[m]]
      print ""
    }
    for (m = 1; m <= n; m++) {
      for (r = 1; r <= rounds; r++) {
        ratio[r] = ratio_of(r, mode[m]); pertest[r] = tests[r, mode[m]] > 0 ? gc[r, mode[m]] / tests[r, mode[m]] : 0
        walls[r] = wall[r, mode[m]]; syscount[r] = sys[r, mode[m]]
      }
      printf "median %-9s  wall %6d ms  ratio to plain %6.3fx  GC %6.2f ms per test  System.gc %4d per run\n",
          mode[m], median(walls, rounds), median(ratio, rounds), median(pertest, rounds), median(syscount, rounds)
    }
    printf "tests per run: %d\n", tests[1, "plain"]
  }' "$results/lines"
echo "runs' output: $results"
exit "$failed"
