#!/usr/bin/env python3
"""The reports of `stridecue report`, rendered and looked at: pages, titles, and ink in each plot.

Usage: check_reports.py STRIDECUE WORKDIR CASE [--pictures DIR]

CASE is one of
  session   a simulated 10-minute program session (warm-up, feedback, retention) recorded by
            `stridecue run` into a store, reported as PDF, SVG and HTML
  progress  a simulated 8-session program of one runner (`runners add --program
            crowell-davis-8`, short sessions), reported with `report --runner`
  analyze   `stridecue analyze FILE --report` on a simulated trial
  sound     a 5-second session in real time with SDL's disk audio: the sounds' latencies
  errors    what `stridecue report` refuses, and how it says so

The PDF is rendered with pdftoppm (poppler-utils) and its text read with pdftotext. The report
writes where each plot drew its data (`--plots FILE`: page, rectangle in pt); in each such
rectangle the test counts data ink: pixels of saturated colour, the colour every data series is
drawn in, while axes, grids, targets, thresholds and typical ranges are grey or pale
(report/chart_geometry.hpp). A plot without data fails, and so does one whose data do not reach
across the span they should cover. The checker is checked too: a plot blanked in the picture
must be found empty.

With --pictures DIR the first page of the report is also written as DIR/report-CASE.png (the
pictures in docs/).
"""

import json
import os
import pathlib
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

DPI = 50
FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
        print("FAIL:", message)
    return condition


def run(args, expect=0, **kwargs):
    r = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    if expect is not None and r.returncode != expect:
        print(r.stdout, r.stderr, sep="\n", file=sys.stderr)
        raise SystemExit(f"{' '.join(map(str, args))}: exit {r.returncode}, expected {expect}")
    return r


def read_ppm(path):
    """(width, height, bytes) of a binary PPM (P6, maxval 255), as pdftoppm writes it."""
    data = path.read_bytes()
    fields, at = [], 0
    while len(fields) < 4:
        while data[at:at + 1].isspace():
            at += 1
        if data[at:at + 1] == b"#":
            at = data.index(b"\n", at)
            continue
        end = at
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[at:end])
        at = end
    assert fields[0] == b"P6" and fields[3] == b"255", f"{path}: not an 8-bit P6 PPM"
    width, height = int(fields[1]), int(fields[2])
    return width, height, bytearray(data[at + 1:at + 1 + width * height * 3])


def is_data_ink(pixels, offset):
    r, g, b = pixels[offset], pixels[offset + 1], pixels[offset + 2]
    return max(r, g, b) - min(r, g, b) > 80  # saturated: data; grey and pale tints are not


def ink(page, x0, y0, x1, y1):
    """Pixels of data ink in the rectangle (pixels, inclusive-exclusive)."""
    width, height, pixels = page
    count = 0
    for y in range(max(0, int(y0)), min(height, int(y1))):
        row = y * width * 3
        for x in range(max(0, int(x0)), min(width, int(x1))):
            count += is_data_ink(pixels, row + x * 3)
    return count


def plot_problems(plot, page):
    """What is wrong with one plot's ink: [] when its data are there."""
    s = DPI / 72
    inset = 2  # inside the frame: its line is black anyway, but antialiasing bleeds
    x0, y0 = plot["x"] * s + inset, plot["y"] * s + inset
    x1, y1 = (plot["x"] + plot["w"]) * s - inset, (plot["y"] + plot["h"]) * s - inset
    problems = []
    total = ink(page, x0, y0, x1, y1)
    if total < 15:
        problems.append(f"only {total} pixels of data ink in its data rectangle")
        return problems
    # The data must reach across the span they cover (e.g. the whole session): ink in each
    # third of it, not only in one corner.
    d0, d1 = plot["data_x0"] * s, plot["data_x1"] * s
    if d1 - d0 > 12:
        third = (d1 - d0) / 3
        for k in range(3):
            a, b = d0 + k * third - 2, d0 + (k + 1) * third + 2
            if ink(page, a, y0, b, y1) == 0:
                problems.append(f"no data ink in the {['first', 'middle', 'last'][k]} third of "
                                f"its data's span ({a / s:.0f}-{b / s:.0f} pt)")
    return problems


def render(pdf, prefix):
    run(["pdftoppm", "-r", DPI, str(pdf), str(prefix)])
    pages = sorted(prefix.parent.glob(prefix.name + "-*.ppm"))
    return [read_ppm(p) for p in pages]


def page_texts(pdf, pages):
    texts = []
    for n in range(1, pages + 1):
        texts.append(run(["pdftotext", "-f", n, "-l", n, "-layout", str(pdf), "-"]).stdout)
    return texts


def pdf_pages(pdf):
    info = run(["pdfinfo", str(pdf)]).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    return int(fields["Pages"]), fields.get("Title", "").strip()


def check_report(pdf, plots_json, title, page_titles, marks, picture=None):
    """Pages, titles, the method under every figure, units, and ink in every plot. `marks`:
    {title prefix: the least data marks (points, bars, vertices) that plot must have drawn}."""
    pages, pdf_title = pdf_pages(pdf)
    check(pages == len(page_titles), f"{pdf}: {pages} pages, expected {len(page_titles)}")
    check(pdf_title == title, f"{pdf}: title {pdf_title!r}, expected {title!r}")
    texts = page_texts(pdf, pages)
    layout = json.loads(plots_json.read_text())
    plots = layout["plots"]
    check(len(plots) >= 10, f"{pdf}: {len(plots)} plots, expected at least 10")
    for n, (text, expected) in enumerate(zip(texts, page_titles)):
        first = text.strip().splitlines()[0].strip() if text.strip() else ""
        check(first == expected, f"{pdf} page {n + 1}: heading {first!r}, expected {expected!r}")
        on_page = [p for p in plots if p["page"] == n]
        flat = " ".join(text.split())
        for p in on_page:
            check(" ".join(p["title"].split()) in flat,
                  f"{pdf} page {n + 1}: figure title {p['title']!r} not in its text")
        check(flat.count("Method:") == len(on_page),
              f"{pdf} page {n + 1}: {flat.count('Method:')} methods for {len(on_page)} figures")
    everything = " ".join(" ".join(texts).split())
    for unit in ["(min)", "(%)", "(ms)", "(BW/s)", "(steps/min)"]:
        check(unit in everything, f"{pdf}: no axis with the unit {unit}")

    rendered = render(pdf, pdf.parent / (pdf.stem + "-page"))
    check(len(rendered) == pages, f"{pdf}: pdftoppm made {len(rendered)} pictures of {pages} pages")
    for p in plots:
        least = max([n for prefix, n in marks.items() if p["title"].startswith(prefix)] + [1])
        check(p["marks"] >= least, f"{pdf}: {p['title']!r}: {p['marks']} marks drawn, expected "
                                   f"at least {least}")
        for problem in plot_problems(p, rendered[p["page"]]):
            check(False, f"{pdf} page {p['page'] + 1}: {p['title']!r}: {problem}")

    # The checker must be able to fail: the first plot, blanked in the picture, is found empty.
    victim = plots[0]
    width, height, pixels = rendered[victim["page"]]
    s = DPI / 72
    blank = bytearray(pixels)
    for y in range(int(victim["y"] * s), int((victim["y"] + victim["h"]) * s) + 1):
        for x in range(int(victim["x"] * s), int((victim["x"] + victim["w"]) * s) + 1):
            blank[(y * width + x) * 3:(y * width + x) * 3 + 3] = b"\xff\xff\xff"
    check(plot_problems(victim, (width, height, blank)) != [],
          "the ink check found data in a blanked plot")
    # … and so must a plot whose data stop a third of the way along their span.
    wide = [p for p in plots if (p["data_x1"] - p["data_x0"]) * s > 60]
    if check(wide, f"{pdf}: no plot whose data span more than 60 pixels"):
        victim = wide[0]
        width, height, pixels = rendered[victim["page"]]
        cut = bytearray(pixels)
        start = int((victim["data_x0"] + (victim["data_x1"] - victim["data_x0"]) / 3) * s) + 4
        for y in range(int(victim["y"] * s), int((victim["y"] + victim["h"]) * s) + 1):
            for x in range(start, int((victim["x"] + victim["w"]) * s) + 1):
                cut[(y * width + x) * 3:(y * width + x) * 3 + 3] = b"\xff\xff\xff"
        check(plot_problems(victim, (width, height, cut)) != [],
              f"the ink check missed that {victim['title']!r} stops a third of the way")

    if picture:
        picture.parent.mkdir(parents=True, exist_ok=True)
        run(["pdftoppm", "-r", 100, "-f", 1, "-l", 1, "-png", "-singlefile", str(pdf),
             str(picture.with_suffix(""))])
    return texts


SESSION_PAGES = ["Session report: R-10, session 1", "Loading rates and symmetry",
                 "Cadence and contact time", "Gluteus medius", "Cues, latencies, signal quality"]


def case_session(cli, work, pictures):
    db = work / "sessions.db"
    # A program session of 10 minutes: 1 min warm-up, feedback, 2 min retention without cues.
    run([cli, "runners", "add", "R-10", "--db", db, "--body-mass-kg", 64, "--program",
         "crowell-davis-8", "--program-set", "program.first_session_min=10",
         "--program-set", "program.last_session_min=20", "--program-set", "program.warmup_s=60",
         "--program-set", "program.retention_s=120"])
    run([cli, "run", "--runner-id", "R-10", "--db", db, "--seconds", 600, "--pace", 0,
         "--no-api", "--no-audio", "--seed", 4, "--fatigue-onset-min", 4, "--format", "json"])
    pdf, plots = work / "session.pdf", work / "session-plots.json"
    out = run([cli, "report", 1, "--db", db, "--out", pdf, "--plots", plots]).stdout
    check("session 1:" in out and "5 pages" in out, f"report said {out!r}")
    # About 1,700 steps in 10 minutes: a point per step where the figure is per step.
    marks = {"VALR": 1500, "VILR": 1500, "Gluteus medius activation": 1400,
             "Gluteus medius burst": 1500, "Cadence": 10, "Contact time": 20}
    texts = check_report(pdf, plots, "Session report: R-10, session 1", SESSION_PAGES, marks,
                         pictures / "report-session.png" if pictures else None)
    first = " ".join(texts[0].split())
    check("session 1 of 8" in first, "page 1 does not say where the session is in the program")
    check("s of feedback" in first, "page 1 does not give the dose")
    check("retention (no cues)" in first, "page 1 does not show the retention block apart")
    check("target" in first and "80 %" in first, "page 1 does not give the target")
    check("drop threshold 80 %" in " ".join(texts[3].split()), "no drop threshold on page 4")
    check("heel_strike" in texts[4] and "contact→decision" in " ".join(texts[4].split()),
          "page 5 has no latency table")

    # The same report as SVG (the pages one under the other) and as one HTML file.
    svg = work / "session.svg"
    run([cli, "report", 1, "--db", db, "--out", svg])
    root = ElementTree.parse(svg).getroot()
    height = float(root.get("height").replace("pt", ""))
    check(abs(height - 5 * 841.89) < 1, f"{svg}: height {height} pt, expected 5 A4 pages")
    html = work / "session.html"
    run([cli, "report", 1, "--db", db, "--out", html])
    text = html.read_text()
    check(text.count('src="data:image/png;base64,') == 5, f"{html}: not 5 inlined pages")
    check("<script" not in text, f"{html}: has a script")
    for title in SESSION_PAGES:
        check(f"<h2>{title}</h2>" in text, f"{html}: no heading {title!r}")


def case_progress(cli, work, pictures):
    db = work / "sessions.db"
    run([cli, "runners", "add", "R-8", "--db", db, "--body-mass-kg", 62, "--program",
         "crowell-davis-8", "--program-set", "program.first_session_min=1",
         "--program-set", "program.last_session_min=1.5", "--program-set", "program.warmup_s=10",
         "--program-set", "program.retention_s=20", "--program-set", "cue.fading.block_s=5"])
    # Eight short sessions; the simulated runner lands further forward as the program goes on.
    patterns = ["rearfoot", "rearfoot", "mixed", "mixed", "mixed", "midfoot", "forefoot",
                "forefoot"]
    for n, pattern in enumerate(patterns, 1):
        run([cli, "run", "--runner-id", "R-8", "--db", db, "--seconds", 100, "--pace", 0,
             "--no-api", "--no-audio", "--seed", n, "--pattern", pattern, "--format", "json"])
    pdf, plots = work / "progress.pdf", work / "progress-plots.json"
    out = run([cli, "report", "--runner", "R-8", "--db", db, "--out", pdf, "--plots", plots]).stdout
    check("8 sessions" in out, f"report said {out!r}")
    pages = ["Progress report: R-8", "Foot strike and loading",
             "Cadence, contact time and symmetry", "Gluteus medius",
             "Cues, latency and signal quality"]
    # A value (or whisker) per session and foot where every session has one.
    marks = {"Strike index": 16, "VALR": 16, "Cadence": 8, "Contact time": 16,
             "Gluteus medius": 16, "Left/right": 16, "Running time": 8}
    texts = check_report(pdf, plots, "Progress report: R-8", pages, marks,
                         pictures / "report-progress.png" if pictures else None)
    first = " ".join(texts[0].split())
    for n in range(1, 9):
        check(f"{n} ({n} of 8)" in first, f"page 1: no row for program session {n} of 8")
    check("target ≥ 80 %" in first, "page 1: no target line")


def case_analyze(cli, work, pictures):
    trial = work / "trial.csv"
    run([cli, "simulate", "--minutes", 3, "--out", trial, "--fatigue-onset-min", 1])
    pdf = work / "trial.pdf"
    run([cli, "analyze", trial, "--format", "json", "--report", pdf])
    pages, title = pdf_pages(pdf)
    check(pages == 5, f"{pdf}: {pages} pages")
    check(title == "Session report: trial.csv (analysed)", f"{pdf}: title {title!r}")
    rendered = render(pdf, work / "trial-page")
    check(ink(rendered[0], 0, 0, rendered[0][0], rendered[0][1]) > 500, f"{pdf}: page 1 has no data")
    bad = run([cli, "analyze", trial, "--report", work / "trial.txt"], expect=2)
    check("a report is .pdf, .svg or .html" in bad.stderr, f"analyze said {bad.stderr!r}")


def case_sound(cli, work, pictures):
    """Cues heard: a short session in real time with SDL's disk audio driver, whose sounds the
    daemon times; the report gives their latencies instead of 'not measured'."""
    db = work / "sessions.db"
    env = dict(os.environ, SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=str(work / "audio.raw"))
    run([cli, "run", "--db", db, "--seconds", 5, "--pace", 1, "--no-api", "--audio-driver",
         "disk", "--format", "json"], env=env)
    pdf = work / "sound.pdf"
    run([cli, "report", 1, "--db", db, "--out", pdf])
    pages, _ = pdf_pages(pdf)
    last = run(["pdftotext", "-f", pages, "-l", pages, "-layout", str(pdf), "-"]).stdout
    rows = [line.split() for line in last.splitlines()
            if line.strip().startswith("heel_strike") and len(line.split()) > 2]
    check(len(rows) == 1, f"{pdf}: no heel_strike row in the latency table: {last!r}")
    if rows:
        row = rows[0]
        check(int(row[1]) > 0, f"{pdf}: no heel-strike cue in 5 s of a rearfoot-mixed runner")
        check("not" not in row, f"{pdf}: the sound's latency is 'not measured': {row}")
        figures = [float(x) for x in row[2:] if x.replace(".", "", 1).isdigit()]
        check(len(figures) == 4 and all(v > 0 for v in figures),
              f"{pdf}: expected decision and sound p50/p99 in ms: {row}")
        check(len(figures) == 4 and figures[2] >= figures[0],
              f"{pdf}: the sound came before the decision: {row}")
    flat = " ".join(last.split())
    check("All cues, as the daemon measured them: p50" in flat,
          f"{pdf}: the daemon's own contact→audio figures are missing")


def case_errors(cli, work, pictures):
    db = work / "sessions.db"
    run([cli, "run", "--db", db, "--seconds", 5, "--pace", 0, "--no-api", "--no-audio",
         "--format", "json"])
    r = run([cli, "report", 7, "--db", db, "--out", work / "x.pdf"], expect=2)
    check("no session 7 in" in r.stderr, f"unknown session: {r.stderr!r}")
    r = run([cli, "report", "--runner", "nobody", "--db", db, "--out", work / "x.pdf"], expect=2)
    check("runner 'nobody' has no sessions" in r.stderr, f"unknown runner: {r.stderr!r}")
    r = run([cli, "report", 1, "--db", db, "--out", work / "x.docx"], expect=2)
    check("a report is .pdf, .svg or .html" in r.stderr, f"bad extension: {r.stderr!r}")
    r = run([cli, "report", 1, "--runner", "runner", "--db", db], expect=2)
    check("not both" in r.stderr, f"session and runner: {r.stderr!r}")
    r = run([cli, "report", 1, "--db", work / "missing.db"], expect=2)
    check("no session store at" in r.stderr, f"missing store: {r.stderr!r}")
    r = run([cli, "report", 1, "--db", db, "--out", work / "no-such-dir" / "x.pdf"], expect=1)
    check("x.pdf" in r.stderr, f"unwritable file: {r.stderr!r}")
    check(not (work / "x.pdf").exists(), "a refused report left a file")


def main(argv):
    if len(argv) not in (4, 6):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    cli, work, case = pathlib.Path(argv[1]), pathlib.Path(argv[2]) / argv[3], argv[3]
    pictures = pathlib.Path(argv[5]).resolve() if len(argv) == 6 else None
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    {"session": case_session, "progress": case_progress, "analyze": case_analyze,
     "sound": case_sound, "errors": case_errors}[case](cli.resolve(), work, pictures)
    if FAILURES:
        print(f"{len(FAILURES)} failure(s)", file=sys.stderr)
        return 1
    print(f"{case}: every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
