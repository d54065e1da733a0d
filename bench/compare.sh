#!/usr/bin/env bash
# Runs the playground's benchmarks COUNT times (default 10) into OUT
# (default bench/out, which git ignores) and prints benchstat's comparisons:
#
#   start-up   the shell's start to its prompt, against the same binary
#              printing the prompt and exiting, and printf(1)
#   eval       1+1 through the evaluator process, against yaegi in process
#   run        a 1,000-line file with playground run, against yaegi run
#
# BENCH narrows the benchmarks (a go test -bench pattern). Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."

count=${COUNT:-10}
out=${OUT:-bench/out}
bench=${BENCH:-.}
benchstat=(go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da)

mkdir -p "$out"
echo "== go test -bench '$bench' -count $count: results in $out/shell.txt and $out/bench.txt"
go test -run '^$' -bench "$bench" -count "$count" ./shell/ >"$out/shell.txt"
go test -run '^$' -bench "$bench" -count "$count" ./bench/ >"$out/bench.txt"

# compare TITLE FILE BASE OTHER...: one column a benchmark, each against BASE.
compare() {
	local title=$1 file=$2
	shift 2
	local names="$*"
	if ! grep -qE "^Benchmark($(tr ' ' '|' <<<"$names"))-" "$file"; then
		return
	fi
	echo
	echo "== $title"
	"${benchstat[@]}" -filter ".name:(${names// / OR })" -col ".name@($names)" "$file"
}

compare "start to prompt (target 50 ms), against the bare binary and printf" "$out/shell.txt" \
	StartBaselinePrompt StartToPrompt StartBaselinePrintf
compare "1+1: in-process yaegi against the evaluator's round trip (overhead target 0.3 ms)" "$out/bench.txt" \
	YaegiEvalInProcess EvalRoundTrip
compare "1,000 lines: yaegi run of the program, against playground run of the program and of the session" "$out/bench.txt" \
	YaegiRun1000 PlaygroundRunProgram1000 PlaygroundRun1000
