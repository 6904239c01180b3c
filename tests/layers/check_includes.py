#!/usr/bin/env python3
"""Checks every #include between the project's libraries against the allowed matrix.

Usage: check_includes.py ROOT MATRIX

MATRIX has one row per library folder (docs/architecture.md, "Layers"):

    daemon/audio: daemon/engine daemon/realtime

A folder may include its own headers and what its row names: a folder (any header in it) or
one header (that header only). Every folder under ROOT's daemon/, drivers/ and overlay/ that
holds sources must have a row, so a new library cannot slip past the check.

An include is resolved the way the compiler does it here: beside the including file first,
then "<folder>/<file>" in every library folder of that name (the build's include roots,
CMakeLists.txt stridecue_public_folders). Includes that resolve to no project file (system and
third-party headers) are not the matrix's business.

Prints one line per violation, naming the file, the line and the rule, and exits 1; exits 0
when every include is allowed; exits 2 when the matrix itself is wrong.
"""

import pathlib
import re
import sys

SCANNED_TOPS = ("daemon", "drivers", "overlay")
SOURCE_SUFFIXES = {".cpp", ".hpp", ".h", ".cc"}
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]')


class MatrixError(Exception):
    pass


def read_matrix(path):
    """{folder: (set of allowed folders or headers, line number, text of the row)}"""
    rows = {}
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        text = raw.split("#", 1)[0].strip()
        if not text:
            continue
        if ":" not in text:
            raise MatrixError(f"{path}:{number}: expected 'folder: allowed …', got '{raw}'")
        folder, allowed = text.split(":", 1)
        folder = folder.strip()
        if folder in rows:
            raise MatrixError(f"{path}:{number}: {folder} has a row already (line {rows[folder][1]})")
        rows[folder] = (set(allowed.split()), number, text)
    return rows


def library_folders(root):
    """Every folder under the scanned tops that holds sources, relative to root."""
    folders = set()
    for top in SCANNED_TOPS:
        for f in (root / top).rglob("*"):
            if f.suffix in SOURCE_SUFFIXES and f.is_file():
                folders.add(f.parent.relative_to(root).as_posix())
    return folders


def resolve(root, including, name, folders):
    """The project file an include names (relative to root, posix), or None."""
    beside = including.parent / name
    if beside.is_file():
        return beside.resolve().relative_to(root.resolve()).as_posix()
    first, _, rest = name.partition("/")
    if not rest:
        return None
    found = [f"{folder}/{rest}" for folder in folders
             if folder.rsplit("/", 1)[-1] == first and (root / folder / rest).is_file()]
    if len(found) > 1:
        raise MatrixError(f"{including.relative_to(root)}: #include \"{name}\" is ambiguous: "
                          + ", ".join(sorted(found)))
    return found[0] if found else None


def check(root, matrix_path):
    rows = read_matrix(matrix_path)
    folders = library_folders(root)
    problems = []
    for folder in sorted(folders - rows.keys()):
        problems.append(f"{folder}: no row in {matrix_path}: say what it may include")
    for folder, (allowed, number, _) in rows.items():
        for entry in allowed:
            if entry not in folders and not (root / entry).is_file():
                raise MatrixError(f"{matrix_path}:{number}: {entry} is neither a library folder "
                                  "nor a header")

    for folder in sorted(folders & rows.keys()):
        allowed, number, rule = rows[folder]
        for f in sorted((root / folder).iterdir()):
            if f.suffix not in SOURCE_SUFFIXES or not f.is_file():
                continue
            lines = f.read_text(errors="replace").splitlines()
            for line_number, line in enumerate(lines, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                target = resolve(root, f, m.group(1), folders)
                if target is None:
                    continue
                target_folder = target.rsplit("/", 1)[0]
                if target_folder == folder or target_folder in allowed or target in allowed:
                    continue
                problems.append(
                    f"{f.relative_to(root).as_posix()}:{line_number}: #include \"{m.group(1)}\" "
                    f"reaches {target_folder}, which {folder} may not include "
                    f"(rule {matrix_path.name}:{number}: {rule})")
    return problems


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    root, matrix = pathlib.Path(argv[1]), pathlib.Path(argv[2])
    try:
        problems = check(root, matrix)
    except (MatrixError, OSError) as e:
        print(f"check_includes: {e}", file=sys.stderr)
        return 2
    for p in problems:
        print(p)
    if problems:
        print(f"check_includes: {len(problems)} include(s) against the layers "
              f"(docs/architecture.md, \"Layers\")")
        return 1
    print(f"check_includes: every #include in {', '.join(SCANNED_TOPS)} follows {matrix.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
