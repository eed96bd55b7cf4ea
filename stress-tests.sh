#!/usr/bin/env bash
# Stress mode: runs the tests of some modules (default: the conformance suite, compat-tests)
# N times in a row while a CPU hog keeps every core busy, then lists every failing test by
# its display name. Timing bugs (a lost wakeup, a watchdog sized for an idle machine, a child
# JVM that starts slowly) show up here long before CI meets them.
#
#   ./stress-tests.sh [N] [modules] [test-selector] [-- extra maven args]
#   ./stress-tests.sh 20 compat-tests                        # the check before a submission
#   ./stress-tests.sh 1 compat-tests OsSignalsEndToEndTest   # the quick self-check (.ci/run)
#
# modules: comma-separated, as for mvn -pl (upstream modules are built, their tests not run).
# test-selector: a surefire -Dtest value; default: every test class of the given modules.
# Each repetition goes through run-tests.sh (xvfb-run for the GUI loops, missing packages
# installed); failing reports are kept under target/stress/rep-<i>/. Exit status: 0 if every
# repetition passed.
set -euo pipefail
cd "$(dirname "$0")"

positional=()
while [ $# -gt 0 ] && [ "$1" != "--" ] && [ ${#positional[@]} -lt 3 ]; do
  positional+=("$1")
  shift
done
if [ "${1:-}" = "--" ]; then shift; fi
extra=("$@")
n=${positional[0]:-20}
modules=${positional[1]:-compat-tests}
selector=${positional[2]:-}

if [ -z "$selector" ]; then
  # every test class of the named modules, fully qualified: upstream modules match none
  classes=()
  for m in ${modules//,/ }; do
    while IFS= read -r f; do
      c=${f#"$m"/src/test/java/}
      c=${c%.java}
      classes+=("${c//\//.}")
    done < <(find "$m/src/test/java" -name '*Test.java' -o -name '*Tests.java' -o -name 'Test*.java' | sort)
  done
  selector=$(IFS=,; echo "${classes[*]}")
fi

out=target/stress
rm -rf "$out"
mkdir -p "$out"

hogs=()
stop_hogs() {
  for p in "${hogs[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${hogs[@]}"; do wait "$p" 2>/dev/null || true; done
  hogs=()
}
trap stop_hogs EXIT
trap 'stop_hogs; exit 130' INT TERM
cores=$(nproc 2>/dev/null || echo 2)
for _ in $(seq 1 "$cores"); do
  sha256sum /dev/zero >/dev/null 2>&1 &
  hogs+=($!)
done
echo "stress: $n repetition(s) of $modules with $cores busy core(s) (pids ${hogs[*]})"

# prints "classname | name | failure|error" for each failed test case of a surefire XML report
failures_of() {
  awk '
    function attr(s, a,   r) {
      if (match(s, " " a "=\"[^\"]*\"")) {
        r = substr(s, RSTART + length(a) + 3, RLENGTH - length(a) - 4)
        gsub(/&quot;/, "\"", r); gsub(/&apos;/, "\047", r); gsub(/&lt;/, "<", r); gsub(/&gt;/, ">", r)
        gsub(/&amp;/, "\\&", r)
        return r
      }
      return ""
    }
    /<testcase / { cls = attr($0, "classname"); name = attr($0, "name") }
    /<(failure|error)[ >\/]/ { kind = ($0 ~ /<failure/) ? "failure" : "error"; print cls " | " name " | " kind }
  ' "$1"
}

failed_reps=0
all=()
start=$(date +%s)
for i in $(seq 1 "$n"); do
  for m in ${modules//,/ }; do rm -rf "$m"/target/surefire-reports*; done
  t0=$(date +%s)
  rc=0
  ./run-tests.sh -q -pl "$modules" -am -Dtest="$selector" -Dsurefire.failIfNoSpecifiedTests=false \
      "${extra[@]}" >"$out/rep-$i.log" 2>&1 || rc=$?
  found=()
  for m in ${modules//,/ }; do
    for x in "$m"/target/surefire-reports*/TEST-*.xml; do
      [ -e "$x" ] || continue
      mapfile -t fs < <(failures_of "$x")
      if [ ${#fs[@]} -gt 0 ]; then
        found+=("${fs[@]}")
        mkdir -p "$out/rep-$i/$m"
        base=${x%.xml}; base=${base##*/TEST-}
        cp "$x" "${x%/*}/$base"*.txt "$out/rep-$i/$m/" 2>/dev/null || true
      fi
    done
  done
  if [ $rc -ne 0 ] && [ ${#found[@]} -eq 0 ]; then
    found+=("(build) | mvn exited $rc without a failing report: see $out/rep-$i.log | error")
  fi
  if [ ${#found[@]} -gt 0 ]; then
    failed_reps=$((failed_reps + 1))
    for f in "${found[@]}"; do all+=("rep $i: $f"); done
    echo "repetition $i/$n: FAILED (${#found[@]}) in $(( $(date +%s) - t0 )) s"
  else
    rm -f "$out/rep-$i.log"
    echo "repetition $i/$n: passed in $(( $(date +%s) - t0 )) s"
  fi
done

echo "stress: $((n - failed_reps))/$n repetition(s) passed in $(( $(date +%s) - start )) s"
if [ ${#all[@]} -gt 0 ]; then
  echo "failures (reports kept under $out):"
  printf '  %s\n' "${all[@]}"
  exit 1
fi
