"""examples/python/survey_report.py on its sample CSV, checked against hand-worked figures."""
from __future__ import annotations

import math
import os
import re
import subprocess
import sys
import unittest

from support import Z95 as Z, env_path, wilson


def nps(prom: int, det: int, n: int) -> tuple:
    p, d = prom / n, det / n
    return 100 * (p - d), Z * 100 * math.sqrt((p + d - (p - d) ** 2) / n)


# From survey_responses.csv, by hand (CSAT 1-5, satisfied >= 4; NPS promoters 9-10, detractors 0-6):
#   alice  csat 5 4 2 5 3 -> 3/5       nps 10 9 8 3 10 -> 3 promoters, 1 detractor of 5
#   bob    csat 4 4 5 1   -> 3/4       nps 9 6 7 0     -> 1 promoter, 2 detractors of 4
#   carol  csat 5 5 5     -> 3/3       nps 10 9 8      -> 2 promoters, 0 detractors of 3 (one cell empty)
#   all    csat 9/12                   nps 6 promoters, 3 detractors of 12
EXPECTED = {
    "alice": (5, 60.0, wilson(3, 5), 5, nps(3, 1, 5)),
    "bob": (4, 75.0, wilson(3, 4), 4, nps(1, 2, 4)),
    "carol": (3, 100.0, (wilson(3, 3)[0], 100.0), 3, nps(2, 0, 3)),
    "all": (12, 75.0, wilson(9, 12), 12, nps(6, 3, 12)),
}


class SurveyReport(unittest.TestCase):
    def test_sample(self) -> None:
        root = env_path("CXKPI_SOURCE_ROOT")
        script = os.path.join(root, "examples", "python", "survey_report.py")
        out = subprocess.run([sys.executable, script], capture_output=True, text=True, check=True)
        self.assertEqual(out.stderr, "")
        rows = {}
        for line in out.stdout.splitlines()[1:]:
            name, rest = line.split(None, 1)
            rows[name] = [float(x) for x in re.findall(r"[-+]?\d+(?:\.\d+)?", rest)]
        self.assertEqual(sorted(rows), sorted(EXPECTED))
        for name, (cn, pct, (lo, hi), nn, (score, moe)) in EXPECTED.items():
            with self.subTest(agent=name):
                self.assertEqual(rows[name], [cn, round(pct, 1), round(lo, 1), round(hi, 1),
                                              nn, round(score, 1), round(moe, 1)])

    def test_bad_values_are_reported_and_skipped(self) -> None:
        root = env_path("CXKPI_SOURCE_ROOT")
        script = os.path.join(root, "examples", "python", "survey_report.py")
        import tempfile
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
            f.write("agent,csat,nps\nx,7,11\nx,5,abc\n")
        self.addCleanup(os.unlink, f.name)
        out = subprocess.run([sys.executable, script, f.name], capture_output=True, text=True, check=True)
        self.assertIn(":2: csat='7' skipped", out.stderr)
        self.assertIn(":2: nps='11' skipped", out.stderr)
        self.assertIn(":3: nps='abc' skipped", out.stderr)
        self.assertRegex(out.stdout, r"\nx\s+1\s+100\.0%")


if __name__ == "__main__":
    unittest.main()
