#!/usr/bin/env bash
# Measures what an interactive shell costs while it waits at its prompt:
# the processor time (user + system, from /proc/PID/stat) of the process
# and all its descendants (for the playground: the reaper and the
# evaluator) over SECONDS (default 10) of idling at the prompt, as a
# percentage of one core. Linux only; needs tmux, which gives each shell
# a real terminal.
#
#   bench/idle.sh                      the playground built from this tree,
#                                      against yaegi's REPL
#   PLAYGROUND=BINARY bench/idle.sh    a playground built elsewhere
#   bench/idle.sh NAME=BINARY ...      also other builds, e.g. an older one:
#                                      old=/tmp/playground-old
#
# Each shell is measured ROUNDS times (default 3), in turns, so that a
# burst of load on the machine falls on all of them alike. The target
# (issue 16) is 0.5 % for the playground, shell and evaluator together.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${SECONDS_IDLE:-10}
rounds=${ROUNDS:-3}
dir=$(mktemp -d)
tm=(tmux -L "idle-$$") # a tmux server of its own
trap '"${tm[@]}" kill-server 2>/dev/null || true; rm -rf "$dir"' EXIT

go build -o "$dir/yaegi" github.com/traefik/yaegi/cmd/yaegi
if [[ -z ${PLAYGROUND:-} ]]; then
	PLAYGROUND=$dir/playground
	go build -o "$PLAYGROUND" ./cmd/playground
fi

shells=("playground=$PLAYGROUND" "yaegi=$dir/yaegi")
shells+=("$@")

hz=$(getconf CLK_TCK)

# ticks PID: utime+stime of PID and of every descendant, in clock ticks.
ticks() {
	local total=0 pid kids
	local -a todo=("$1")
	while ((${#todo[@]})); do
		pid=${todo[0]}
		todo=("${todo[@]:1}")
		if [[ -r /proc/$pid/stat ]]; then
			# Fields after the command name (which may hold spaces): state is
			# field 3, utime 14, stime 15.
			local rest
			rest=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null || true)
			if [[ -n $rest ]]; then
				read -r -a f <<<"$rest"
				total=$((total + f[11] + f[12]))
			fi
		fi
		kids=$(cat /proc/"$pid"/task/*/children 2>/dev/null || true)
		for k in $kids; do todo+=("$k"); done
	done
	echo "$total"
}

measure() { # NAME BINARY
	local name=$1 bin=$2 session="idle-$$-$1"
	"${tm[@]}" new-session -d -s "$session" -x 100 -y 30 \
		env XDG_CONFIG_HOME="$dir/config-$name" HOME="$dir/home-$name" "$bin"
	local pid
	pid=$("${tm[@]}" display-message -p -t "$session" '#{pane_pid}')
	# Wait for the prompt (› for the playground, > for yaegi), then a
	# second more for start-up work to settle.
	for _ in $(seq 100); do
		if "${tm[@]}" capture-pane -p -t "$session" | grep -qE '^(› |> )'; then break; fi
		sleep 0.1
	done
	sleep 1
	local t0 t1
	t0=$(ticks "$pid")
	sleep "$seconds"
	t1=$(ticks "$pid")
	"${tm[@]}" kill-session -t "$session"
	# percent of a core = ticks / (hz * seconds) * 100, to two decimals
	awk -v d=$((t1 - t0)) -v hz="$hz" -v s="$seconds" 'BEGIN { printf "%.2f", d / (hz * s) * 100 }'
}

printf '%-12s %s\n' shell "% of a core while idle at the prompt for ${seconds}s (each round)"
declare -A results
for r in $(seq "$rounds"); do
	for s in "${shells[@]}"; do
		name=${s%%=*}
		results[$name]+="$(measure "$name" "${s#*=}") "
	done
done
for s in "${shells[@]}"; do
	name=${s%%=*}
	printf '%-12s %s\n' "$name" "${results[$name]}"
done
