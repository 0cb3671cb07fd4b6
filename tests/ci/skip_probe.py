#!/usr/bin/python3
"""A harness script whose one test skips: ci_skip_tests.py runs it to see the CI rule applied."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
from harness import Skip, run_main  # noqa: E402


def test_skips():
    raise Skip("the probe's tool is missing")


if __name__ == "__main__":
    sys.exit(run_main(globals()))
