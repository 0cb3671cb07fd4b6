#!/usr/bin/env python3
"""The engine's layers as built (architecture.layers).

engine/stages.cmake states, once, which folders of engine/ each stage may include and link; CMake
links the stage libraries from it. This test reads the same file and fails when
  - a stage names a stage below it or not at all (the graph must stay acyclic),
  - a folder of engine/ with sources is not a stage, or a stage has no folder,
  - a file includes "folder/..." of a stage its own does not list (a .h only PUBLIC ones),
  - a listed dependency is not included any more, or a PUBLIC one only by .cpp files,
  - the table in docs/architecture.md is not the one this file prints with --table.

Usage: layers.py SOURCE_DIR [--table]
"""

import os
import re
import sys

STAGE = re.compile(r"^\s*impact_stage\(\s*(\w+)([^)]*)\)", re.M)
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([A-Za-z0-9_]+)/[^">]*[">]', re.M)
SOURCE_EXT = (".h", ".hpp", ".cpp", ".c", ".inl")
TABLE_BEGIN = "<!-- stages.cmake: begin (tests/architecture/layers.py --table) -->"
TABLE_END = "<!-- stages.cmake: end -->"


def read_stages(path):
    """[(name, public, private)] in the file's order."""
    text = re.sub(r"#[^\n]*", "", open(path, encoding="utf-8").read())
    stages = []
    for m in STAGE.finditer(text):
        public, private, scope = [], [], None
        for word in m.group(2).split():
            if word in ("PUBLIC", "PRIVATE"):
                scope = public if word == "PUBLIC" else private
            elif scope is None:
                raise SystemExit(f"stages.cmake: {m.group(1)}: '{word}' before PUBLIC or PRIVATE")
            else:
                scope.append(word)
        stages.append((m.group(1), public, private))
    return stages


def table(stages):
    lines = ["| stage | library | PUBLIC (its headers include) | PRIVATE (its .cpp files include) |",
             "|---|---|---|---|"]
    for name, public, private in stages:
        lines.append(f"| `{name}/` | `impact_{name}` | {', '.join(public) or '—'} | {', '.join(private) or '—'} |")
    return "\n".join(lines)


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    root = sys.argv[1]
    engine = os.path.join(root, "engine")
    stages = read_stages(os.path.join(engine, "stages.cmake"))
    if "--table" in sys.argv[2:]:
        print(table(stages))
        return 0

    problems = []
    declared = []
    allowed = {}
    for name, public, private in stages:
        if name in allowed:
            problems.append(f"stages.cmake: {name} is declared twice")
        for dep in public + private:
            if dep not in declared:
                problems.append(f"stages.cmake: {name} names {dep}, which is not a stage above it")
        both = set(public) & set(private)
        if both:
            problems.append(f"stages.cmake: {name} lists {', '.join(sorted(both))} as PUBLIC and PRIVATE")
        allowed[name] = (set(public), set(private))
        declared.append(name)

    folders = sorted(d for d in os.listdir(engine) if os.path.isdir(os.path.join(engine, d)))
    for folder in folders:
        has_sources = any(f.endswith(SOURCE_EXT) for _, _, files in os.walk(os.path.join(engine, folder)) for f in files)
        if has_sources and folder not in allowed:
            problems.append(f"engine/{folder}/ has sources but is not a stage in engine/stages.cmake")
    for name in allowed:
        if name not in folders:
            problems.append(f"stages.cmake: {name} has no folder engine/{name}/")

    # What each stage includes: by its headers, and by its .cpp files.
    used_by_headers = {name: set() for name in allowed}
    used = {name: set() for name in allowed}
    for folder in folders:
        if folder not in allowed:
            continue
        public, private = allowed[folder]
        for dirpath, _, files in os.walk(os.path.join(engine, folder)):
            for f in sorted(files):
                if not f.endswith(SOURCE_EXT):
                    continue
                path = os.path.join(dirpath, f)
                rel = os.path.relpath(path, root)
                header = not f.endswith((".cpp", ".c"))
                text = open(path, encoding="utf-8", errors="replace").read()
                for m in INCLUDE.finditer(text):
                    target = m.group(1)
                    if target == folder or target not in folders:
                        continue  # its own folder, or a system or third-party header
                    line = text.count("\n", 0, m.start()) + 1
                    used[folder].add(target)
                    if header:
                        used_by_headers[folder].add(target)
                    if target not in public | private:
                        problems.append(f"{rel}:{line}: {folder} includes {target}/, which stages.cmake does not let it "
                                        f"(a stage may include only the stages it lists)")
                    elif header and target not in public:
                        problems.append(f"{rel}:{line}: a header of {folder} includes {target}/, which {folder} lists "
                                        f"as PRIVATE: make it PUBLIC in stages.cmake, or include it from the .cpp")

    for name, (public, private) in allowed.items():
        for dep in sorted((public | private) - used[name]):
            problems.append(f"stages.cmake: {name} lists {dep}, which no file of engine/{name}/ includes any more")
        for dep in sorted((public & used[name]) - used_by_headers[name]):
            problems.append(f"stages.cmake: {name} lists {dep} as PUBLIC, but only its .cpp files include it: make it PRIVATE")

    doc = os.path.join(root, "docs", "architecture.md")
    text = open(doc, encoding="utf-8").read() if os.path.exists(doc) else ""
    begin, end = text.find(TABLE_BEGIN), text.find(TABLE_END)
    if begin < 0 or end < begin:
        problems.append(f"docs/architecture.md: no table between '{TABLE_BEGIN}' and '{TABLE_END}'")
    elif text[begin + len(TABLE_BEGIN):end].strip() != table(stages):
        problems.append("docs/architecture.md: the table differs from engine/stages.cmake; "
                        "replace it with the output of `python3 tests/architecture/layers.py . --table`")

    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s) with the engine's layers (engine/stages.cmake, docs/architecture.md)")
        return 1
    print(f"{len(stages)} stages, no include outside the graph, the graph acyclic and as documented")
    return 0


if __name__ == "__main__":
    sys.exit(main())
