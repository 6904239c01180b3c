#!/usr/bin/env python3
"""The include checker's own test: it fails on a planted violation, naming the file, the line
and the rule; passes once the violation is gone; and refuses a folder without a row.

Usage: test_check_includes.py CHECKER FIXTURE_DIR
"""

import pathlib
import shutil
import subprocess
import sys
import tempfile


def run(checker, root):
    r = subprocess.run([sys.executable, str(checker), str(root), str(root / "include_matrix.txt")],
                       capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def expect(condition, what, output):
    if not condition:
        print(f"FAILED: {what}\n--- checker output ---\n{output}")
        sys.exit(1)


def main(checker, fixture):
    with tempfile.TemporaryDirectory() as scratch:
        root = pathlib.Path(scratch) / "tree"
        shutil.copytree(fixture, root)

        code, out = run(checker, root)
        expect(code == 1, f"exit code 1 on the planted violation, got {code}", out)
        planted = ('drivers/usb/bulk_in_stream.cpp:4: #include "live/spsc_ring.hpp" reaches '
                   "daemon/live, which drivers/usb may not include "
                   "(rule include_matrix.txt:5: drivers/usb: daemon/engine)")
        expect(planted in out, f"the message '{planted}'", out)
        expect(out.count("reaches") == 1, "one violation only (live -> engine is allowed)", out)

        source = root / "drivers/usb/bulk_in_stream.cpp"
        source.write_text(source.read_text().replace('#include "live/spsc_ring.hpp"\n', ""))
        code, out = run(checker, root)
        expect(code == 0, f"exit code 0 once the violation is gone, got {code}", out)

        (root / "daemon/store").mkdir()
        (root / "daemon/store/session_store.cpp").write_text('#include "engine/sample_block.hpp"\n')
        code, out = run(checker, root)
        expect(code == 1 and "daemon/store: no row" in out,
               "a folder without a row in the matrix is refused", out)
    print("the include checker fails on a planted violation and names file, line and rule")


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]))
