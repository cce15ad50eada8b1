"""Runs every pbx test and writes "<passed> <failed>" (tests, a test with failing subtests counts once)."""
import sys
import unittest
from pathlib import Path

here = Path(__file__).resolve().parent
suite = unittest.defaultTestLoader.discover(str(here), pattern="test_*.py", top_level_dir=str(here))
result = unittest.TextTestRunner(verbosity=2).run(suite)
failed = len({id(test) for test, _ in result.failures + result.errors})
passed = result.testsRun - failed - len(result.skipped)
Path(sys.argv[1]).write_text(f"{passed} {failed}\n")
print(f"pbx: {passed} passed, {failed} failed")
sys.exit(0 if result.wasSuccessful() and not result.skipped else 1)
