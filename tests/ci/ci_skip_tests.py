#!/usr/bin/python3
"""The rule that a skipped test is not a passed test under CI (docs/testing.md): with IMPACT_CI set
(and not "0"), a test that skips fails unless it declares why it cannot run there
(IMPACT_SKIP_REASON in its environment, or IMPACT_DECLARED_SKIP in a GoogleTest test). Each test
runs probes that skip, with and without IMPACT_CI and a declaration, through each place the rule
is applied (tests/pylib/harness.py, tests/support/ci_skip.sh, tests/addin_office/run_node_test.sh,
tests/support/ci_skip_guard.cpp), then all of them under a CTest of their own; and checks that
docs/testing.md lists every declared skip.

Usage: ci_skip_tests.py --impact BIN --source DIR --build-dir DIR --probe BIN --ctest BIN --work DIR TEST
"""
import json
import xml.etree.ElementTree as ET
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "pylib"))
from harness import Checks, Skip, run_main  # noqa: E402

ARGS = None
REFUSED = "skipped under CI (IMPACT_CI is set) without a declared reason"
DECLARED = "skip declared for CI:"
SKIP = 77


def env(ci=None, reason=None, **more):
    """This process's environment without the rule's variables, then with the ones given."""
    e = {k: v for k, v in os.environ.items() if k not in ("IMPACT_CI", "IMPACT_SKIP_REASON")}
    if ci is not None:
        e["IMPACT_CI"] = ci
    if reason is not None:
        e["IMPACT_SKIP_REASON"] = reason
    e.update(more)
    return e


def run(argv, environ, cwd=None):
    r = subprocess.run(argv, env=environ, cwd=cwd, capture_output=True, text=True, timeout=60)
    return r.returncode, r.stdout + r.stderr


def expect(c, what, argv, environ, rc, has=(), lacks=()):
    got, out = run(argv, environ)
    c.check(got == rc, f"{what}: exit {got}, expected {rc}\n{out}")
    for text in has:
        c.check(text in out, f"{what}: the output does not say {text!r}\n{out}")
    for text in lacks:
        c.check(text not in out, f"{what}: the output says {text!r}\n{out}")


def four_cases(c, argv):
    """The same skipping probe outside CI, with IMPACT_CI=0, under CI, and under CI declared."""
    expect(c, "outside CI", argv, env(), SKIP, lacks=[REFUSED])
    expect(c, "IMPACT_CI=0", argv, env(ci="0"), SKIP, lacks=[REFUSED])
    expect(c, "under CI, undeclared", argv, env(ci="1"), 1, has=[REFUSED, "the probe's tool is missing"])
    expect(c, "under CI, declared", argv, env(ci="1", reason="the probe cannot run under CI"), SKIP,
           has=[DECLARED + " the probe cannot run under CI"], lacks=[REFUSED])


def harness_probe():
    return [sys.executable, os.path.join(HERE, "skip_probe.py"), "--impact", ARGS.impact,
            "--work", os.path.join(ARGS.work, "probe"), "skips"]


def shell_probe():
    return [os.path.join(ARGS.source, "tests", "support", "ci_skip.sh"), "the probe's tool is missing"]


def test_harness():
    """A harness script's Skip: 77, or exit 1 under CI unless declared."""
    c = Checks()
    four_cases(c, harness_probe())
    c.done()


def test_shell():
    """tests/support/ci_skip.sh: 77, or exit 1 under CI unless declared."""
    c = Checks()
    four_cases(c, shell_probe())
    c.done()


def test_node():
    """run_node_test.sh: its own skip (node missing), and node tests marked skip or todo inside a
    passing file, fail under CI unless declared; the tests a --test-name-pattern leaves out do not."""
    node = shutil.which("node")
    if not node:
        raise Skip("node is not installed")
    c = Checks()
    runner = os.path.join(ARGS.source, "tests", "addin_office", "run_node_test.sh")
    addin = os.path.join(ARGS.work, "addin")
    shutil.rmtree(addin, ignore_errors=True)
    for d in ("node_modules/office-addin-mock", "node_modules/playwright-core", "test"):
        os.makedirs(os.path.join(addin, d))
    with open(os.path.join(addin, "test", "probe.test.js"), "w") as f:
        f.write("const test = require('node:test');\n"
                "test('runs', () => {});\n"
                "test('skips', { skip: \"the probe's tool is missing\" }, () => {});\n")
    argv = ["/bin/sh", runner, addin, "test/probe.test.js"]
    expect(c, "a skipping node test outside CI", argv, env(), 0, lacks=[REFUSED])
    expect(c, "a skipping node test under CI", argv, env(ci="1"), 1, has=[REFUSED, "1 node test(s)"])
    expect(c, "a skipping node test under CI, declared", argv, env(ci="1", reason="the probe cannot run under CI"), 0,
           lacks=[REFUSED])
    expect(c, "tests a pattern leaves out, under CI", argv + ["--test-name-pattern=^runs$"], env(ci="1"), 0,
           lacks=[REFUSED])
    # No node on PATH: the file is skipped; only what the runner needs before it looks for node.
    bare = os.path.join(ARGS.work, "bin")
    shutil.rmtree(bare, ignore_errors=True)
    os.makedirs(bare)
    os.symlink(shutil.which("dirname"), os.path.join(bare, "dirname"))
    expect(c, "node missing, outside CI", argv, env(PATH=bare), SKIP, has=["node is not installed"], lacks=[REFUSED])
    expect(c, "node missing, under CI", argv, env(ci="1", PATH=bare), 1, has=[REFUSED, "node is not installed"])
    c.done()


def test_gtest():
    """A GoogleTest skip (ci_skip_guard.cpp): SKIPPED, or FAILED under CI unless declared, in the
    environment or by IMPACT_DECLARED_SKIP."""
    c = Checks()
    undeclared = [ARGS.probe, "--gtest_filter=Probe.Undeclared"]
    declared = [ARGS.probe, "--gtest_filter=Probe.Declared"]
    skipped, failed = "[  SKIPPED ] Probe.", "[  FAILED  ] Probe."
    expect(c, "outside CI", undeclared, env(), 0, has=[skipped], lacks=[REFUSED, failed])
    expect(c, "IMPACT_CI=0", undeclared, env(ci="0"), 0, has=[skipped], lacks=[REFUSED])
    # No "[  SKIPPED ]" at all: CTest's SKIP_REGULAR_EXPRESSION would count the test as skipped.
    expect(c, "under CI, undeclared", undeclared, env(ci="1"), 1,
           has=[REFUSED, "the probe's tool is missing", failed], lacks=["[  SKIPPED ]"])
    expect(c, "under CI, declared in the environment", undeclared, env(ci="1", reason="the probe cannot run under CI"), 0,
           has=[skipped, DECLARED + " the probe cannot run under CI"], lacks=[REFUSED])
    expect(c, "under CI, declared by the test", declared, env(ci="1"), 0,
           has=[skipped, DECLARED + " the probe cannot run under CI"], lacks=[REFUSED])
    expect(c, "a passing test under CI", [ARGS.probe, "--gtest_filter=Probe.Passes"], env(ci="1"), 0,
           lacks=[REFUSED, "[  SKIPPED ]"])
    c.done()


CTEST_PROJECT = """cmake_minimum_required(VERSION 3.16)
project(ci_skip_probe NONE)
enable_testing()
include({source}/tests/support/ci_skips.cmake)
add_test(NAME harness_undeclared COMMAND {harness})
add_test(NAME harness_declared COMMAND {harness})
add_test(NAME shell_undeclared COMMAND {shell})
add_test(NAME shell_declared COMMAND {shell})
set_tests_properties(harness_undeclared harness_declared shell_undeclared shell_declared PROPERTIES SKIP_RETURN_CODE 77)
impact_declare_skip("the probe cannot run under CI" harness_declared shell_declared)
add_test(NAME gtest_undeclared COMMAND {probe} --gtest_filter=Probe.Undeclared)
add_test(NAME gtest_declared_by_test COMMAND {probe} --gtest_filter=Probe.Declared)
add_test(NAME gtest_declared COMMAND {probe} --gtest_filter=Probe.Undeclared)
impact_declare_skip("the probe cannot run under CI" gtest_declared)
# What gtest_discover_tests() gives each test it adds.
set_tests_properties(gtest_undeclared gtest_declared_by_test gtest_declared PROPERTIES
                     SKIP_REGULAR_EXPRESSION "\\\\[  SKIPPED \\\\]")
"""


def ctest_results(build, environ):
    """{test: "passed" | "failed" | "skipped"} from a CTest run's JUnit file."""
    junit = os.path.join(build, "results.xml")
    if os.path.exists(junit):
        os.remove(junit)
    rc, out = run([ARGS.ctest, "--test-dir", build, "--output-junit", junit], environ)
    results = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        if case.find("skipped") is not None or case.get("status") == "notrun":
            results[case.get("name")] = "skipped"
        elif case.find("failure") is not None or case.get("status") == "fail":
            results[case.get("name")] = "failed"
        else:
            results[case.get("name")] = "passed"
    return results, out


def test_ctest():
    """The probes registered as CTest tests the way tests/*/CMakeLists.txt register theirs (with
    impact_declare_skip()), run by ctest: all skipped outside CI; under IMPACT_CI=1 the undeclared
    ones failed, the declared ones skipped."""
    c = Checks()
    src, build = os.path.join(ARGS.work, "src"), os.path.join(ARGS.work, "build")
    for d in (src, build):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    quote = lambda argv: " ".join('"' + a.replace("\\", "/").replace('"', '\\"') + '"' for a in argv)  # noqa: E731
    with open(os.path.join(src, "CMakeLists.txt"), "w") as f:
        f.write(CTEST_PROJECT.format(source=ARGS.source.replace("\\", "/"), harness=quote(harness_probe()),
                                     shell=quote(shell_probe()), probe=quote([ARGS.probe])))
    cmake = os.path.join(os.path.dirname(ARGS.ctest), "cmake")
    rc, out = run([cmake, "-S", src, "-B", build], env())
    c.check(rc == 0, f"the probe project does not configure:\n{out}")
    c.done()
    names = ["harness_undeclared", "harness_declared", "shell_undeclared", "shell_declared", "gtest_undeclared",
             "gtest_declared_by_test", "gtest_declared"]
    outside, out = ctest_results(build, env())
    c.check(outside == {n: "skipped" for n in names}, f"outside CI: {outside}, expected every test skipped\n{out}")
    under, out = ctest_results(build, env(ci="1"))
    want = {n: "failed" if n.endswith("_undeclared") else "skipped" for n in names}
    c.check(under == want, f"under IMPACT_CI=1: {under}, expected {want}\n{out}")
    c.done()


def declared_in_ctest():
    """{test name: reason} of every test of the build with IMPACT_SKIP_REASON in its environment."""
    r = subprocess.run([ARGS.ctest, "--test-dir", ARGS.build_dir, "--show-only=json-v1"], capture_output=True,
                       text=True, timeout=120, env=env())
    if r.returncode != 0:
        raise RuntimeError(f"ctest --show-only failed: {r.stderr}")
    out = {}
    for t in json.loads(r.stdout)["tests"]:
        for p in t.get("properties", []):
            if p["name"] == "ENVIRONMENT":
                for entry in p["value"]:
                    if entry.startswith("IMPACT_SKIP_REASON="):
                        out[t["name"]] = entry.split("=", 1)[1]
    return out


def declared_in_gtest_sources():
    """{source file: [reason]} of every IMPACT_DECLARED_SKIP("...") in tests/, the probe's aside."""
    out = {}
    tests = os.path.join(ARGS.source, "tests")
    for root, _, files in os.walk(tests):
        if os.path.abspath(root) == HERE:
            continue
        for name in files:
            if name.endswith((".cpp", ".h")) and name != "ci_skip.h":
                path = os.path.join(root, name)
                with open(path, encoding="utf-8") as f:
                    reasons = re.findall(r'IMPACT_DECLARED_SKIP\(\s*"((?:[^"\\]|\\.)*)"', f.read())
                if reasons:
                    out[os.path.relpath(path, ARGS.source)] = reasons
    return out


def listed_in_docs():
    """{name: reason} of the table under "## Declared skips" in docs/testing.md."""
    with open(os.path.join(ARGS.source, "docs", "testing.md"), encoding="utf-8") as f:
        text = f.read()
    section = text.split("## Declared skips", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        m = re.match(r"\|\s*`([^`]+)`\s*\|\s*(.*?)\s*\|\s*$", line)
        if m:
            rows[m.group(1)] = m.group(2)
    return rows


def test_declared_skips_listed():
    """docs/testing.md lists each declared skip, CTest's and GoogleTest's, with its reason, and no other."""
    c = Checks()
    listed = listed_in_docs()
    declared = declared_in_ctest()
    for name, reason in declared.items():
        c.check(listed.get(name) == reason,
                f"{name} declares the skip {reason!r}: docs/testing.md lists it as {listed.get(name)!r}")
    in_code = declared_in_gtest_sources()
    for path, reasons in in_code.items():
        for reason in reasons:
            c.check(listed.get(path) == reason or (path in listed and reason in listed[path]),
                    f"{path} declares the skip {reason!r}: docs/testing.md does not list it under {path}")
    for name in listed:
        c.check(name in declared or name in in_code, f"docs/testing.md lists {name}, which declares no skip")
    c.done()


def add_arguments(p):
    p.add_argument("--source", required=True)
    p.add_argument("--build-dir", required=True)
    p.add_argument("--probe", required=True, help="the ci_skip_probe GoogleTest program")
    p.add_argument("--ctest", required=True)


if __name__ == "__main__":
    sys.exit(run_main(globals(), add_arguments))
