#!/usr/bin/env bash
# Runs ExtensionOverhead's suites in rounds of one JMH fork per suite, the suites one after the other within a round,
# so that a machine whose speed drifts (a shared host) slows every suite of a round alike. Prints each round's median
# per suite and its ratio to the plain suite of the same round, then each suite's median over the rounds.
# Run from the repository's root, after building the benchmarks jar:  benchmarks/suite-rounds.sh [rounds, default 6]
set -euo pipefail
rounds=${1:-6}
jar=benchmarks/target/benchmarks.jar
results=$(mktemp -d)
for round in $(seq 1 "$rounds"); do
  java -jar "$jar" 'ExtensionOverhead(JavaAgent)?Benchmark' -f 1 -wi 4 -i 4 \
      -rf csv -rff "$results/round-$round.csv" > "$results/round-$round.log"
done
# one line per round and suite: round, suite, median (ms); the -javaagent class has no suite parameter
for round in $(seq 1 "$rounds"); do
  awk -F, -v round="$round" '{ sub(/\r$/, "") } $1 ~ /:p0.50"$/ {
      suite = ($1 ~ /JavaAgent/) ? "javaagent" : $8
      printf "%d %s %.3f\n", round, suite, $5 }' "$results/round-$round.csv"
done | awk '
  { median[$1, $2] = $3; if ($1 > rounds) rounds = $1 }
  END {
    n = split("plain agent control socketwatch unswept reported javaagent", suite, " ")
    printf "%-7s", "round"; for (i = 1; i <= n; i++) printf " %19s", suite[i]; print ""
    for (r = 1; r <= rounds; r++) {
      printf "%-7d", r
      for (i = 1; i <= n; i++) printf " %6.2f ms (%.3fx)", median[r, suite[i]], median[r, suite[i]] / median[r, "plain"]
      print ""
    }
    printf "%-7s", "median"
    for (i = 1; i <= n; i++) {
      for (r = 1; r <= rounds; r++) { # insertion sort of the rounds ratios
        x = median[r, suite[i]] / median[r, "plain"]
        for (j = r - 1; j >= 1 && sorted[j] > x; j--) sorted[j + 1] = sorted[j]
        sorted[j + 1] = x
      }
      mid = (rounds % 2) ? sorted[(rounds + 1) / 2] : (sorted[rounds / 2] + sorted[rounds / 2 + 1]) / 2
      printf " %19s", sprintf("%.3fx", mid)
    }
    print ""
  }'
echo "JMH output: $results"
