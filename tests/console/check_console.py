#!/usr/bin/env python3
"""The web console (docs/console.md) in real headless Chromium, driven over its DevTools
protocol, against `stridecued` on the simulator.

Usage: check_console.py STRIDECUED SCRATCH_DIR CASE [SCREENSHOT_DIR]

CASE is one of:
  live   on loopback without a token: the page loads, live steps arrive, every live setting
         shows its human name, unit and range from the schema, a setting typed on the page is
         applied (read back through the API), a refused value shows the daemon's own message
         and leaves the setting as it was, a session starts for the runner picked on the page
         and stops, and the phone layout fits
         390 px. Screenshots at 1024x768 and 390x844 go to SCRATCH_DIR (and SCREENSHOT_DIR).
  login  off loopback with api.token: the API refuses a request without it, the login page
         refuses a wrong token and takes the right one, the session cookie is HttpOnly and
         SameSite=Strict, a change without the CSRF token is refused, one from the page is
         applied, and the cookie from another site's page is refused.
Exits 1 naming the first problem.
"""

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from devtools import Browser  # noqa: E402

TOKEN = "console-test-token-5d1f0c"


class Failure(Exception):
    pass


def check(condition, what):
    if not condition:
        raise Failure(what)


class Daemon:
    def __init__(self, binary, scratch, address="127.0.0.1", token=""):
        config = os.path.join(scratch, "stridecue.toml")
        with open(config, "w") as f:
            f.write('[source]\nkind = "simulator"\npace = 1.0\n\n')
            f.write(f'[api]\naddress = "{address}"\nport = 0\ntoken = "{token}"\n\n')
            f.write(f'[store]\npath = "{os.path.join(scratch, "sessions.db")}"\n\n')
            f.write("[audio]\nenabled = false\n")
        self.log_path = os.path.join(scratch, "stridecued.log")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen([binary, "--config", config], stdout=self.log,
                                     stderr=subprocess.STDOUT)
        self.host, self.port = self._wait_for_api()
        self.token = token

    def _wait_for_api(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with open(self.log_path) as f:
                m = re.search(r"control API on http://([^/]+):(\d+)/", f.read())
            if m:
                return m.group(1), int(m.group(2))
            check(self.proc.poll() is None, "stridecued ended: " + open(self.log_path).read())
            time.sleep(0.05)
        raise Failure("stridecued did not start its API: " + open(self.log_path).read())

    @property
    def url(self):
        return f"http://{self.host}:{self.port}/"

    def request(self, method, path, body=None, headers=None, auth=True):
        """(status, headers, parsed JSON or text) of one request straight to the API."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        all_headers = {"Host": f"{self.host}:{self.port}"}
        if auth and self.token:
            all_headers["Authorization"] = f"Bearer {self.token}"
        if body is not None:
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        conn.request(method, path, body=None if body is None else json.dumps(body),
                     headers=all_headers)
        reply = conn.getresponse()
        text = reply.read().decode()
        conn.close()
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = text
        return reply.status, dict(reply.getheaders()), parsed

    def setting(self, key):
        status, _, values = self.request("GET", "/api/v1/settings")
        check(status == 200, f"GET /api/v1/settings: {status} {values}")
        for part in key.split("."):
            values = values[part]
        return values

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def row(key):
    return f'.setting[data-key="{key}"]'


def change_setting(page, key, text):
    """Types `text` into the setting's field; the row's state once the daemon answered."""
    page.evaluate(f"document.querySelector('{row(key)}').closest('details').open = true")
    page.type_into(f"{row(key)} input", text)
    return page.wait_for(
        f"(() => {{ const s = document.querySelector('{row(key)}').dataset.state;"
        " return s === 'applied' || s === 'refused' ? s : ''; })()", f"the answer for {key}")


def wait_for_steps(page, count):
    return page.wait_for(f"document.querySelectorAll('#steps tbody tr').length >= {count}",
                         f"{count} steps in the table", timeout=45)


def ink(page, canvas):
    """How many pixels of the canvas a trace line drew (any strongly coloured pixel)."""
    return page.evaluate(
        f"(() => {{ const c = document.getElementById('{canvas}');"
        " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        " let n = 0; for (let i = 0; i < d.length; i += 4) {"
        "  const mx = Math.max(d[i], d[i+1], d[i+2]), mn = Math.min(d[i], d[i+1], d[i+2]);"
        "  if (d[i+3] > 200 && mx - mn > 80) ++n; } return n; })()")


def check_settings_match_schema(page, daemon):
    status, _, schema = daemon.request("GET", "/api/v1/settings/schema")
    check(status == 200, f"schema: {status}")
    live = [s for s in schema if s["live"]]
    check(len(live) > 20, f"only {len(live)} live settings in the schema")
    shown = page.evaluate(
        "[...document.querySelectorAll('.setting')].map(e => [e.dataset.key,"
        " e.querySelector('.setting-label').textContent,"
        " e.querySelector('.setting-range').textContent,"
        " e.querySelector('.setting-help').textContent])")
    by_key = {k: (label, rng, help_text) for k, label, rng, help_text in shown}
    check(set(by_key) == {s["key"] for s in live},
          f"the page's settings are not the schema's live ones: {sorted(set(by_key) ^ {s['key'] for s in live})}")
    for s in live:
        label, rng, help_text = by_key[s["key"]]
        check(s["label"] and label == s["label"], f"{s['key']}: label {label!r}, schema {s['label']!r}")
        check(s["doc"] in help_text, f"{s['key']}: help {help_text!r} lacks {s['doc']!r}")
        if s["type"] in ("number", "integer"):
            check(str(s["max"]).rstrip("0").rstrip(".") in rng.replace(",", ""),
                  f"{s['key']}: range {rng!r} lacks the maximum {s['max']}")
            if s["unit"]:
                check(rng.endswith(s["unit"]), f"{s['key']}: range {rng!r} lacks its unit {s['unit']}")


def case_live(binary, scratch, shots):
    daemon = Daemon(binary, scratch)
    browser = Browser(os.path.join(scratch, "chromium"))
    try:
        page = browser.new_page()
        page.size(1024, 768)
        status, headers, _ = daemon.request("GET", "/")
        check(status == 200 and headers.get("Content-Type", "").startswith("text/html"),
              f"GET / answered {status} {headers.get('Content-Type')}")
        status, _, index = daemon.request("GET", "/api/v1/")
        check(status == 200 and {"method": "GET", "path": "/api/v1/status"} in index["routes"],
              f"GET /api/v1/ answered {status} {index}")

        status, _, body = daemon.request("POST", "/api/v1/runners",
                                         {"id": "R-017", "name": "Maria K"})
        check(status == 201, f"adding a runner: {status} {body}")
        page.navigate(daemon.url)
        page.wait_for("document.body.dataset.ready === 'true'", "the console to load")
        page.wait_for("document.getElementById('link').textContent === 'live'", "the stream")
        runners = page.evaluate("[...document.getElementById('runner').options].map(o => o.text)")
        check("R-017 · Maria K" in runners, f"the runner list: {runners}")
        wait_for_steps(page, 8)
        cells = page.evaluate("[...document.querySelector('#steps tbody tr').cells].map(c => c.textContent)")
        check(cells[2] in ("left", "right") and cells[3] in ("rearfoot", "midfoot", "forefoot"),
              f"the latest step reads {cells}")
        shares = page.evaluate("[...document.querySelectorAll('.share-value')].map(e => e.textContent)")
        check(any(s.endswith("%") for s in shares), f"no strike share shown: {shares}")
        check(ink(page, "force-trace") > 200, "the force trace drew no line")
        check(page.evaluate("document.getElementById('timer').textContent") != "",
              "no session timer")

        page.screenshot(os.path.join(scratch, "console-1024x768.png"))
        check_settings_match_schema(page, daemon)

        before = daemon.setting("cue.refractory_s")
        wanted = 2.5 if before != 2.5 else 3.0
        state = change_setting(page, "cue.refractory_s", str(wanted))
        check(state == "applied", f"cue.refractory_s = {wanted} on the page: {state}")
        check(daemon.setting("cue.refractory_s") == wanted,
              f"the API reads cue.refractory_s = {daemon.setting('cue.refractory_s')}, the page set {wanted}")

        threshold = daemon.setting("contact.contact_threshold_n")
        state = change_setting(page, "contact.contact_threshold_n", "5000")
        check(state == "refused", f"contact.contact_threshold_n = 5000 on the page: {state}")
        shown = page.evaluate(f"document.querySelector('{row('contact.contact_threshold_n')} .setting-error').textContent")
        status, _, refusal = daemon.request("PATCH", "/api/v1/settings",
                                            {"contact.contact_threshold_n": 5000})
        check(status == 422, f"the daemon took contact.contact_threshold_n = 5000 ({status})")
        check(shown == refusal["error"], f"the page says {shown!r}, the daemon {refusal['error']!r}")
        check(daemon.setting("contact.contact_threshold_n") == threshold, "the refused value stuck")
        field = page.evaluate(f"document.querySelector('{row('contact.contact_threshold_n')} input').value")
        check(float(field) == threshold, f"the refused field shows {field}, not {threshold} in force")

        page.evaluate("(() => { const s = document.getElementById('runner'); s.value = 'R-017';"
                      " s.dispatchEvent(new Event('change')); return true; })()")
        page.click("#start")
        page.wait_for("/started/.test(document.getElementById('action-message').textContent)",
                      "the session start")
        status, _, st = daemon.request("GET", "/api/v1/status")
        check(st.get("session") is not None and st["session"]["runner_id"] == "R-017",
              f"the session after Start for R-017: {st.get('session')}")
        page.wait_for("document.getElementById('recording').textContent === 'recording'",
                      "the recording badge")
        page.wait_for(f"document.getElementById('program').textContent.startsWith("
                      f"'session {st['session']['number']} · R-017')", "the new session on the page")

        page.size(390, 844)
        page.navigate(daemon.url)
        page.wait_for("document.body.dataset.ready === 'true'", "the console on a phone")
        wait_for_steps(page, 2)
        width = page.evaluate("document.documentElement.scrollWidth")
        check(width <= 390, f"the phone layout is {width} px wide")
        small = page.evaluate("[...document.querySelectorAll('.actions button')]"
                              ".filter(b => b.getBoundingClientRect().height < 44).length")
        check(small == 0, f"{small} action buttons are under 44 px high")
        page.screenshot(os.path.join(scratch, "console-390x844.png"))

        page.click("#stop")
        page.wait_for("/stopped/.test(document.getElementById('action-message').textContent)",
                      "the session stop")
        page.wait_for("document.getElementById('recording').textContent === 'not recording'",
                      "the not-recording badge")
        if shots:
            for name in ("console-1024x768.png", "console-390x844.png"):
                shutil.copy(os.path.join(scratch, name), os.path.join(shots, name))
        page.close()
    finally:
        browser.close()
        daemon.stop()


def outward_address():
    """This machine's address on its network (not loopback): where a tablet would reach it."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("192.0.2.1", 9))  # no packet is sent: only the route is looked up
        address = s.getsockname()[0]
    check(not address.startswith("127."), f"no address off loopback here ({address})")
    return address


def case_login(binary, scratch):
    daemon = Daemon(binary, scratch, address=outward_address(), token=TOKEN)
    browser = Browser(os.path.join(scratch, "chromium"))
    try:
        status, _, body = daemon.request("GET", "/api/v1/status", auth=False)
        check(status == 401, f"a request without the token: {status} {body}")
        status, _, body = daemon.request("PATCH", "/api/v1/settings", {"cue.refractory_s": 2},
                                         auth=False)
        check(status == 401, f"a change without the token: {status} {body}")
        status, _, _ = daemon.request("GET", "/", auth=False)
        check(status == 200, f"the login page itself: {status}")

        page = browser.new_page()
        page.size(1024, 768)
        page.navigate(daemon.url)
        page.wait_for("!document.getElementById('login').hidden", "the login page")
        check(page.evaluate("document.getElementById('console').hidden"), "the console shows unsigned")
        page.type_into("#token", "not-the-token")
        page.click("#login-form button")
        page.wait_for("document.getElementById('login-error').textContent", "the refusal")
        check(page.evaluate("document.getElementById('login-error').textContent") == "wrong token",
              "a wrong token is not refused as one")

        page.type_into("#token", TOKEN)
        page.click("#login-form button")
        page.wait_for("document.body.dataset.ready === 'true'", "the console after login")
        wait_for_steps(page, 2)
        check("stridecue_session" not in page.evaluate("document.cookie"),
              "the session cookie is readable by the page's script")
        cookies = [c for c in page.send("Network.getCookies")["cookies"]
                   if c["name"] == "stridecue_session"]
        check(len(cookies) == 1 and cookies[0]["httpOnly"] and cookies[0]["sameSite"] == "Strict",
              f"the session cookie: {cookies}")

        forged = page.evaluate(
            "fetch('/api/v1/settings', {method: 'PATCH', headers: {'Content-Type': "
            "'application/json'}, body: JSON.stringify({'cue.refractory_s': 4})})"
            ".then(async r => [r.status, (await r.json()).error])")
        check(forged[0] == 403 and "X-CSRF-Token" in forged[1], f"a change without CSRF: {forged}")
        check(daemon.setting("cue.refractory_s") != 4, "the change without CSRF was applied")

        state = change_setting(page, "cue.refractory_s", "3.5")
        check(state == "applied", f"cue.refractory_s on the signed-in page: {state}")
        check(daemon.setting("cue.refractory_s") == 3.5, "the signed-in change did not apply")

        cookie = f"stridecue_session={cookies[0]['value']}"
        status, _, body = daemon.request("GET", "/api/v1/status", auth=False,
                                         headers={"Cookie": cookie,
                                                  "Origin": "http://attacker.example"})
        check(status == 403, f"the cookie from another site's page: {status} {body}")
        status, _, body = daemon.request("GET", "/api/v1/status", auth=False,
                                         headers={"Cookie": "stridecue_session=" + "0" * 64})
        check(status == 401, f"a made-up session cookie: {status} {body}")
        page.close()
    finally:
        browser.close()
        daemon.stop()


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    binary, scratch, case = sys.argv[1:4]
    shots = sys.argv[4] if len(sys.argv) == 5 else None
    scratch = os.path.join(scratch, case)
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    try:
        if case == "live":
            case_live(binary, scratch, shots)
        elif case == "login":
            case_login(binary, scratch)
        else:
            sys.exit(f"unknown case {case}")
    except Exception as e:  # a DevTools timeout is a failure too, named
        print(f"check_console {case}: {type(e).__name__}: {e}", file=sys.stderr)
        log = os.path.join(scratch, "stridecued.log")
        if os.path.exists(log):
            print("--- stridecued log (last lines)\n" + "".join(open(log).readlines()[-20:]),
                  file=sys.stderr)
        sys.exit(1)
    print(f"check_console {case}: ok")


if __name__ == "__main__":
    main()
