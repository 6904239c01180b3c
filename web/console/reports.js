// The Reports panel (docs/console.md): the stored sessions, newest first, each with links to its
// report (GET /api/v1/sessions/ID/report, docs/api.md "Reports") — Open in a new tab, Download
// as a file — and the progress report of the runner picked for the next session. The links are
// plain same-origin links: the browser sends the console's login cookie with them, and the
// daemon draws the PDF when asked.
import { call } from './api.js';

const SHOWN = 20;  // the latest sessions; older ones are a `stridecue sessions` away

function duration(seconds) {
  if (seconds == null) return 'recording';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const mm = String(m).padStart(2, '0'), ss = String(r).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${m}:${ss}`;
}

// "2026-12-03T10:12:04.250Z" as the coach's local date and time, to the minute.
function when(utc) {
  const d = new Date(utc);
  if (Number.isNaN(d.getTime())) return utc;
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function links(container, href, filename) {
  const open = document.createElement('a');
  open.className = 'open';
  open.href = href;
  open.target = '_blank';
  open.rel = 'noopener';
  open.textContent = 'Open';
  const download = document.createElement('a');
  download.className = 'download';
  download.href = `${href}?download=1`;
  download.download = filename;
  download.textContent = 'Download';
  container.append(open, download);
}

export class ReportsPanel {
  constructor(list, progress, message) {
    this.list = list;
    this.progress = progress;
    this.message = message;
    this.sessions = [];
    this.runner = '';
    this.loading = null;
  }

  // Reloads the list (at the start, and whenever a session ends); one load at a time, the
  // last asked for wins.
  async load() {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      try {
        const { sessions } = await call('GET', '/api/v1/sessions');
        this.sessions = sessions;
        this.message.textContent = sessions.length ? '' : 'no sessions stored yet';
        this.message.className = 'message';
        this.show();
      } catch (e) {
        this.message.className = 'message error';
        this.message.textContent = e.message;  // no store: the daemon says so
      }
    })();
    await this.loading;
    this.loading = null;
    if (this.again) {
      this.again = false;
      await this.load();
    }
  }

  // The runner whose progress report is offered (the one picked for the next session).
  setRunner(id) {
    if ((id || '') === this.runner) return;  // asked once a second, with the status
    this.runner = id || '';
    this.showProgress();
  }

  show() {
    this.list.textContent = '';
    for (const s of this.sessions.slice(0, SHOWN)) {
      const li = document.createElement('li');
      li.dataset.session = String(s.id);
      const what = document.createElement('span');
      what.className = 'report-what';
      const who = s.runner_name ? `${s.runner} · ${s.runner_name}` : s.runner;
      what.textContent = `#${s.id} · ${who} · ${when(s.started_utc)} · ` +
        `${duration(s.duration_s)} · ${s.strides} steps`;
      li.append(what);
      links(li, s.report, `session-${s.id}.pdf`);
      this.list.append(li);
    }
    this.showProgress();
  }

  showProgress() {
    const p = this.progress;
    const count = this.sessions.filter((s) => s.runner === this.runner).length;
    p.hidden = !this.runner || count === 0;
    if (p.hidden) return;
    p.textContent = '';
    const what = document.createElement('span');
    what.className = 'report-what';
    what.textContent = `Progress of ${this.runner} · ${count} session${count === 1 ? '' : 's'}`;
    p.append(what);
    const safe = this.runner.replace(/[^A-Za-z0-9._-]/g, '_');
    links(p, `/api/v1/runners/${encodeURIComponent(this.runner)}/report`, `progress-${safe}.pdf`);
  }
}
