#!/usr/bin/env bash
# Starts or stops the private redis-server the tests use.
#
#   scripts/redis-test-server.sh start   # idempotent; waits until PING answers
#   scripts/redis-test-server.sh stop
#   scripts/redis-test-server.sh url     # prints redis://127.0.0.1:PORT
#
# Loopback only, port $EVENTSCOPE_TEST_REDIS_PORT (default 6399), no persistence
# (--save '' --appendonly no), its files under a temporary directory, daemonized with a pidfile.
set -euo pipefail

port="${EVENTSCOPE_TEST_REDIS_PORT:-6399}"
dir="${TMPDIR:-/tmp}/eventscope-redis-test-$port"
pidfile="$dir/redis.pid"

answers() { redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; }

ours() { [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

case "${1:-}" in
start)
    if answers; then
        echo "redis-server already answers on 127.0.0.1:$port"
        exit 0
    fi
    if ! command -v redis-server >/dev/null; then
        echo "redis-server is not installed: apt-get install redis-server (make test does it)" >&2
        exit 1
    fi
    mkdir -p "$dir"
    redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
        --dir "$dir" --daemonize yes --pidfile "$pidfile" --logfile "$dir/redis.log"
    for _ in $(seq 1 200); do
        if answers; then
            echo "started redis-server on 127.0.0.1:$port (files in $dir)"
            exit 0
        fi
        sleep 0.05
    done
    echo "redis-server did not answer on 127.0.0.1:$port within 10 s; see $dir/redis.log" >&2
    exit 1
    ;;
stop)
    if ours; then
        pid="$(cat "$pidfile")"
        kill "$pid"
        for _ in $(seq 1 200); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.05
        done
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
