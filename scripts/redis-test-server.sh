#!/usr/bin/env bash
# Starts or stops the private redis-server the tests use.
#
#   scripts/redis-test-server.sh start   # idempotent; waits until PING answers
#   scripts/redis-test-server.sh stop
#   scripts/redis-test-server.sh url     # prints redis://127.0.0.1:PORT
#
# Loopback only, port $EVENTSCOPE_TEST_REDIS_PORT (default 6399), no persistence
# (--save '' --appendonly no), its files under a temporary directory, daemonized with a pidfile.
#
# Several test runs may share the server: `start` registers its caller (its process group:
# the make run, or the test process that started it) and `stop` shuts the server down only
# when no other registered process group is still alive.
set -euo pipefail

port="${EVENTSCOPE_TEST_REDIS_PORT:-6399}"
dir="${TMPDIR:-/tmp}/eventscope-redis-test-$port"
pidfile="$dir/redis.pid"
users="$dir/users"
caller="$(cut -d' ' -f5 /proc/$$/stat)"   # our process group

answers() { redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; }

ours() { [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

register() { mkdir -p "$users" && touch "$users/$caller"; }

# Callers other than this one that are still running.
others() {
    [[ -d "$users" ]] || return 0
    for f in "$users"/*; do
        [[ -e "$f" ]] || continue
        local pid="${f##*/}"
        if [[ "$pid" == "$caller" ]] || ! kill -0 -- "-$pid" 2>/dev/null; then rm -f "$f"; else echo "$pid"; fi
    done
}

case "${1:-}" in
start)
    if answers; then
        register
        echo "redis-server already answers on 127.0.0.1:$port"
        exit 0
    fi
    if ! command -v redis-server >/dev/null; then
        echo "redis-server is not installed: apt-get install redis-server (make test does it)" >&2
        exit 1
    fi
    mkdir -p "$dir"
    redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
        --dir "$dir" --daemonize yes --pidfile "$pidfile" --logfile "$dir/redis.log" \
        </dev/null >/dev/null 2>&1
    # (The daemon must not inherit our stdout: a caller reading this script's output to its end
    # would otherwise wait for the server to exit.)
    for _ in $(seq 1 200); do
        if answers; then
            register
            echo "started redis-server on 127.0.0.1:$port (files in $dir)"
            exit 0
        fi
        sleep 0.05
    done
    echo "redis-server did not answer on 127.0.0.1:$port within 10 s; see $dir/redis.log" >&2
    exit 1
    ;;
stop)
    still="$(others)"
    if [[ -n "$still" ]]; then
        echo "redis-server on 127.0.0.1:$port is still used by process group(s) $(echo $still); leaving it running"
        exit 0
    fi
    if ours; then
        pid="$(cat "$pidfile")"
        # SHUTDOWN rather than SIGTERM: a server started from a test process may have
        # inherited a mask that blocks SIGTERM.
        redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 200); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.05
        done
        if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
        echo "stopped redis-server on 127.0.0.1:$port"
    else
        echo "no test redis-server of ours runs on port $port"
    fi
    rm -rf "$dir"
    ;;
url)
    echo "redis://127.0.0.1:$port"
    ;;
*)
    echo "usage: $0 start|stop|url" >&2
    exit 2
    ;;
esac
