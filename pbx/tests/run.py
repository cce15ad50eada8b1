"""Runs the pbx tests and writes "<passed> <failed>" (tests, a test with failing subtests counts once).

run.py COUNTS [--only MODULE... | --skip MODULE...]: every test module, only the named ones, or all but those.
"""
import sys
import unittest
from pathlib import Path

here = Path(__file__).resolve().parent
counts, mode, names = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else None), set(sys.argv[3:])
modules = sorted(p.stem for p in here.glob("test_*.py"))
if mode == "--only":
    modules = [m for m in modules if m in names]
elif mode == "--skip":
    modules = [m for m in modules if m not in names]
sys.path.insert(0, str(here))
suite = unittest.defaultTestLoader.loadTestsFromNames(modules)
result = unittest.TextTestRunner(verbosity=2).run(suite)
failed = len({id(test) for test, _ in result.failures + result.errors})
passed = max(0, result.testsRun - failed - len(result.skipped))  # a failing setUpModule runs no test
Path(counts).write_text(f"{passed} {failed}\n")
print(f"pbx: {passed} passed, {failed} failed")
sys.exit(0 if result.wasSuccessful() and not result.skipped and result.testsRun else 1)
