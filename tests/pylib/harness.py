"""The harness shared by the end-to-end Python tests (tests/*/*_tests.py): one copy of the part every
one of those scripts needs, so they all report failures, skips and exit codes the same way.

CTest runs each script once per test (see the tests/*/CMakeLists.txt that register them):

    SCRIPT --impact BIN --work DIR [the script's own options] TEST

and reads the exit code: 0 passed, 1 failed, 77 skipped (SKIP, the SKIP_RETURN_CODE CTest is told:
a tool the test needs is not installed). Under CI (IMPACT_CI set) a skip is a failure unless the
CTest test declares why it cannot run there (IMPACT_SKIP_REASON; docs/testing.md). A script uses it
like this:

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
    from harness import Checks, Failure, Skip, check, run_main

    def test_something():            # run as `SCRIPT ... something`; ARGS is the parsed command line
        c = Checks()
        c.check(ok, "what was wrong, with the values that show why")
        c.done()

    if __name__ == "__main__":
        sys.exit(run_main(globals(), add_arguments))

What it holds:
- Checks: collects failed checks, so one run shows them all. Each failure is printed (FAIL: ...) as
  it happens, so the CTest log says why even when the test later stops or crashes; the count is
  printed at the end. check(ok, what), close(a, b, what, tol), done() (ends the test there if any
  check of this collector has failed). Every collector counts: a failed check fails the test even
  without done().
- check(ok, what): the check of one collector per run, for scripts that need no other.
- require(ok, what): a check that ends the test at once (for checks that later steps depend on).
- free_port(): a free loopback port for a server the test starts.
- Failure: raised to end the test at once as failed, saying why. Skip: to end it as skipped (77),
  or as failed under CI when the skip is undeclared (skip_exit_code()).
- run_main(): parses --impact (made absolute), --work (made if missing), the script's own options
  and the test's name (or `list`, or one of the script's commands such as a fixture's `setup`), sets
  the script's global ARGS, runs test_NAME, and turns what happened into the exit code.
"""
import argparse
import os
import socket
import sys
import traceback

SKIP = 77  # CTest's SKIP_RETURN_CODE in every tests/*/CMakeLists.txt that runs these scripts

_COLLECTORS = []  # every Checks made in this run: run_main counts their failures


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now (for a server a test starts)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Failure(Exception):
    """Ends the test at once, as failed; the message says why."""


class Skip(Exception):
    """Ends the test at once, as skipped (exit 77); the message says what is missing."""


class ChecksFailed(Failure):
    """Raised by Checks.done(): the failed checks have been printed already."""


class Checks:
    """Collects every failed expectation, so one run shows them all."""

    def __init__(self, show_passes=False):
        self.failed = []
        self.show_passes = show_passes
        _COLLECTORS.append(self)

    def check(self, ok, what):
        if not ok:
            self.failed.append(what)
            print("FAIL:", what, flush=True)
        elif self.show_passes:
            print("ok:", what, flush=True)
        return ok

    def close(self, a, b, what, tol=1e-6):
        """a equals b to within tol (relative, absolute below 1)."""
        ok = a is not None and b is not None and abs(a - b) <= tol * max(1.0, abs(b))
        return self.check(ok, f"{what}: impact says {a}, expected {b}")

    def done(self):
        """Ends the test here if any of this collector's checks has failed."""
        if self.failed:
            raise ChecksFailed(f"{len(self.failed)} check(s) failed")


CHECKS = Checks()  # the collector of check() below


def check(ok, what):
    return CHECKS.check(ok, what)


def require(ok, what):
    """A check the rest of the test depends on: ends it at once when not ok."""
    if not ok:
        raise Failure(what)
    return ok


def skip_exit_code(why, environ=os.environ):
    """The exit code of a test that skips because of `why`: SKIP, or 1 under CI (IMPACT_CI set and
    not "0") when the CTest test declares no reason (IMPACT_SKIP_REASON), since a run that skips
    what it cannot do would otherwise look as green as one that did it. Prints which it is."""
    declared = environ.get("IMPACT_SKIP_REASON", "")
    if environ.get("IMPACT_CI", "") not in ("", "0") and not declared:
        print(f"FAIL: skipped under CI (IMPACT_CI is set) without a declared reason: {why}\n"
              "Install what the test needs (scripts/setup.sh), or declare why it cannot run under CI "
              "(docs/testing.md).", flush=True)
        return 1
    if declared:
        print("skip declared for CI:", declared, flush=True)
    return SKIP


def failed_count():
    return sum(len(c.failed) for c in _COLLECTORS)


def run_main(namespace, add_arguments=None, commands=None, pass_args=False, before_test=None,
             show_passes=False, argv=None):
    """Runs the test named on the command line; returns the exit code (0, 1 or SKIP).

    namespace: the script's globals(): its tests are its test_NAME functions; ARGS is set in it.
    add_arguments(parser): adds the script's own options (--samples, --source, ...).
    commands: {name: function} run like tests but not listed as tests (e.g. a fixture's setup).
    pass_args: call each test and command with ARGS as its argument.
    before_test(ARGS): runs before a test (not a command), e.g. to raise Skip.
    show_passes: print passing check() calls too (ok: ...), to follow a long test's progress.
    """
    tests = {name[len("test_"):]: fn for name, fn in namespace.items() if name.startswith("test_") and callable(fn)}
    commands = dict(commands or {})
    doc = (namespace.get("__doc__") or "").strip().splitlines()
    p = argparse.ArgumentParser(description=doc[0] if doc else None)
    p.add_argument("--impact", required=True, help="the impact program")
    p.add_argument("--work", required=True, help="a folder the test may write in")
    if add_arguments:
        add_arguments(p)
    p.add_argument("test", choices=sorted(tests) + sorted(commands) + ["list"], metavar="TEST",
                   help="the test to run (without test_), or `list`")
    args = p.parse_args(argv)
    args.impact = os.path.abspath(args.impact)
    namespace["ARGS"] = args
    CHECKS.show_passes = show_passes
    if args.test == "list":
        print("\n".join(sorted(tests)))
        return 0
    os.makedirs(args.work, exist_ok=True)

    fn = commands.get(args.test) or tests[args.test]
    skipped = failed = None
    try:
        if args.test in tests and before_test:
            before_test(args)
        fn(args) if pass_args else fn()
    except Skip as e:
        skipped = str(e)
    except ChecksFailed:
        failed = True  # each failed check is printed already; the count is below
    except Failure as e:
        print("FAIL:", e, flush=True)
        failed = True
    except Exception as e:  # e.g. a file the program should have written is missing
        sys.stdout.flush()
        traceback.print_exc()
        print(f"FAIL: {args.test} raised {type(e).__name__}: {e}", flush=True)
        failed = True
    count = failed_count()
    if count:
        print(f"{count} check(s) failed")
    if failed or count:
        return 1
    if skipped is not None:
        print("SKIP:", skipped, flush=True)
        return skip_exit_code(skipped)
    first = (fn.__doc__ or "").strip().splitlines()
    print(f"PASS {args.test}" + (f": {first[0]}" if first else ""))
    return 0
