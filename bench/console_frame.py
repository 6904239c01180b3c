#!/usr/bin/env python3
"""Frame time of the web console with live traces (docs/console.md): stridecued on the
simulator at real-time pace, Debian's headless Chromium showing the console at a size, and for
SECONDS the page's own frames (requestAnimationFrame intervals) and its main thread's busy time
(DevTools Performance.getMetrics: task, script, layout and style time) per second of display.

Usage: /usr/bin/python3 bench/console_frame.py STRIDECUED SCRATCH_DIR [SECONDS] [WxH]
Prints one Markdown table row. Wall-clock figures: a benchmark, not a test."""

import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "console"))
from check_console import Daemon  # noqa: E402
from devtools import Browser  # noqa: E402


def metrics(page):
    return {m["name"]: m["value"] for m in page.send("Performance.getMetrics")["metrics"]}


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binary, scratch = sys.argv[1:3]
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 30.0
    width, height = (int(v) for v in (sys.argv[4] if len(sys.argv) > 4 else "1024x768").split("x"))
    os.makedirs(scratch, exist_ok=True)
    daemon = Daemon(binary, scratch)
    browser = Browser(os.path.join(scratch, "chromium"))
    try:
        page = browser.new_page()
        page.size(width, height)
        page.send("Performance.enable")
        page.navigate(daemon.url)
        page.wait_for("document.body.dataset.ready === 'true'", "the console")
        page.wait_for("document.querySelectorAll('#steps tbody tr').length >= 4", "live steps")
        before = metrics(page)
        start = time.monotonic()
        intervals = page.evaluate(
            "new Promise(done => { const t = []; const end = performance.now() + "
            f"{seconds * 1000}; const tick = now => {{ t.push(now); if (now < end) "
            "requestAnimationFrame(tick); else done(t.slice(1).map((v, i) => v - t[i])); };"
            " requestAnimationFrame(tick); })")
        elapsed = time.monotonic() - start
        after = metrics(page)
        busy = {k: (after[k] - before[k]) / elapsed * 1000 for k in
                ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration")}
        intervals.sort()
        p99 = intervals[int(0.99 * (len(intervals) - 1))]
        print(f"| {width}×{height} | {len(intervals)} | {statistics.median(intervals):.2f} ms |"
              f" {p99:.2f} ms | {intervals[-1]:.2f} ms | {busy['TaskDuration']:.0f} ms/s |"
              f" {busy['ScriptDuration']:.0f} ms/s | {busy['LayoutDuration'] + busy['RecalcStyleDuration']:.0f} ms/s |")
        page.close()
    finally:
        browser.close()
        daemon.stop()


if __name__ == "__main__":
    main()
