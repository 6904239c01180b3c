// Every live setting as a control: its human name, value, unit, range and help, all from the
// daemon's schema (GET /api/v1/settings/schema). A change is sent at once; the control shows
// "applied" only when the daemon confirms it (the PATCH reply, or the settings_applied event
// of its version), and a refused value goes back to the value in force with the daemon's own
// message beside it.
import { call } from './api.js';

const GROUP_NAMES = {
  runner: 'Runner',
  treadmill: 'Treadmill',
  contact: 'Foot contact',
  strike: 'Foot strike',
  glute: 'Gluteus medius',
  cue: 'Cues',
  program: 'Program',
  audio: 'Sound',
};
const OPEN_GROUPS = new Set(['cue', 'contact', 'runner']);

function valueAt(values, key) {
  let v = values;
  for (const part of key.split('.')) {
    if (v == null || typeof v !== 'object' || !(part in v)) return undefined;
    v = v[part];
  }
  return v;
}

export function rangeText(s) {
  if (s.type !== 'number' && s.type !== 'integer') return '';
  const lo = s.min_exclusive ? '(' : '';
  const hi = s.max_exclusive ? ')' : '';
  const unit = s.unit ? ` ${s.unit}` : '';
  return `${lo}${s.min} – ${s.max}${hi}${unit}`;
}

class SettingRow {
  constructor(s, value, onPending) {
    this.s = s;
    this.value = value;  // what the daemon has in force
    this.onPending = onPending;
    this.el = document.createElement('div');
    this.el.className = 'setting';
    this.el.dataset.key = s.key;
    const id = `setting-${s.key.replace(/\./g, '-')}`;
    const head = document.createElement('div');
    head.className = 'setting-head';
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = s.label || s.key;
    label.className = 'setting-label';
    const range = document.createElement('span');
    range.className = 'setting-range';
    range.textContent = rangeText(s);
    head.append(label, range);
    this.input = this.makeInput(id);
    const unit = document.createElement('span');
    unit.className = 'setting-unit';
    unit.textContent = s.type === 'number' || s.type === 'integer' ? s.unit : '';
    const control = document.createElement('div');
    control.className = 'setting-control';
    control.append(this.input, unit);
    this.state = document.createElement('span');
    this.state.className = 'setting-state';
    this.state.setAttribute('role', 'status');
    control.append(this.state);
    const help = document.createElement('p');
    help.className = 'setting-help';
    help.textContent = s.doc;
    const key = document.createElement('code');
    key.textContent = s.key;
    help.append(' ', key);
    this.error = document.createElement('p');
    this.error.className = 'setting-error error';
    this.error.setAttribute('role', 'alert');
    this.el.append(head, control, this.error, help);
    this.show(value);
  }

  makeInput(id) {
    const s = this.s;
    let input;
    if (s.type === 'boolean') {
      input = document.createElement('input');
      input.type = 'checkbox';
    } else if (s.type === 'choice') {
      input = document.createElement('select');
      for (const c of s.choices) input.append(new Option(c, c));
    } else if (s.type === 'choice list') {
      input = document.createElement('fieldset');
      input.className = 'choice-list';
      for (const c of s.choices) {
        const l = document.createElement('label');
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.value = c;
        l.append(box, ` ${c}`);
        input.append(l);
      }
    } else {
      input = document.createElement('input');
      if (s.type === 'number' || s.type === 'integer') {
        input.type = 'number';
        input.inputMode = s.type === 'integer' ? 'numeric' : 'decimal';
        input.step = 'any';
        if (s.nullable) input.placeholder = 'unset';
      } else {
        input.type = 'text';
      }
    }
    input.id = id;
    input.addEventListener('change', () => this.send());
    return input;
  }

  read() {
    const s = this.s, input = this.input;
    if (s.type === 'boolean') return input.checked;
    if (s.type === 'choice') return input.value;
    if (s.type === 'choice list')
      return [...input.querySelectorAll('input')].filter((b) => b.checked).map((b) => b.value);
    if (s.type === 'number' || s.type === 'integer') {
      if (input.value.trim() === '') return s.nullable ? null : input.value;
      const n = Number(input.value);
      return Number.isFinite(n) ? n : input.value;  // the daemon says what is wrong with it
    }
    return input.value;
  }

  show(value) {
    this.value = value;
    const s = this.s, input = this.input;
    if (s.type === 'boolean') input.checked = !!value;
    else if (s.type === 'choice list')
      input.querySelectorAll('input').forEach((b) => (b.checked = (value || []).includes(b.value)));
    else input.value = value == null ? '' : String(value);
  }

  mark(state, text) {
    this.el.dataset.state = state;
    this.state.textContent = text;
  }

  async send() {
    const value = this.read();
    this.error.textContent = '';
    this.mark('pending', 'sending…');
    try {
      const reply = await call('PATCH', '/api/v1/settings', { [this.s.key]: value });
      const change = (reply.changes || []).find((c) => c.key === this.s.key);
      if (change) this.show(change.new);
      if (reply.applied) this.mark('applied', 'applied');
      else this.onPending(reply.version, this);
    } catch (e) {
      this.show(this.value);
      this.mark('refused', 'refused');
      this.error.textContent = e.message;
    }
  }
}

export class SettingsPanel {
  constructor(container) {
    this.container = container;
    this.rows = new Map();
    this.waiting = [];  // [version, row]: accepted, not yet taken by the engine
  }

  async load() {
    const [schema, values] = await Promise.all([
      call('GET', '/api/v1/settings/schema'),
      call('GET', '/api/v1/settings'),
    ]);
    this.container.textContent = '';
    const groups = new Map();
    for (const s of schema) {
      if (!s.live) continue;
      const group = s.key.split('.')[0];
      if (!groups.has(group)) {
        const details = document.createElement('details');
        details.className = 'group';
        details.dataset.group = group;
        details.open = OPEN_GROUPS.has(group);
        const summary = document.createElement('summary');
        summary.textContent = GROUP_NAMES[group] || group;
        details.append(summary);
        this.container.append(details);
        groups.set(group, details);
      }
      const row = new SettingRow(s, valueAt(values, s.key), (version, r) => {
        r.mark('pending', 'accepted, waiting for the engine');
        this.waiting.push([version, r]);
      });
      this.rows.set(s.key, row);
      groups.get(group).append(row.el);
    }
  }

  // Stream events: another client's change, and the engine taking a version.
  onEvent(event) {
    if (event.type === 'settings') {
      for (const c of event.changes || []) {
        const row = this.rows.get(c.key);
        if (row && row.el.dataset.state !== 'pending') row.show(c.new);
      }
    } else if (event.type === 'settings_applied') {
      this.waiting = this.waiting.filter(([version, row]) => {
        if (version > event.version) return true;
        row.mark('applied', 'applied');
        return false;
      });
    }
  }
}
