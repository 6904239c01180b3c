// Live traces on a canvas: the last `seconds` of the stream's `signals` events, one line per
// channel, with a labelled value axis and a time axis, redrawn once per animation frame.
const COLOURS = ['#2f7ed8', '#e4572e', '#17a398', '#9b5de5'];

// 0, 1, 2, 5, 10, 20, 50 … : a step giving about `count` gridlines up to `top`.
function niceStep(top, count) {
  const raw = top / count;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

export class Trace {
  constructor(canvas, { unit, scale = 1, seconds = 10, minTop = 1 }) {
    this.canvas = canvas;
    this.unit = unit;
    this.scale = scale;  // multiplies each value: volts shown as millivolts
    this.seconds = seconds;
    this.minTop = minTop;
    this.names = [];
    this.points = [];  // [session_s, [values]]
    this.dirty = true;
  }

  setNames(names) {
    this.names = names || [];
    this.dirty = true;
  }

  push(t, values) {
    if (!Array.isArray(values)) return;
    this.points.push([t, values.map((v) => (v == null ? null : v * this.scale))]);
    const from = t - this.seconds;
    while (this.points.length && this.points[0][0] < from) this.points.shift();
    if (this.points.length && this.points[this.points.length - 1][0] < from) this.points = [];
    this.dirty = true;
  }

  draw() {
    if (!this.dirty) return;
    this.dirty = false;
    const c = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    const cssWidth = c.clientWidth, cssHeight = c.clientHeight;
    if (c.width !== Math.round(cssWidth * ratio)) c.width = Math.round(cssWidth * ratio);
    if (c.height !== Math.round(cssHeight * ratio)) c.height = Math.round(cssHeight * ratio);
    const g = c.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, cssWidth, cssHeight);
    const left = 52, right = 8, top = 8, bottom = 20;
    const w = cssWidth - left - right, h = cssHeight - top - bottom;
    if (w <= 0 || h <= 0) return;

    let max = this.minTop;
    for (const [, values] of this.points)
      for (const v of values) if (v != null && v > max) max = v;
    const step = niceStep(max, 4);
    const yTop = Math.ceil(max / step) * step;
    const y = (v) => top + h - (Math.max(0, v) / yTop) * h;

    g.font = '12px system-ui, sans-serif';
    g.fillStyle = '#555';
    g.strokeStyle = '#ddd';
    g.lineWidth = 1;
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (let v = 0; v <= yTop + step / 2; v += step) {
      const yy = Math.round(y(v)) + 0.5;
      g.beginPath();
      g.moveTo(left, yy);
      g.lineTo(left + w, yy);
      g.stroke();
      g.fillText(`${+v.toPrecision(3)}`, left - 6, yy);
    }
    // The unit beside the top value: the card's heading names it too.
    g.textAlign = 'left';
    g.fillText(this.unit, 2, top + 2);

    const last = this.points.length ? this.points[this.points.length - 1][0] : 0;
    const x = (t) => left + w - ((last - t) / this.seconds) * w;
    g.textAlign = 'center';
    g.textBaseline = 'top';
    for (let s = 0; s <= this.seconds; s += 2) {
      const xx = Math.round(left + w - (s / this.seconds) * w) + 0.5;
      g.fillText(s === 0 ? 'now' : `−${s} s`, Math.min(xx, left + w - 12), top + h + 4);
    }

    const channels = this.points.length ? this.points[this.points.length - 1][1].length : 0;
    g.lineWidth = 1.5;
    for (let ch = 0; ch < channels; ++ch) {
      g.strokeStyle = COLOURS[ch % COLOURS.length];
      g.beginPath();
      let pen = false;
      for (const [t, values] of this.points) {
        const v = values[ch];
        if (v == null) {
          pen = false;
          continue;
        }
        if (pen) g.lineTo(x(t), y(v));
        else g.moveTo(x(t), y(v));
        pen = true;
      }
      g.stroke();
    }
    g.textAlign = 'left';
    g.textBaseline = 'top';
    let lx = left + 6;
    this.names.forEach((name, ch) => {
      g.fillStyle = COLOURS[ch % COLOURS.length];
      g.fillText(name, lx, top + 2);
      lx += g.measureText(name).width + 14;
    });
  }
}
