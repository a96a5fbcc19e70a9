#!/usr/bin/env python3
"""Adds up meson's test logs of several build directories into one closing line,
'N passed, N failed', after cmocka's own summary of every cmocka executable."""
import json
import re
import sys

passed = failed = skipped = cases = pycases = 0
for build in sys.argv[1:]:
    with open(f"{build}/meson-logs/testlog.json", encoding="utf-8") as log:
        for line in log:
            t = json.loads(line)
            result = t.get("result")
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1
            out = (t.get("stdout") or "") + (t.get("stderr") or "")
            cases += sum(int(n) for n in re.findall(r"\[  PASSED  \] (\d+) test", out))
            # cmocka's summary lines, as the test printed them
            verdicts = re.findall(r"^\[  (?:PASSED|FAILED|SKIPPED) +\] \d+ test.*$", out, re.M)
            if verdicts:
                print(f"{build:12} {t.get('name', '?'):24} " + "  ".join(v.strip() for v in verdicts))
            if result in ("OK", "EXPECTEDFAIL"):
                pycases += sum(int(n) for n in re.findall(r"^Ran (\d+) tests? in", out, re.M))
print(f"cmocka cases passed across all builds: {cases}")
if pycases:
    print(f"python unittest cases passed across all builds: {pycases}")
print(f"tests: {passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(1 if failed else 0)
