// The coach's console: signs in when the daemon asks for its token, then shows the daemon's
// state (GET /api/v1/status once a second), its live events (the WebSocket stream: traces,
// steps, cues, settings) and the controls of docs/console.md.
import { ApiError, call, login, streamUrl } from './api.js';
import { ReportsPanel } from './reports.js';
import { SettingsPanel } from './settings.js';
import { Trace } from './traces.js';

const STEPS_SHOWN = 15;
const STRIKES = ['rearfoot', 'midfoot', 'forefoot'];
const CUE_NAMES = {
  heel_strike: 'Heel strike',
  hips: 'Hips',
  loading_rate: 'Loading rate',
  cadence: 'Cadence',
  glute_onset: 'Late glutes',
};

const $ = (id) => document.getElementById(id);
const force = new Trace($('force-trace'), { unit: 'N', minTop: 100 });
const emg = new Trace($('emg-trace'), { unit: 'mV', scale: 1000, minTop: 0.05 });
const settings = new SettingsPanel($('settings'));
const reports = new ReportsPanel($('report-list'), $('progress-report'), $('reports-message'));

// Counted from the stream for the open session: reset when another session begins.
let sessionId;
let strikes = { rearfoot: 0, midfoot: 0, forefoot: 0 };
let cues = {};
const cueKinds = new Map();  // cue seq → kind, for the steps table
let running = false;  // the stream, the status poll and the drawing loop
let daemonRunner = '';  // the daemon's runner: the next session's unless the coach picks one

function clock(seconds) {
  if (seconds == null || !Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const mm = String(m).padStart(2, '0'), ss = String(r).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function fixed(v, digits) {
  return v == null || !Number.isFinite(v) ? '–' : v.toFixed(digits);
}

function showCounts() {
  const total = STRIKES.reduce((n, k) => n + strikes[k], 0);
  $('strike-count').textContent = total ? `${total} this session` : '';
  const share = $('strike-share');
  share.textContent = '';
  for (const k of STRIKES) {
    const part = total ? strikes[k] / total : 0;
    const row = document.createElement('div');
    row.className = `share-row ${k}`;
    row.dataset.strike = k;
    row.innerHTML = '<span class="share-name"></span><span class="share-bar"><span></span></span>' +
      '<span class="share-value"></span>';
    row.querySelector('.share-name').textContent = k;
    row.querySelector('.share-bar span').style.width = `${(part * 100).toFixed(1)}%`;
    row.querySelector('.share-value').textContent = total ? `${Math.round(part * 100)} %` : '–';
    share.append(row);
  }
  const list = $('cue-counts');
  list.textContent = '';
  for (const [kind, name] of Object.entries(CUE_NAMES)) {
    const li = document.createElement('li');
    li.dataset.kind = kind;
    li.innerHTML = '<span></span><strong></strong>';
    li.firstChild.textContent = name;
    li.lastChild.textContent = String(cues[kind] || 0);
    list.append(li);
  }
}

// A session began or ended (the status names another, or none): the one that ended is stored
// by now (the recorder writes a session's end before the daemon moves on), so the Reports panel
// lists it.
function resetSession(id) {
  if (sessionId !== id) reports.load();
  sessionId = id;
  strikes = { rearfoot: 0, midfoot: 0, forefoot: 0 };
  cues = {};
  showCounts();
}

function addStep(stride, latency) {
  if (stride.strike in strikes) strikes[stride.strike] += 1;
  const body = $('steps').tBodies[0];
  const tr = document.createElement('tr');
  const cueSeq = latency && latency.cue_seq;
  const cells = [
    stride.stride,
    clock(stride.contact_s),
    stride.side || '–',
    stride.strike || '–',
    fixed(stride.strike_index, 2),
    fixed(stride.peak_fz_bw, 2),
    fixed(stride.valr_bw_s, 0),
    fixed(stride.contact_time_ms, 0),
    fixed(stride.glute_ratio, 2),
    cueSeq != null ? CUE_NAMES[cueKinds.get(cueSeq)] || 'cue' : '',
  ];
  for (const c of cells) {
    const td = document.createElement('td');
    td.textContent = String(c);
    tr.append(td);
  }
  tr.className = stride.strike || '';
  body.prepend(tr);
  while (body.rows.length > STEPS_SHOWN) body.deleteRow(-1);
  showCounts();
}

function showStatus(status) {
  const session = status.session;
  if (session && session.id !== sessionId) resetSession(session.id);
  if (!session && sessionId !== undefined) resetSession(undefined);
  $('timer').textContent = session ? clock(session.elapsed_s) : '--:--';
  let program = 'no session';
  if (session) {
    program = `session ${session.number} · ${session.runner_id}`;
    const p = session.program;
    if (p && typeof p === 'object') {
      program = `program session ${p.session} of ${p.sessions} · ${p.phase}` +
        ` · ${clock(p.remaining_s)} left`;
      if (session.program_template) program += ` · ${session.program_template}`;
    }
  }
  $('program').textContent = program;
  daemonRunner = status.runner_id || '';
  reports.setRunner($('runner').value || daemonRunner);
  const rec = status.recording;
  const badge = $('recording');
  badge.textContent = !rec ? 'store off' : rec.state === 'recording' ? 'recording' :
    rec.state === 'idle' ? 'not recording' : `recording ${rec.state}: ${rec.reason || ''}`;
  badge.dataset.state = rec ? rec.state : 'off';
  if (status.signals) {
    force.setNames(status.signals.fz_n);
    emg.setNames(status.signals.emg_v);
  }
}

async function pollStatus() {
  try {
    showStatus(await call('GET', '/api/v1/status'));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) showLogin();
  }
  setTimeout(pollStatus, 1000);
}

function onEvent(event) {
  switch (event.type) {
    case 'hello': showStatus(event.status); break;
    case 'signals':
      // A batch (api.signal_batch_s) holds every sample; its top level repeats the newest.
      for (const sample of event.batch || [event]) {
        force.push(sample.session_s, sample.fz_n);
        emg.push(sample.session_s, sample.emg_v);
      }
      break;
    case 'cue':
      cueKinds.set(event.seq, event.kind);
      cues[event.kind] = (cues[event.kind] || 0) + 1;
      showCounts();
      break;
    case 'stride': addStep(event.stride, event.stride && event.stride.latency); break;
    default: settings.onEvent(event);
  }
}

function openStream() {
  const link = $('link');
  const ws = new WebSocket(streamUrl());
  ws.onopen = () => {
    link.textContent = 'live';
    link.dataset.state = 'live';
  };
  ws.onmessage = (m) => {
    try {
      onEvent(JSON.parse(m.data));
    } catch (e) {
      console.error('stream event', e);
    }
  };
  ws.onclose = () => {
    link.textContent = 'waiting for the daemon';
    link.dataset.state = 'lost';
    setTimeout(openStream, 1000);
  };
}

function draw() {
  force.draw();
  emg.draw();
  requestAnimationFrame(draw);
}

function action(button, method, path, body, done) {
  $(button).addEventListener('click', async () => {
    const message = $('action-message');
    message.className = 'message';
    message.textContent = '…';
    try {
      const reply = await call(method, path, body);
      message.textContent = done(reply || {});
    } catch (e) {
      message.className = 'message error';
      message.textContent = e.message;
    }
  });
}

// The runners the store knows, for the next session's start; kept when the list is reloaded.
async function loadRunners() {
  const pick = $('runner');
  try {
    const { runners } = await call('GET', '/api/v1/runners');
    const chosen = pick.value;
    pick.length = 1;
    for (const r of runners) {
      const name = r.name ? `${r.id} · ${r.name}` : r.id;
      pick.append(new Option(name, r.id, false, r.id === chosen));
    }
    pick.parentElement.hidden = false;
  } catch (e) {
    pick.parentElement.hidden = true;  // no store: the daemon keeps no runners
  }
}

function wireActions() {
  $('start').addEventListener('click', async () => {
    const message = $('action-message');
    message.className = 'message';
    message.textContent = '…';
    const runner = $('runner').value;
    try {
      const r = await call('POST', '/api/v1/session/start', runner ? { runner_id: runner } : undefined);
      message.textContent = `session ${r.number} of ${r.runner_id} started`;
      loadRunners();
      reports.load();
    } catch (e) {
      message.className = 'message error';
      message.textContent = e.message;
    }
  });
  action('stop', 'POST', '/api/v1/session/stop', undefined, (r) => {
    reports.load();
    return r.stopped == null ? 'no session was open' : 'session stopped';
  });
  $('runner').addEventListener('change', () => reports.setRunner($('runner').value || daemonRunner));
  action('baseline', 'POST', '/api/v1/baseline/reset', undefined,
         () => 'baselines restart from the next strides');
  action('tare', 'POST', '/api/v1/plates/tare', undefined, () => 'taring the plates…');
}

function showLogin() {
  if (!$('login').hidden) return;  // shown already: leave the coach's typing alone
  $('console').hidden = true;
  $('login').hidden = false;
  $('link').textContent = 'signed out';
  $('token').focus();
}

async function start() {
  try {
    showStatus(await call('GET', '/api/v1/status'));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return showLogin();
    $('link').textContent = `daemon unreachable: ${e.message}`;
    setTimeout(start, 1000);
    return;
  }
  $('login').hidden = true;
  $('console').hidden = false;
  showCounts();
  await settings.load();
  await loadRunners();
  await reports.load();
  // Signed in again (the daemon restarted): the stream and the poll are running already.
  if (!running) {
    running = true;
    openStream();
    setTimeout(pollStatus, 1000);
    requestAnimationFrame(draw);
  }
  document.body.dataset.ready = 'true';
}

$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('login-error').textContent = '';
  try {
    await login($('token').value);
    $('token').value = '';
    start();
  } catch (err) {
    $('login-error').textContent = err.message;
  }
});
wireActions();
start();
