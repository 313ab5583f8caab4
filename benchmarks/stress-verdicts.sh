#!/usr/bin/env bash
# Runs the examples' verdict tests (io.socketwatch.examples.ExamplesTests: each example's clean tests pass, and
# socketwatch fails its churn, CLOSE_WAIT and leak tests with the expected message) RUNS times while two busy loops
# compete with them for the cores, and counts the runs whose verdicts all matched: issue 16's "same verdict in 100 of
# 100 runs under load". The burners are two bash busy loops, no package needed, always stopped on exit.
# Builds once (examples and benchmarks, tests skipped), then runs each JVM straight on the examples' test class path,
# PER_JVM runs per JVM (default 1: every run in a fresh JVM, as a build runs it), through
# io.socketwatch.benchmarks.RepeatedClassRuns, from examples/ (the tests read the examples' sources from there).
# Run from the repository's root:  benchmarks/stress-verdicts.sh [runs, default 100]
# PER_JVM=n     runs per JVM (faster, but later runs then share the JVM's state)
# MAX_SECONDS=s stops starting JVMs after s seconds (default 5400); the runs left are reported as not run
# BURNERS=n     busy loops (default 2); SKIP_BUILD=1 reuses the last build
# Prints a line per run and, at the end, "N passed, M failed"; exits 0 only if every run ran and passed. Failed runs'
# output is kept in the directory printed at the end.
set -euo pipefail
runs=${1:-100}
per_jvm=${PER_JVM:-1}
max_seconds=${MAX_SECONDS:-5400}
burner_count=${BURNERS:-2}
root=$(pwd)
work=$(mktemp -d)
flags=(-XX:+EnableDynamicAgentLoading --enable-native-access=ALL-UNNAMED)

burners=()
jvm=
stop_burners() { # and the JVM running, if any: every process this script started, by its id
  for pid in "${burners[@]}" $jvm; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${burners[@]}" $jvm; do
    wait "$pid" 2>/dev/null || true
  done
  burners=()
  jvm=
}
trap stop_burners EXIT
trap 'stop_burners; exit 130' INT TERM

# one build, tests skipped, that also writes each module's test class path to its target/test-classpath.txt: in the
# same invocation, so that socketwatch's modules resolve to this build's jars, not to what ~/.m2 may hold
if [[ -z ${SKIP_BUILD:-} ]]; then
  echo "building examples and benchmarks (tests skipped)..."
  ./mvnw -B -q -pl examples,benchmarks -am package dependency:build-classpath -DskipTests \
      -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
fi
classpath="$root/examples/target/test-classes:$root/examples/target/classes:$(cat examples/target/test-classpath.txt)"
classpath+=":$root/benchmarks/target/classes"

for _ in $(seq 1 "$burner_count"); do
  bash -c 'while :; do :; done' &
  burners+=($!)
done
echo "$burner_count busy loops running: ${burners[*]}"

passed=0
failed=0
done_runs=0
start=$SECONDS
while (( done_runs < runs )); do
  if (( SECONDS - start >= max_seconds )); then
    echo "time limit of $max_seconds s reached" >&2
    break
  fi
  batch=$(( runs - done_runs < per_jvm ? runs - done_runs : per_jvm ))
  log=$work/jvm-$(( done_runs + 1 )).log
  jvm_start=$SECONDS
  # a hung JVM is ended after 10 minutes a run; its runs that printed nothing count as failed
  # in the background, so that a signal to this script stops it at once (timeout passes the signal on to the JVM)
  (cd examples && exec timeout $(( 600 * batch )) java "${flags[@]}" -cp "$classpath" \
      io.socketwatch.benchmarks.RepeatedClassRuns io.socketwatch.examples.ExamplesTests "$batch") > "$log" 2>&1 &
  jvm=$!
  wait "$jvm" || true
  jvm=
  reported=0
  while read -r _ _ verdict millis _; do
    reported=$(( reported + 1 ))
    n=$(( done_runs + reported ))
    if [[ $verdict == passed ]]; then passed=$(( passed + 1 )); else failed=$(( failed + 1 )); fi
    echo "run $n: $verdict in ${millis#ms=} ms"
  done < <(grep '^class-run ' "$log")
  if (( reported < batch )); then
    failed=$(( failed + batch - reported ))
    echo "runs $(( done_runs + reported + 1 ))-$(( done_runs + batch )): no verdict (JVM ended early), see $log"
  fi
  if grep -q '^class-run .* failed ' "$log" || (( reported < batch )); then
    echo "  failures of that JVM: $log"
  else
    rm -f "$log"
  fi
  echo "  JVM of $batch run(s): $(( SECONDS - jvm_start )) s wall"
  done_runs=$(( done_runs + batch ))
done
stop_burners

echo "$(( SECONDS - start )) s for $done_runs runs under $burner_count busy loops; kept output: $work"
if (( done_runs < runs )); then
  echo "$(( runs - done_runs )) runs not run (time limit)"
fi
echo "$passed passed, $failed failed"
(( failed == 0 && done_runs == runs ))
