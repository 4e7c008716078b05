#!/usr/bin/env bash
# Builds core-backend-fuzz with libFuzzer and AddressSanitizer into .build-fuzz/ and fuzzes each target.
#
#   Fuzz/run.sh <target|all> [seconds per target] [extra libFuzzer flags...]
#
# Targets: json frames handshake account-activity loopback spec http-response. Seeds come from Fuzz/Corpus/<target>/
# (read only); new corpus entries go to .build-fuzz/corpus/<target>/, crash/timeout/OOM inputs to
# .build-fuzz/artifacts/<target>/. Exits 1 if any target left an artifact. See Fuzz/README.md.
set -uo pipefail
cd "$(dirname "$0")/.."

TARGETS=(json frames handshake account-activity loopback spec http-response)
which=${1:-}
seconds=${2:-60}
shift $(( $# < 2 ? $# : 2 ))
if [[ -z "$which" ]]; then
  echo "usage: Fuzz/run.sh <$(IFS='|'; echo "${TARGETS[*]}")|all> [seconds] [libFuzzer flags...]" >&2
  exit 2
fi
if [[ "$which" == all ]]; then selected=("${TARGETS[@]}"); else selected=("$which"); fi

SCRATCH=.build-fuzz
# Not `-sanitize=fuzzer`: it links libFuzzer's own main into every executable, the build-tool plugin's
# generator included, which then fails to link. Instead: ASan and libFuzzer's coverage on every module,
# and libFuzzer without its main (core-backend-fuzz calls LLVMFuzzerRunDriver) linked in; only
# core-backend-fuzz references it. The ASan-built generator runs during the build: no leak check there.
TOOLCHAIN_LIB="$(dirname "$(dirname "$(command -v swiftc)")")/lib/swift/clang/lib/linux"
LIBFUZZER="$TOOLCHAIN_LIB/libclang_rt.fuzzer_no_main-$(uname -m).a"
[[ -f "$LIBFUZZER" ]] || { echo "error: no $LIBFUZZER in this toolchain" >&2; exit 2; }
ASAN_OPTIONS=detect_leaks=0 swift build -c debug --product core-backend-fuzz --scratch-path "$SCRATCH" \
  -Xswiftc -sanitize=address -Xswiftc -DFUZZING \
  -Xswiftc -sanitize-coverage=edge,indirect-calls,trace-cmp,inline-8bit-counters,pc-table \
  -Xlinker "$LIBFUZZER" -Xlinker -lstdc++ 2>&1 \
  | grep -vE "Cannot export local symbol '__asan|^\[[0-9]+/[0-9]+\] (Compiling|Emitting|Wrapping|Write|Generating)" || true
BINARY="$SCRATCH/debug/core-backend-fuzz"
[[ -x "$BINARY" ]] || { echo "error: build failed" >&2; exit 2; }

failed=0
for target in "${selected[@]}"; do
  corpus="$SCRATCH/corpus/$target"
  artifacts="$SCRATCH/artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  log="$SCRATCH/$target.log"
  echo "== $target: ${seconds}s"
  # -rss_limit_mb and -malloc_limit_mb bound memory, -timeout a single input; the seed corpus is read only.
  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$BINARY" "$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 "$@" \
    "$corpus" "Fuzz/Corpus/$target" >"$log" 2>&1
  status=$?
  grep -E "^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added|stat::peak_rss_mb)" "$log" \
    | sed 's/^/   /'
  grep -E "^#[0-9]+.*(DONE|cov:)" "$log" | tail -1 | sed 's/^/   /'
  found=$(find "$artifacts" -type f | wc -l)
  if (( status != 0 || found > 0 )); then
    failed=1
    echo "   FINDINGS (exit $status): $found artifact(s) in $artifacts, log $log"
    grep -E "^(==[0-9]+==ERROR|SUMMARY|Fatal error|.*invariant broken)" "$log" | head -5 | sed 's/^/   /'
  fi
done
exit $failed
