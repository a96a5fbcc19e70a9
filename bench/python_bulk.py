#!/usr/bin/env python3
"""Bulk input through the Python binding: add_many on an array.array('b') of scores against
calling add() in a Python loop, for NPS and CSAT; and the same for durations from an
array.array('d') (the double path).

    CXKPI_LIBRARY=build/lib/libcxkpi.so PYTHONPATH=bindings/python/src \\
        python3 bench/python_bulk.py [--n 10000000]

Prints the time of each and their ratio (the binding promises add_many at least 20x faster).
Not a test: numbers depend on the machine.
"""
from __future__ import annotations

import argparse
import array
import random
import time

import cxkpi


def best_of(repeats: int, fn) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000_000, help="number of scores (default 10^7)")
    args = ap.parse_args()
    rng = random.Random(42)
    cases = (("Nps", cxkpi.Nps, "b", 0, 10), ("Csat 1-5", lambda: cxkpi.Csat(1, 5, 4), "b", 1, 5),
             ("Duration", cxkpi.Duration, "d", 1, 86400))
    for name, make, code, lo, hi in cases:
        scores = array.array(code, (rng.randint(lo, hi) for _ in range(args.n)))
        bulk_acc, loop_acc = make(), make()

        def bulk() -> None:
            bulk_acc.reset()
            bulk_acc.add_many(scores)

        def loop() -> None:
            loop_acc.reset()
            add = loop_acc.add
            for s in scores:
                add(s)

        t_bulk = best_of(5, bulk)
        t_loop = best_of(1, loop)
        assert bulk_acc == loop_acc, "bulk and loop disagree"
        print(f"{name}: {args.n} values from array.array({code!r}): add_many {t_bulk * 1e3:.1f} ms "
              f"({args.n / t_bulk / 1e6:.0f} M/s); add() loop {t_loop:.2f} s "
              f"({args.n / t_loop / 1e6:.2f} M/s); add_many is {t_loop / t_bulk:.0f}x faster")


if __name__ == "__main__":
    main()
