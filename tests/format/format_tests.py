#!/usr/bin/env python3
"""The code format (.clang-format), checked with Debian's clang-format on the files listed in
.clang-format-files: a file joins the list once it is formatted (docs/testing.md, "Format").

Tests:
  listed       every listed file is formatted: `clang-format --dry-run --Werror` finds nothing
  list_valid   the list names existing C/C++ files under engine/ or tests/, each once, sorted
  catches      the check fails on a listed file whose format is broken (a copy, not the file)
"""
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "pylib"))
from harness import Skip, check, require, run_main  # noqa: E402

ARGS = None
LIST = ".clang-format-files"
SOURCES = (".cpp", ".h", ".hpp", ".cc", ".c")


def add_arguments(p):
    p.add_argument("--source", required=True, help="the checkout (holds .clang-format and the list)")


def clang_format():
    exe = shutil.which("clang-format")
    if not exe:
        raise Skip("clang-format is not installed (Debian: apt-get install clang-format)")
    return exe


def listed():
    """The list's file names, in order: one a line; blank lines and # comments are passed over."""
    with open(os.path.join(ARGS.source, LIST), encoding="utf-8") as f:
        lines = [line.strip() for line in f]
    return [line for line in lines if line and not line.startswith("#")]


def misformatted(exe, files, cwd):
    """clang-format's complaints about `files` (paths relative to `cwd`), or "" if all are formatted."""
    r = subprocess.run([exe, "--dry-run", "--Werror", "--style=file"] + files, cwd=cwd, capture_output=True, text=True)
    return "" if r.returncode == 0 else (r.stderr or r.stdout or f"clang-format exited {r.returncode}")


def test_listed():
    """Every file in .clang-format-files is formatted as .clang-format says."""
    exe = clang_format()
    files = listed()
    require(files, f"{LIST} lists no files")
    problems = misformatted(exe, files, ARGS.source)
    check(not problems, f"files in {LIST} are not formatted (run: clang-format -i FILE):\n{problems[:4000]}")


def test_list_valid():
    """The list names existing source files of engine/ or tests/, each once, in sorted order."""
    files = listed()
    require(files, f"{LIST} lists no files")
    for f in files:
        check(os.path.isfile(os.path.join(ARGS.source, f)), f"{LIST}: {f} does not exist")
        check(f.startswith(("engine/", "tests/")) and f.endswith(SOURCES), f"{LIST}: {f} is not a C/C++ file of engine/ or tests/")
    check(len(set(files)) == len(files), f"{LIST} names a file twice")
    check(files == sorted(files), f"{LIST} is not in sorted order")


def test_catches():
    """A copy of a listed file with its indentation broken fails the same check."""
    exe = clang_format()
    work = os.path.join(ARGS.work, "catches")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    shutil.copy(os.path.join(ARGS.source, ".clang-format"), work)
    name = listed()[0]
    with open(os.path.join(ARGS.source, name), encoding="utf-8") as f:
        text = f.read()
    good = os.path.join(work, "good" + os.path.splitext(name)[1])
    bad = os.path.join(work, "bad" + os.path.splitext(name)[1])
    with open(good, "w", encoding="utf-8") as f:
        f.write(text)
    # Every indented line one space deeper: no longer 4-space indentation.
    with open(bad, "w", encoding="utf-8") as f:
        f.write("".join((" " + line if line.startswith("    ") else line) for line in text.splitlines(True)))
    check(not misformatted(exe, [os.path.basename(good)], work), f"the unchanged copy of {name} passes")
    check(misformatted(exe, [os.path.basename(bad)], work), f"the copy of {name} with its indentation broken fails")


if __name__ == "__main__":
    sys.exit(run_main(globals(), add_arguments))
