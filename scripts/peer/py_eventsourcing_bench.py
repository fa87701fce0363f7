#!/usr/bin/env python3
"""The peer side of the issue-12 comparison: the Python `eventsourcing` library (9.5.6) doing
the work of `eventscope demo --clients 64 --aggregates 100 --commands 10000`.

Same work: N client threads, each sending one increment at a time to one of M counters
(created on first use), waiting for its answer before sending the next; a command that
loses an optimistic-concurrency race is retried, as the engine does. Same store: one SQLite
file, WAL, `synchronous=FULL` on every connection (set here explicitly, and checked).
Same help: the library's aggregate cache is on. Afterwards every counter is read back and
the total must equal the acknowledged increments (it prints `consistent`).

    pip install eventsourcing==9.5.6
    python3 scripts/peer/py_eventsourcing_bench.py --clients 64 --aggregates 100 --commands 10000 [--json]
"""

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import threading
import time
from uuid import NAMESPACE_URL, UUID, uuid5

_real_connect = sqlite3.connect


def _durable_connect(*args, **kwargs):
    # Every connection the library opens commits with synchronous=FULL, as eventscope's do.
    connection = _real_connect(*args, **kwargs)
    connection.execute("PRAGMA synchronous = FULL")
    SYNCHRONOUS_SEEN.add(connection.execute("PRAGMA synchronous").fetchone()[0])
    return connection


SYNCHRONOUS_SEEN = set()


sqlite3.connect = _durable_connect

from eventsourcing.application import AggregateNotFoundError, Application  # noqa: E402
from eventsourcing.domain import Aggregate, event  # noqa: E402
from eventsourcing.persistence import IntegrityError  # noqa: E402


class Counter(Aggregate):
    @event("Created")
    def __init__(self, name: str):
        self.name = name
        self.count = 0

    @classmethod
    def create_id(cls, name: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"counter-{name}")

    @event("Incremented")
    def increment(self):
        self.count += 1


class Counters(Application):
    def increment(self, name: str) -> int:
        """One command: load (from the cache), decide, save. Retried on a conflict."""
        for _ in range(100):
            try:
                try:
                    counter = self.repository.get(Counter.create_id(name))
                except AggregateNotFoundError:
                    counter = Counter(name)
                counter.increment()
                self.save(counter)
                return counter.count
            except IntegrityError:
                continue  # another thread saved this counter first: load and try again
        raise RuntimeError(f"counter {name}: too many conflicts")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--aggregates", type=int, default=100)
    parser.add_argument("--commands", type=int, default=10000)
    parser.add_argument("--path", help="SQLite file (default: a fresh file in a temporary folder)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    folder = None
    path = args.path
    if path is None:
        folder = tempfile.mkdtemp(prefix="py-eventsourcing-")
        path = os.path.join(folder, "peer.sqlite")
    app = Counters(env={
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": path,
        "SQLITE_LOCK_TIMEOUT": "10",
        "AGGREGATE_CACHE_MAXSIZE": str(max(1000, args.aggregates)),
    })
    with _real_connect(path) as probe:
        journal = probe.execute("PRAGMA journal_mode").fetchone()[0]

    remaining = [args.commands]
    lock = threading.Lock()
    acknowledged = [0] * args.clients
    errors = []

    def client(n: int) -> None:
        i = n
        while True:
            with lock:
                if remaining[0] == 0:
                    return
                remaining[0] -= 1
            try:
                app.increment(str(i % args.aggregates))
                acknowledged[n] += 1
            except Exception as e:  # counted, as the demo counts errors
                errors.append(repr(e))
            i += args.clients

    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start

    # Read every counter back from the store (cache off for the check).
    checker = Counters(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": path})
    total = 0
    for a in range(args.aggregates):
        try:
            total += checker.repository.get(Counter.create_id(str(a))).count
        except AggregateNotFoundError:
            pass
    ok = sum(acknowledged)
    # What the library's own connections reported after the pragma (2 = FULL).
    synchronous = "FULL" if SYNCHRONOUS_SEEN == {2} else f"mixed {sorted(SYNCHRONOUS_SEEN)}"
    report = {
        "library": "eventsourcing 9.5.6 (Python %d.%d)" % sys.version_info[:2],
        "store": f"sqlite:{path} (journal_mode={journal}, synchronous={synchronous})",
        "clients": args.clients, "aggregates": args.aggregates, "commands": args.commands,
        "ok": ok, "errors": len(errors), "seconds": round(seconds, 3),
        "per_second": round(ok / seconds), "total_count": total, "consistent": total == ok,
    }
    if errors:
        report["first_error"] = errors[0]
    print(json.dumps(report) if args.json else "\n".join(f"{k}: {v}" for k, v in report.items()))
    if folder:
        for suffix in ("", "-wal", "-shm"):
            try:
                os.remove(path + suffix)
            except FileNotFoundError:
                pass
        os.rmdir(folder)
    return 0 if total == ok and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
