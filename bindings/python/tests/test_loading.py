"""Finding the C library, the ImportError, and the version check (each in a fresh interpreter)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import cxkpi
from cxkpi import _lib

from support import env_path

PACKAGE_DIR = os.path.dirname(os.path.abspath(cxkpi.__file__))


def run_python(code: str, env: dict, cwd: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=cwd,
                          capture_output=True, text=True)


class Loading(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)
        # A private copy of the package, so that a library can be put next to it.
        self.pkg = os.path.join(self.tmp, "cxkpi")
        shutil.copytree(PACKAGE_DIR, self.pkg, ignore=shutil.ignore_patterns(
            "__pycache__", "libcxkpi*"))
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("CXKPI_LIBRARY", "PYTHONPATH", "LD_LIBRARY_PATH")}
        self.env["PYTHONPATH"] = self.tmp

    def test_versions(self) -> None:
        self.assertEqual(cxkpi.LIBRARY_VERSION_NUMBER // 10000, _lib.ABI_MAJOR)
        major, minor, patch = (int(x) for x in cxkpi.LIBRARY_VERSION.split("."))
        self.assertEqual(cxkpi.LIBRARY_VERSION_NUMBER, major * 10000 + minor * 100 + patch)
        project = os.environ.get("CXKPI_PROJECT_VERSION")
        if project:
            self.assertEqual(cxkpi.LIBRARY_VERSION, project)
            self.assertEqual(cxkpi.__version__, project)

    def test_installed_package_is_the_one_tested(self) -> None:
        venv = os.environ.get("CXKPI_EXPECT_INSTALLED")
        if not venv:
            self.skipTest("run from the source tree (tests/venv-check.sh tests the installed package)")
        self.assertTrue(PACKAGE_DIR.startswith(os.path.realpath(venv)) or PACKAGE_DIR.startswith(venv),
                        PACKAGE_DIR)
        self.assertTrue(os.path.exists(os.path.join(PACKAGE_DIR, "py.typed")))

    def test_explicit_library_that_does_not_exist(self) -> None:
        self.env["CXKPI_LIBRARY"] = os.path.join(self.tmp, "nope", "libcxkpi.so.0")
        r = run_python("import cxkpi", self.env, self.tmp)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("ImportError", r.stderr)
        self.assertIn("CXKPI_LIBRARY=", r.stderr)
        self.assertIn("nope", r.stderr)

    def test_nothing_found_lists_everything_tried(self) -> None:
        # find_library may find an installed libcxkpi on a developer's machine: hide it.
        code = ("import ctypes.util; ctypes.util.find_library = lambda name: None\n"
                "import cxkpi")
        r = run_python(code, self.env, self.tmp)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("ImportError", r.stderr)
        self.assertIn("CXKPI_LIBRARY: not set", r.stderr)
        self.assertIn(os.path.join(self.pkg, "libcxkpi.so"), r.stderr)
        self.assertIn('find_library("cxkpi"): not found', r.stderr)

    @unittest.skipUnless(sys.platform.startswith("linux"), "ELF shared library names")
    def test_library_next_to_the_package(self) -> None:
        shutil.copy(_lib.LIBRARY_PATH, os.path.join(self.pkg, "libcxkpi.so.0"))
        r = run_python("import cxkpi; print(cxkpi.LIBRARY_PATH)", self.env, self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), os.path.join(self.pkg, "libcxkpi.so.0"))

    def test_explicit_library_wins(self) -> None:
        self.env["CXKPI_LIBRARY"] = _lib.LIBRARY_PATH
        r = run_python("import cxkpi; print(cxkpi.LIBRARY_PATH)", self.env, self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), _lib.LIBRARY_PATH)

    def test_incompatible_major_is_refused(self) -> None:
        self.env["CXKPI_LIBRARY"] = env_path("CXKPI_FAKE_MAJOR_LIBRARY")
        r = run_python("import cxkpi", self.env, self.tmp)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("ImportError", r.stderr)
        self.assertIn("version 1.0.0", r.stderr)
        self.assertIn("needs major version 0", r.stderr)

    def test_missing_symbol_is_not_implemented(self) -> None:
        stub = _lib.fn("cxkpi_no_such_function", [])
        self.assertFalse(_lib.available(stub))
        self.assertTrue(_lib.available(cxkpi.Csat._c_add))
        with self.assertRaises(NotImplementedError) as cm:
            stub(1, 2)
        self.assertIn("cxkpi_no_such_function", str(cm.exception))


if __name__ == "__main__":
    unittest.main()
