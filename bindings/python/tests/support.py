"""Helpers shared by the binding's tests (not part of the package)."""
from __future__ import annotations

import math
import os
import statistics
import struct
import subprocess
import unittest
from typing import Dict, Iterable, Tuple


def crc32c(data: bytes) -> int:
    """CRC-32C (Castagnoli, reflected 0x82F63B78), as docs/FORMAT.md specifies; written here
    independently of the library so that tests can forge frames."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def frame(kind: int, version: int, payload: bytes) -> bytes:
    """A serialized frame: magic, kind, version, length, payload, CRC-32C (docs/FORMAT.md)."""
    head = b"CXKP" + struct.pack("<HHQ", kind, version, len(payload)) + payload
    return head + struct.pack("<I", crc32c(head))


def csat_payload(lo: int, hi: int, sat: int, counts: Iterable[int]) -> bytes:
    return struct.pack("<iii", lo, hi, sat) + b"".join(struct.pack("<Q", c) for c in counts)


def env_path(name: str) -> str:
    """A path the test runner (meson, or the CI virtualenv script) passes in the environment."""
    value = os.environ.get(name)
    if not value:
        raise unittest.SkipTest(f"{name} is not set (run through `meson test` or tests/venv-check.sh)")
    return value


def c_figures(args: Iterable[str], values: Iterable[object]) -> Dict[str, float]:
    """Runs the C helper tests/figures.c on a dataset and parses its "name value" lines."""
    exe = env_path("CXKPI_FIGURES")
    out = subprocess.run([exe, *args], input=" ".join(str(v) for v in values),
                         capture_output=True, text=True, check=True).stdout
    figures: Dict[str, float] = {}
    for line in out.splitlines():
        name, value = line.split()
        figures[name] = int(value) if value.isdigit() else float(value)
    return figures


class Rng:
    """splitmix64: deterministic pseudo-random data, the same on every run."""

    def __init__(self, seed: int) -> None:
        self.state = seed & 0xFFFFFFFFFFFFFFFF

    def next(self) -> int:
        self.state = (self.state + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        return z ^ (z >> 31)

    def below(self, n: int) -> int:
        return self.next() % n


#: Two-sided 95% normal quantile from the standard library, independent of cxkpi_normal_z.
Z95 = statistics.NormalDist().inv_cdf(0.975)  # 1.959963984540054


def wilson(successes: int, n: int, z: float = Z95) -> Tuple[float, float]:
    """Wilson score interval in percent, from its textbook formula (Wilson 1927; cxkpi/stats.h)."""
    p = successes / n
    center = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return 100 * (center - half), 100 * (center + half)
