#!/usr/bin/env python3
"""Every CSV file stridecue writes, read by Python's csv module without options (and by pandas
when it is installed), checked against the JSON output of the same run.

Usage: check_csv_files.py STRIDECUE SCRATCH_DIR CASE

CASE is one of:
  analyze  `analyze --format csv` on stdout, `--summary FILE.csv|.json`, `--cues FILE`, and the
           simulator's trial and truth files, against `analyze --format json`
  export   `run --format csv`, `export --csv DIR` and `runners export` of the session the run
           recorded, against `run --format json` of the same session
  excel    `--excel=comma` (';' and decimal commas) and `--excel` in the C locale, against the
           plain CSV of the same run
  table    the table of `analyze`: units in its header, µV and % of baseline in columns of
           their own, and "N steps (L left, R right)" counting what the JSON counts

What "tidy" means here (docs/formats.md, "Tidy CSV"):
  - one header row: every row has as many cells as the header, no '#' line, nothing after;
  - one value per cell: no '[' or '{' in any cell (no JSON inside a cell);
  - a unit in every column name that has one (a suffix such as _ms, _n, _uv, _pct), the
    dimensionless columns listed below;
  - µV columns (_uv) in plain decimals (no 5.5e-05).
Exits 1 naming each problem.
"""

import csv
import io
import json
import math
import os
import pathlib
import re
import shutil
import subprocess
import sys

try:
    import pandas  # noqa: F401  (not a dependency: used when the machine has it)
except ImportError:
    pandas = None

UNIT_SUFFIXES = (
    "_s", "_ms", "_ns", "_n", "_bw", "_bw_s", "_m", "_m_s", "_nm", "_v", "_uv", "_hz", "_pct",
    "_pct_of_baseline", "_deg", "_steps_per_min", "_steps_min", "_kg",
)
# Counts, labels, flags and fractions of 0..1: no unit to name.
DIMENSIONLESS = {
    "step", "seq", "side", "side_from", "side_confidence", "plate", "strike", "strike_index",
    "strike_confidence", "strike_early", "strike_early_confidence", "strike_overturned",
    "loading_rate_method", "glute_drop", "kind", "why", "mode", "misses", "window",
    "feedback_share", "treadmill", "foot_length_from", "belt_speed_from",
    "strike_index_unavailable", "fsa_strike", "steps", "strikes_decided_by_deadline",
    "strikes_overturned", "glute_drop_steps", "latency_cue_seq", "source", "pattern",
    "activation_ratio", "impact_transient", "word", "output",
}
DIMENSIONLESS_PATTERNS = (re.compile(r"^cues_\w+$"), re.compile(r"^\w+_quality$"),
                          re.compile(r"^fsa_(compared|agreed|near_boundary|without_angle)$"))

problems = []


def problem(text):
    problems.append(text)
    print("FAIL: " + text, file=sys.stderr)


def run(args, env=None, stdout=None):
    r = subprocess.run(args, stdout=subprocess.PIPE if stdout is None else stdout,
                       stderr=subprocess.PIPE, env=env, check=False)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, args))} exited {r.returncode}: "
                         f"{r.stderr.decode(errors='replace')}")
    return r


def has_unit(column):
    name = column.lower()
    if name in DIMENSIONLESS or any(p.match(name) for p in DIMENSIONLESS_PATTERNS):
        return True
    return name.endswith(UNIT_SUFFIXES)


def read_table(path, text=None, delimiter=None, encoding="utf-8"):
    """The header and the rows as csv.reader gives them, after the tidy checks."""
    if text is None:
        text = pathlib.Path(path).read_text(encoding=encoding)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter) if delimiter else \
        csv.reader(io.StringIO(text))
    rows = list(reader)
    if not rows:
        problem(f"{path}: no header row")
        return [], []
    header, body = rows[0], rows[1:]
    if len(set(header)) != len(header):
        problem(f"{path}: repeated column names {sorted(c for c in header if header.count(c) > 1)}")
    for column in header:
        if not has_unit(column):
            problem(f"{path}: column {column!r} names no unit")
    for number, row in enumerate(body, 2):
        if row and row[0].startswith("#"):
            problem(f"{path}:{number}: a '#' line in the table: {','.join(row)[:80]}")
            continue
        if len(row) != len(header):
            problem(f"{path}:{number}: {len(row)} cells, the header has {len(header)}")
        for column, cell in zip(header, row):
            if "[" in cell or "{" in cell:
                problem(f"{path}:{number}: {column} holds JSON: {cell[:60]}")
            if column.lower().endswith("_uv") and cell and re.search(r"[eE]", cell):
                problem(f"{path}:{number}: {column} in scientific notation: {cell}")
    return header, body


def read_with_pandas(path, rows_expected, **options):
    if pandas is None:
        return
    frame = pandas.read_csv(path, **options)
    if len(frame) != rows_expected:
        problem(f"{path}: pandas read {len(frame)} rows, expected {rows_expected}")


def records(header, body):
    return [dict(zip(header, row)) for row in body]


def number(cell, decimal_comma=False):
    if cell == "":
        return None
    return float(cell.replace(",", ".") if decimal_comma else cell)


def close(a, b, tolerance):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, abs_tol=tolerance)


def json_lines(text):
    strides, cues, summary = [], [], None
    for line in text.splitlines():
        obj = json.loads(line)
        if "summary" in obj:
            summary = obj
        elif obj.get("type") == "cue":
            cues.append(obj)
        else:
            strides.append(obj)
    return strides, cues, summary


def check_steps_against_json(path, header, body, strides):
    rows = records(header, body)
    if len(rows) != len(strides):
        problem(f"{path}: {len(rows)} step rows, the JSON has {len(strides)} strides")
    for row, s in zip(rows, strides):
        if row.get("step") != str(s["stride"]) or row.get("side") != s["side"]:
            problem(f"{path}: step {row.get('step')} {row.get('side')} is JSON stride "
                    f"{s['stride']} {s['side']}")
            break
        if not close(number(row.get("contact_s", "")), s["contact_s"], 1e-4):
            problem(f"{path}: step {row['step']}: contact_s {row.get('contact_s')} vs "
                    f"{s['contact_s']}")
        for m in s.get("muscles", []):
            prefix = m["muscle"] or m["channel"]
            uv = number(row.get(f"{prefix}_activation_uv", ""))
            v = m["activation_v"]
            if not close(uv, None if v is None else v * 1e6, 1.1e-3):
                problem(f"{path}: step {row['step']}: {prefix}_activation_uv {uv} µV, the JSON "
                        f"{v} V")
            pct = number(row.get(f"{prefix}_pct_of_baseline", ""))
            ratio = m["ratio"]
            if not close(pct, None if ratio is None else ratio * 100, 0.051):
                problem(f"{path}: step {row['step']}: {prefix}_pct_of_baseline {pct}, the JSON "
                        f"ratio {ratio}")


def check_cues_against_json(path, header, body, cues):
    rows = records(header, body)
    if cues is not None and len(rows) != len(cues):
        problem(f"{path}: {len(rows)} cue rows, the JSON has {len(cues)} cues")
    cues = cues or []
    for key in {k for c in cues for k in c.get("reason", {})}:
        column = "glute_pct_of_baseline" if key == "glute_ratio" else key
        if column not in header:
            problem(f"{path}: the cue reason's {key} has no column")
    # A text column repeated under another name (reason and why) says it twice.
    texts = [c for c in header if any(len(r[c]) > 20 for r in rows)]
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if rows and all(r[a] == r[b] for r in rows):
                problem(f"{path}: columns {a} and {b} hold the same text")
    for row, cue in zip(rows, cues):
        if row["seq"] != str(cue["seq"]) or row["kind"] != cue["kind"]:
            problem(f"{path}: cue {row['seq']} {row['kind']} is JSON cue {cue['seq']} "
                    f"{cue['kind']}")
            break


def check_summary_against_json(path, header, body, summary):
    rows = {r["side"]: r for r in records(header, body)}
    if set(rows) != {"left", "right", "all"}:
        problem(f"{path}: rows {sorted(rows)}, expected left, right and all")
        return
    s = summary["summary"]
    for side in ("left", "right"):
        if rows[side]["steps"] != str(s["strides"][side]):
            problem(f"{path}: {side} steps {rows[side]['steps']}, the JSON {s['strides'][side]}")
        baseline = s["sides"][side]["glute_baseline_v"]
        uv = number(rows[side]["glute_baseline_uv"])
        if not close(uv, None if baseline is None else baseline * 1e6, 1.1e-3):
            problem(f"{path}: {side} glute_baseline_uv {uv}, the JSON {baseline} V")
    if rows["all"]["steps"] != str(s["strides"]["left"] + s["strides"]["right"]):
        problem(f"{path}: all steps {rows['all']['steps']}")
    for kind, n in s.get("cues", {}).items():
        if rows["all"].get(f"cues_{kind}") != str(n):
            problem(f"{path}: cues_{kind} {rows['all'].get(f'cues_{kind}')}, the JSON {n}")


def simulate(cli, scratch, minutes="1"):
    trial = scratch / "trial.csv"
    run([cli, "simulate", "--minutes", minutes, "--fatigue-onset-min", "0.3", "--seed", "5",
         "--out", trial])
    return trial, ["--runner", scratch / "trial.runner.toml", "--treadmill",
                   scratch / "trial.treadmill.toml"]


def case_analyze(cli, scratch):
    trial, flags = simulate(cli, scratch)
    analyze = [cli, "analyze", trial, *flags]
    strides, cues, summary = json_lines(run(analyze + ["--format", "json"]).stdout.decode())
    if not cues or not any(m["ratio"] for s in strides for m in s.get("muscles", [])):
        problem("the simulated trial gave no cues or no glute ratio: the test checks too little")
    steps_path, sum_csv, sum_json, cues_csv = (scratch / "steps.csv", scratch / "summary.csv",
                                               scratch / "summary.json", scratch / "cues.csv")
    # stdout alone first: a table and nothing else, whatever else is asked for.
    with open(steps_path, "wb") as out:
        run(analyze + ["--format", "csv"], stdout=out)
    header, body = read_table(steps_path)
    check_steps_against_json(steps_path, header, body, strides)
    read_with_pandas(steps_path, len(strides))
    alone = steps_path.read_bytes()
    with open(steps_path, "wb") as out:
        run(analyze + ["--format", "csv", "--summary", sum_csv, "--cues", cues_csv], stdout=out)
    if steps_path.read_bytes() != alone:
        problem("analyze --format csv: --summary and --cues changed what stdout holds")
    header, body = read_table(sum_csv)
    check_summary_against_json(sum_csv, header, body, summary)
    read_with_pandas(sum_csv, 3)
    header, body = read_table(cues_csv)
    check_cues_against_json(cues_csv, header, body, cues)
    read_with_pandas(cues_csv, len(cues))
    # The summary as JSON: the same object as the JSON output's last line.
    run(analyze + ["--format", "csv", "--summary", sum_json], stdout=subprocess.DEVNULL)
    if json.loads(sum_json.read_text()) != summary:
        problem(f"{sum_json}: not the JSON output's summary")
    # The simulator's own files.
    for path in (trial, scratch / "trial.truth.csv"):
        header, body = read_table(path)
        if not body:
            problem(f"{path}: no rows")
        read_with_pandas(path, len(body))


def case_export(cli, scratch):
    db = scratch / "sessions.db"
    common = ["run", "--seconds", "40", "--pace", "0", "--no-api", "--no-audio", "--db", db,
              "--runner-id", "r1", "--fatigue-onset-min", "0.2", "--seed", "3"]
    strides, _cues, summary = json_lines(run([cli, *common, "--format", "json"]).stdout.decode())
    # `run --format csv`: the same steps as a table, nothing else on stdout.
    live_csv = scratch / "run.csv"
    with open(live_csv, "wb") as out:
        r = run([cli, *common, "--format", "csv", "--no-store"], stdout=out)
    header, body = read_table(live_csv)
    check_steps_against_json(live_csv, header, body, strides)
    if f"{len(strides)} steps" not in r.stderr.decode():
        problem(f"run --format csv: no '{len(strides)} steps' in the summary on stderr")
    out_dir = scratch / "export"
    run([cli, "export", "1", "--db", db, "--csv", out_dir])
    runner_dir = scratch / "runner"
    run([cli, "runners", "export", "r1", "--db", db, "--out", runner_dir])
    stored = json.loads((out_dir / "session.json").read_text())
    for folder in (out_dir, runner_dir / "session-1"):
        files = sorted(folder.glob("*.csv"))
        names = {f.name for f in files}
        for expected in ("steps.csv", "cues.csv", "summary.csv", "samples.csv",
                         "settings_changes.csv", "events.csv"):
            if expected not in names:
                problem(f"{folder}: no {expected}")
        for path in files:
            header, body = read_table(path)
            read_with_pandas(path, len(body))
            if path.name == "steps.csv":
                check_steps_against_json(path, header, body, strides)
            elif path.name == "cues.csv":
                counted = sum(stored["summary"]["cues"].values())
                if len(body) != counted:
                    problem(f"{path}: {len(body)} cues, the session counted {counted}")
                check_cues_against_json(path, header, body, None)  # counted above
            elif path.name == "summary.csv":
                check_summary_against_json(path, header, body, summary)


def case_excel(cli, scratch):
    trial, flags = simulate(cli, scratch, "0.5")
    analyze = [cli, "analyze", trial, *flags, "--format", "csv"]
    plain = run(analyze + ["--summary", scratch / "s.csv"]).stdout.decode()
    p_header, p_body = read_table("plain", text=plain)
    comma = run(analyze + ["--excel=comma", "--summary", scratch / "s_excel.csv"]).stdout
    if not comma.startswith(b"\xef\xbb\xbf"):
        problem("--excel=comma: no UTF-8 byte-order mark (Excel reads UTF-8 as ANSI without it)")
    text = comma.decode("utf-8-sig")
    if text.splitlines()[0].count(";") != len(p_header) - 1:
        problem(f"--excel=comma: the header is not ';'-separated: {text.splitlines()[0][:80]}")
    header, body = read_table("excel", text=text, delimiter=";")
    if header != p_header or len(body) != len(p_body):
        problem("--excel=comma: not the plain CSV's columns and rows")
    for row, p_row in zip(body, p_body):
        for column, cell, p_cell in zip(header, row, p_row):
            if re.fullmatch(r"-?\d+(\.\d+)?", p_cell):
                if "." in cell or cell.replace(",", ".") != p_cell:
                    problem(f"--excel=comma: {column} {cell!r}, the plain CSV {p_cell!r}")
                    return
    header, body = read_table(scratch / "s_excel.csv", delimiter=";", encoding="utf-8-sig")
    if len(body) != 3:
        problem("--excel=comma --summary: not three rows")
    read_with_pandas(scratch / "s_excel.csv", 3, sep=";", decimal=",", encoding="utf-8-sig")
    # The C locale has a decimal point: a comma-separated CSV, with the BOM.
    env = dict(os.environ, LC_ALL="C")
    c_locale = run(analyze + ["--excel"], env=env).stdout
    if c_locale[3:].decode() != plain or not c_locale.startswith(b"\xef\xbb\xbf"):
        problem("--excel in the C locale: not the plain CSV after a byte-order mark")
    # The export's tables take the same style; its samples stay a trial CSV.
    db = scratch / "sessions.db"
    run([cli, "run", "--seconds", "10", "--pace", "0", "--no-api", "--no-audio", "--db", db])
    run([cli, "export", "1", "--db", db, "--csv", scratch / "xl", "--excel=comma"])
    for name in ("steps.csv", "cues.csv", "summary.csv"):
        header, body = read_table(scratch / "xl" / name, delimiter=";", encoding="utf-8-sig")
        if len(header) < 3:
            problem(f"export --excel=comma: {name} is not ';'-separated")
    samples = (scratch / "xl" / "samples.csv").read_bytes()
    if not samples.startswith(b"time_s,"):
        problem("export --excel: samples.csv is no longer a trial CSV")


def case_table(cli, scratch):
    trial, flags = simulate(cli, scratch)
    analyze = [cli, "analyze", trial, *flags]
    strides, _cues, summary = json_lines(run(analyze + ["--format", "json"]).stdout.decode())
    table = run(analyze).stdout.decode().splitlines()
    header = next((line.split() for line in table if line.split()[:2] == ["step", "side"]), None)
    if header is None:
        problem("the table has no header starting 'step side' (each row is a foot contact)")
        return
    for column in header:
        if not (has_unit(column) or column in ("index", "conf")
                or re.search(r"_(BW|BW/s|uV|%base)$", column)):
            problem(f"table: column {column!r} names no unit")
    rows = [line.split() for line in table
            if re.match(r"^\s+\d+ (left|right)\s", line)]
    if len(rows) != len(strides):
        problem(f"table: {len(rows)} rows, the JSON {len(strides)} strides")
    uv_at, pct_at = header.index("glute_uV"), header.index("glute_%base")
    for row, s in zip(rows, strides):
        g = next((m for m in s.get("muscles", []) if m["muscle"] == "gmed"), None)
        if g is None or g["quality"] not in ("ok", "unknown"):
            continue
        if g["activation_v"] is not None and \
                abs(float(row[uv_at]) - g["activation_v"] * 1e6) > 0.51:
            problem(f"table: step {row[0]} glute_uV {row[uv_at]}, the JSON "
                    f"{g['activation_v']} V")
            break
        want = "-" if g["ratio"] is None else f"{g['ratio'] * 100:.0f}"
        if row[pct_at] != want and abs(float(row[pct_at]) - float(want)) > 1:
            problem(f"table: step {row[0]} glute_%base {row[pct_at]}, the JSON ratio {g['ratio']}")
            break
    s = summary["summary"]["strides"]
    line = f"{s['left'] + s['right']} steps ({s['left']} left, {s['right']} right)"
    if not any(line in t for t in table):
        problem(f"table: no summary line '{line}'")


def main():
    cli, scratch, case = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3]
    work = scratch / case
    shutil.rmtree(work, ignore_errors=True)  # a store from an earlier run would hold session 1
    work.mkdir(parents=True)
    {"analyze": case_analyze, "export": case_export, "excel": case_excel,
     "table": case_table}[case](cli, work)
    if pandas is None:
        print("pandas is not installed: the files were read with the csv module only")
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
