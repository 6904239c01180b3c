#!/usr/bin/env python3
"""The stored sessions' reports through the control API and the web console's Reports panel
(docs/api.md "Reports", docs/console.md), against `stridecued` on the simulator that records a
short session for a runner.

Usage: check_reports.py STRIDECUED STRIDECUE SCRATCH_DIR CASE

CASE is one of:
  api      on loopback: GET /api/v1/sessions lists the session just recorded first, with its
           runner, start, duration and step count (and ?runner= filters); its report is a PDF
           (%PDF, inline, the same page count as `stridecue report` draws from the same store,
           its title in the text), an SVG and an HTML page, an attachment with ?download=1; the
           runner's progress report is a PDF with its title; an unknown session or runner is a
           404 naming it, a format that is not pdf, svg or html a 400 naming those.
  auth     off loopback with api.token: the session list and a report are refused without the
           token (401) and served with it.
  console  headless Chromium: the Reports panel lists the recorded session, refreshes when the
           next one ends, and its Open and Download links (and the runner's progress report)
           fetch PDFs, inline and as attachments; the phone layout still fits 390 px.
Exits 1 naming the first problem.
"""

import http.client
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_console import Daemon, Failure, TOKEN, check, outward_address  # noqa: E402
from devtools import Browser  # noqa: E402

RUNNER = "R-017"


def raw_get(daemon, path, auth=True):
    """(status, headers, body bytes) of a GET straight to the API."""
    conn = http.client.HTTPConnection(daemon.host, daemon.port, timeout=60)
    headers = {"Host": f"{daemon.host}:{daemon.port}"}
    if auth and daemon.token:
        headers["Authorization"] = f"Bearer {daemon.token}"
    conn.request("GET", path, headers=headers)
    reply = conn.getresponse()
    body = reply.read()
    conn.close()
    return reply.status, {k.lower(): v for k, v in reply.getheaders()}, body


def record_session(daemon, seconds=8):
    """Records a session of RUNNER's for `seconds`; its id."""
    status, _, body = daemon.request("POST", "/api/v1/runners", {"id": RUNNER, "name": "Maria K"})
    check(status in (201, 409), f"adding the runner: {status} {body}")
    status, _, started = daemon.request("POST", "/api/v1/session/start", {"runner_id": RUNNER})
    check(status in (200, 201), f"starting a session: {status} {started}")
    deadline = time.monotonic() + 60
    time.sleep(seconds)
    while True:
        _, _, st = daemon.request("GET", "/api/v1/status")
        if st.get("session") and st["session"].get("strides", 0) >= 8:
            break
        check(time.monotonic() < deadline, f"no steps in the session: {st.get('session')}")
        time.sleep(0.5)
    status, _, stopped = daemon.request("POST", "/api/v1/session/stop", {})
    check(status == 200, f"stopping the session: {status} {stopped}")
    return st["session"]["id"]


def stop_cleanly(daemon):
    """Stops the daemon; it must exit 0 with no sanitizer report (under the asan preset the
    reports drawn in its process are checked for leaks and errors at its exit)."""
    daemon.stop()
    log = open(daemon.log_path).read()
    check(daemon.proc.returncode == 0 and "Sanitizer" not in log and "runtime error" not in log,
          f"stridecued exited with {daemon.proc.returncode}: {log[-3000:]}")


def pdf_facts(scratch, name, data):
    """(pages, text) of a PDF, by poppler's pdfinfo and pdftotext."""
    path = os.path.join(scratch, name)
    with open(path, "wb") as f:
        f.write(data)
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True,
                          check=True).stdout
    return pages, text


def case_api(binary, cli, scratch):
    daemon = Daemon(binary, scratch)
    try:
        session = record_session(daemon)
        status, _, listing = daemon.request("GET", "/api/v1/sessions")
        check(status == 200, f"GET /api/v1/sessions: {status} {listing}")
        sessions = listing["sessions"]
        check(len(sessions) >= 2, f"the list holds {len(sessions)} sessions (the first at start-up, "
                                  f"then {session}): {sessions}")
        ids = [s["id"] for s in sessions]
        check(ids == sorted(ids, reverse=True), f"the list is not newest first: {ids}")
        first = sessions[0]
        check(first["id"] == session and first["runner"] == RUNNER and
              first["runner_name"] == "Maria K", f"the newest session: {first}")
        check(first["strides"] >= 8 and first["duration_s"] and first["duration_s"] > 5 and
              first["started_utc"].endswith("Z"), f"the session's facts: {first}")
        check(first["report"] == f"/api/v1/sessions/{session}/report", f"its report: {first}")
        status, _, theirs = daemon.request("GET", f"/api/v1/sessions?runner={RUNNER}")
        check(status == 200 and [s["id"] for s in theirs["sessions"]] == [session],
              f"?runner={RUNNER}: {status} {theirs}")

        status, headers, pdf = raw_get(daemon, f"/api/v1/sessions/{session}/report")
        check(status == 200, f"the session's report: {status} {pdf[:200]}")
        check(headers["content-type"] == "application/pdf", f"its type: {headers}")
        check(headers["content-disposition"] == f'inline; filename="session-{session}.pdf"',
              f"its disposition: {headers.get('content-disposition')}")
        check(pdf.startswith(b"%PDF-"), f"not a PDF: {pdf[:20]}")
        pages, text = pdf_facts(scratch, "api.pdf", pdf)
        # The CLI draws the same session from the same store: the same pages.
        out = os.path.join(scratch, "cli.pdf")
        cli_run = subprocess.run([cli, "report", str(session), "--db",
                                  os.path.join(scratch, "sessions.db"), "--out", out],
                                 capture_output=True, text=True)
        check(cli_run.returncode == 0, f"stridecue report: {cli_run.stderr}")
        cli_pages = int(re.search(r"\((\d+) pages", cli_run.stdout).group(1))
        check(pages == cli_pages and pages >= 2, f"the API's PDF has {pages} pages, the CLI's {cli_pages}")
        check(re.search(r"Session report: .*session \d+", text) and "Maria K" in text,
              f"the PDF's text lacks its title: {text[:300]!r}")

        status, headers, svg = raw_get(daemon, f"/api/v1/sessions/{session}/report?format=svg")
        check(status == 200 and headers["content-type"] == "image/svg+xml" and b"<svg" in svg[:500],
              f"the SVG: {status} {headers.get('content-type')} {svg[:80]}")
        status, headers, html = raw_get(daemon, f"/api/v1/sessions/{session}/report?format=html")
        check(status == 200 and headers["content-type"].startswith("text/html") and
              html.startswith(b"<!DOCTYPE html>") and b"data:image/png;base64," in html,
              f"the HTML: {status} {headers.get('content-type')} {html[:80]}")
        status, headers, _ = raw_get(daemon, f"/api/v1/sessions/{session}/report?download=1")
        check(status == 200 and headers["content-disposition"] ==
              f'attachment; filename="session-{session}.pdf"',
              f"?download=1: {status} {headers.get('content-disposition')}")

        status, headers, progress = raw_get(daemon, f"/api/v1/runners/{RUNNER}/report")
        check(status == 200 and progress.startswith(b"%PDF-"), f"the progress report: {status}")
        check(headers["content-disposition"] == f'inline; filename="progress-{RUNNER}.pdf"',
              f"its disposition: {headers.get('content-disposition')}")
        _, text = pdf_facts(scratch, "progress.pdf", progress)
        check(f"Progress report: {RUNNER}" in text, f"the progress PDF's text: {text[:300]!r}")

        status, _, body = daemon.request("GET", "/api/v1/sessions/9999/report")
        check(status == 404 and "no session 9999" in body["error"], f"session 9999: {status} {body}")
        status, _, body = daemon.request("GET", "/api/v1/runners/nobody/report")
        check(status == 404 and "'nobody' has no sessions" in body["error"],
              f"runner nobody: {status} {body}")
        status, _, body = daemon.request("GET", f"/api/v1/sessions/{session}/report?format=png")
        check(status == 400 and "pdf, svg or html" in body["error"] and body["field"] == "format",
              f"?format=png: {status} {body}")
        status, _, body = daemon.request("GET", f"/api/v1/runners/{RUNNER}/report?format=docx")
        check(status == 400 and "pdf, svg or html" in body["error"], f"?format=docx: {status} {body}")
        # The daemon goes on serving and recording after drawing reports in its own process.
        status, _, st = daemon.request("GET", "/api/v1/status")
        check(status == 200 and st["state"] == "running", f"the status after the reports: {st}")
        stop_cleanly(daemon)
    finally:
        daemon.stop()


def case_auth(binary, cli, scratch):
    del cli
    daemon = Daemon(binary, scratch, address=outward_address(), token=TOKEN)
    try:
        session = record_session(daemon, seconds=4)
        for path in ("/api/v1/sessions", f"/api/v1/sessions/{session}/report",
                     f"/api/v1/runners/{RUNNER}/report?format=svg"):
            status, headers, body = raw_get(daemon, path, auth=False)
            check(status == 401 and headers["content-type"] == "application/json",
                  f"{path} without the token: {status} {body[:200]}")
            status, _, body = raw_get(daemon, path)
            check(status == 200, f"{path} with the token: {status} {body[:200]}")
        stop_cleanly(daemon)
    finally:
        daemon.stop()


def panel_sessions(page):
    return page.evaluate("[...document.querySelectorAll('#report-list li')].map(li =>"
                         " Number(li.dataset.session))")


def fetch_link(page, selector):
    """[status, type, disposition, first bytes] of what the link points at, fetched by the page
    with its own credentials, as a click would."""
    return page.evaluate(
        f"(async () => {{ const a = document.querySelector({selector!r});"
        " const r = await fetch(a.href, {credentials: 'same-origin'});"
        " const b = new Uint8Array(await r.arrayBuffer());"
        " return [r.status, r.headers.get('content-type'), r.headers.get('content-disposition'),"
        " String.fromCharCode(...b.slice(0, 5)), a.target, a.hasAttribute('download')]; })()")


def case_console(binary, cli, scratch):
    del cli
    daemon = Daemon(binary, scratch)
    browser = Browser(os.path.join(scratch, "chromium"))
    try:
        session = record_session(daemon, seconds=5)
        page = browser.new_page()
        page.size(1024, 768)
        page.navigate(daemon.url)
        page.wait_for("document.body.dataset.ready === 'true'", "the console to load")
        page.wait_for(f"!!document.querySelector('#report-list li[data-session=\"{session}\"]')",
                      f"session {session} in the Reports panel")
        shown = page.evaluate(f"document.querySelector('#report-list li[data-session=\"{session}\"]')"
                              ".textContent")
        check(RUNNER in shown and "Maria K" in shown and "steps" in shown,
              f"the panel's line for session {session}: {shown!r}")
        item = f'#report-list li[data-session="{session}"]'
        opened = fetch_link(page, f"{item} a.open")
        check(opened[:4] == [200, "application/pdf", f'inline; filename="session-{session}.pdf"',
                             "%PDF-"] and opened[4] == "_blank",
              f"the Open link: {opened}")
        downloaded = fetch_link(page, f"{item} a.download")
        check(downloaded[:4] == [200, "application/pdf",
                                 f'attachment; filename="session-{session}.pdf"', "%PDF-"] and
              downloaded[5], f"the Download link: {downloaded}")

        # The runner picked for the next session: their progress report.
        page.evaluate(f"(() => {{ const s = document.getElementById('runner'); s.value = '{RUNNER}';"
                      " s.dispatchEvent(new Event('change')); return true; })()")
        page.wait_for("!document.getElementById('progress-report').hidden", "the progress links")
        progress = fetch_link(page, "#progress-report a.open")
        check(progress[:4] == [200, "application/pdf", f'inline; filename="progress-{RUNNER}.pdf"',
                               "%PDF-"], f"the progress report's Open link: {progress}")

        # The next session's end shows without a reload.
        status, _, started = daemon.request("POST", "/api/v1/session/start", {"runner_id": RUNNER})
        check(status in (200, 201), f"the next session: {status} {started}")
        time.sleep(3)
        status, _, _ = daemon.request("POST", "/api/v1/session/stop", {})
        check(status == 200, "stopping the next session")
        page.wait_for(f"Number(document.querySelector('#report-list li').dataset.session) === "
                      f"{started['session']}",
                      "the ended session on top of the panel", timeout=20)
        listed = panel_sessions(page)
        check(listed == sorted(listed, reverse=True) and session in listed,
              f"the panel's sessions: {listed}")

        page.size(390, 844)
        page.navigate(daemon.url)
        page.wait_for("document.body.dataset.ready === 'true'", "the console on a phone")
        page.wait_for("document.querySelectorAll('#report-list li').length >= 2", "the panel")
        width = page.evaluate("document.documentElement.scrollWidth")
        check(width <= 390, f"the phone layout is {width} px wide with the Reports panel")
        small = page.evaluate("[...document.querySelectorAll('#reports a')]"
                              ".filter(a => a.offsetParent && a.getBoundingClientRect().height < 44)"
                              ".length")
        check(small == 0, f"{small} report links are under 44 px high")
        page.close()
        stop_cleanly(daemon)
    finally:
        browser.close()
        daemon.stop()


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    binary, cli, scratch, case = sys.argv[1:5]
    scratch = os.path.join(scratch, case)
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    cases = {"api": case_api, "auth": case_auth, "console": case_console}
    if case not in cases:
        sys.exit(f"unknown case {case}")
    try:
        cases[case](binary, cli, scratch)
    except (Failure, Exception) as e:  # a DevTools timeout is a failure too, named
        print(f"check_reports {case}: {type(e).__name__}: {e}", file=sys.stderr)
        log = os.path.join(scratch, "stridecued.log")
        if os.path.exists(log):
            print("--- stridecued log (last lines)\n" + "".join(open(log).readlines()[-20:]),
                  file=sys.stderr)
        sys.exit(1)
    print(f"check_reports {case}: ok")


if __name__ == "__main__":
    main()
