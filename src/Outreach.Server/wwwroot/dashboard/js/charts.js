// Charts drawn as inline SVG: no library, so the page loads offline and every number is in the DOM (titles) to check.
import { h } from './dom.js';
import { fmt } from './i18n.js';

const NS = 'http://www.w3.org/2000/svg';

function s(tag, attrs = {}, ...children) {
  const element = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) if (value != null) element.setAttribute(name, value);
  for (const child of children.flat()) if (child != null) element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return element;
}

const tip = text => s('title', {}, text);

export const colors = {
  sms: '#2563eb', call: '#9333ea', email: '#ea580c', wechat: '#16a34a', outbox: '#64748b',
  sent: '#16a34a', delivered: '#15803d', capped: '#f59e0b', suppressed: '#dc2626', deferred: '#a855f7',
  held_out: '#64748b', failed: '#b91c1c', other: '#94a3b8',
};
const series = ['#2563eb', '#f59e0b', '#16a34a', '#dc2626', '#9333ea', '#0891b2', '#ea580c', '#64748b'];
export const colorOf = (name, index) => colors[name] ?? series[index % series.length];

/** A round top for an axis: 1, 2 or 5 times a power of ten, at least max. */
function niceMax(max) {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map(m => m * power).find(v => v >= max);
}

export const legend = items =>
  h('ul', { class: 'legend' }, items.map(i => h('li', {}, h('span', { class: 'swatch', style: `background:${i.color}` }), i.label)));

/** A small line of daily values for a table cell. */
export function sparkline(values, { width = 120, height = 28, label = '' } = {}) {
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const y = v => (height - 2 - (v / max) * (height - 4)).toFixed(1);
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${y(v)}`).join(' ');
  return s('svg', { class: 'spark', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label },
    tip(label), s('polyline', { points, fill: 'none', stroke: 'currentColor', 'stroke-width': 1.5, 'stroke-linejoin': 'round' }));
}

/** Stacked daily bars: days = ['2026-11-01', ...], stacks = [{ name, label, color, values: [n per day] }]. */
export function stackedBars(days, stacks, { height = 200, label = '' } = {}) {
  const width = 640, left = 40, bottom = 22, top = 8;
  const totals = days.map((_, d) => stacks.reduce((sum, st) => sum + st.values[d], 0));
  const max = niceMax(Math.max(...totals, 0));
  const plotH = height - bottom - top, slot = (width - left) / Math.max(1, days.length), bar = Math.max(2, slot * 0.7);
  const y = v => top + plotH - (v / max) * plotH;
  const grid = [0, 0.5, 1].map(f => s('g', {},
    s('line', { x1: left, x2: width, y1: y(max * f), y2: y(max * f), class: 'gridline' }),
    s('text', { x: left - 6, y: y(max * f) + 4, 'text-anchor': 'end', class: 'axis' }, fmt.int(max * f))));
  const bars = days.map((day, d) => {
    let base = 0;
    const x = left + d * slot + (slot - bar) / 2;
    return s('g', { 'data-day': day, 'data-total': totals[d] }, stacks.map(st => {
      const v = st.values[d];
      if (!v) return null;
      const rect = s('rect', { x: x.toFixed(1), y: y(base + v).toFixed(1), width: bar.toFixed(1), height: (y(base) - y(base + v)).toFixed(1), fill: st.color },
        tip(`${day} · ${st.label}: ${fmt.int(v)}`));
      base += v;
      return rect;
    }));
  });
  const every = Math.ceil(days.length / 8);
  const ticks = days.map((day, d) => (d % every === 0
    ? s('text', { x: left + d * slot + slot / 2, y: height - 6, 'text-anchor': 'middle', class: 'axis' }, fmt.day(day)) : null));
  return h('figure', { class: 'chart' },
    s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label }, tip(label), grid, bars, ticks),
    legend(stacks.map(st => ({ label: st.label, color: st.color }))));
}

/** Horizontal bars with their values: items = [{ key, label, value, color }]. */
export function hbars(items, { label = '' } = {}) {
  const width = 640, row = 26, left = 130, right = 70;
  const max = Math.max(1, ...items.map(i => i.value));
  const height = items.length * row + 4;
  return h('figure', { class: 'chart' }, s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label }, tip(label),
    items.map((item, i) => {
      const w = ((width - left - right) * item.value) / max;
      const y = i * row + 2;
      return s('g', { 'data-key': item.key, 'data-value': item.value },
        s('text', { x: left - 8, y: y + 17, 'text-anchor': 'end', class: 'label' }, item.label),
        s('rect', { x: left, y: y + 4, width: Math.max(item.value ? 2 : 0, w).toFixed(1), height: row - 8, rx: 3, fill: item.color }, tip(`${item.label}: ${fmt.int(item.value)}`)),
        s('text', { x: left + w + 6, y: y + 17, class: 'value' }, fmt.int(item.value)));
    })));
}

/**
 * Conversion rate per arm with its 95% interval as a bar and the holdout's rate as a dashed reference line:
 * arms = [{ name, rate, low, high, color }], reference = { rate, label } or null.
 */
export function intervals(arms, reference, { label = '' } = {}) {
  const width = 640, row = 34, left = 130, right = 70, top = 18;
  const max = niceMax(Math.max(0.0001, ...arms.map(a => a.high), reference?.rate ?? 0) * 1.1);
  const x = v => left + ((width - left - right) * v) / max;
  const height = top + arms.length * row + 22;
  const axis = [0, 0.5, 1].map(f => s('g', {},
    s('line', { x1: x(max * f), x2: x(max * f), y1: top - 4, y2: height - 20, class: 'gridline' }),
    s('text', { x: x(max * f), y: height - 6, 'text-anchor': 'middle', class: 'axis' }, fmt.pct(max * f))));
  const rows = arms.map((arm, i) => {
    const y = top + i * row + row / 2;
    return s('g', { 'data-arm': arm.name, 'data-rate': arm.rate },
      s('text', { x: left - 8, y: y + 4, 'text-anchor': 'end', class: 'label' }, arm.name),
      s('line', { x1: x(arm.low), x2: x(arm.high), y1: y, y2: y, stroke: arm.color, 'stroke-width': 6, 'stroke-linecap': 'round', opacity: 0.35 }),
      s('line', { x1: x(arm.low), x2: x(arm.low), y1: y - 7, y2: y + 7, stroke: arm.color, 'stroke-width': 2 }),
      s('line', { x1: x(arm.high), x2: x(arm.high), y1: y - 7, y2: y + 7, stroke: arm.color, 'stroke-width': 2 }),
      s('circle', { cx: x(arm.rate), cy: y, r: 5, fill: arm.color }, tip(`${arm.name}: ${fmt.pct(arm.rate)} (${fmt.pct(arm.low)} – ${fmt.pct(arm.high)})`)),
      s('text', { x: x(arm.high) + 8, y: y + 4, class: 'value' }, fmt.pct(arm.rate)));
  });
  const ref = reference ? s('g', { class: 'reference' },
    s('line', { x1: x(reference.rate), x2: x(reference.rate), y1: top - 10, y2: height - 20, stroke: '#0f172a', 'stroke-dasharray': '4 3' }),
    s('text', { x: x(reference.rate), y: top - 8, 'text-anchor': 'middle', class: 'axis' }, reference.label)) : null;
  return h('figure', { class: 'chart' }, s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label }, tip(label), axis, rows, ref));
}

/** One line per series over days: lines = [{ name, label, color, values }]. */
export function lines(days, all, { height = 200, label = '' } = {}) {
  const width = 640, left = 40, bottom = 22, top = 8;
  const max = niceMax(Math.max(0, ...all.flatMap(l => l.values)));
  const step = (width - left - 10) / Math.max(1, days.length - 1);
  const x = d => left + d * step, y = v => top + (height - bottom - top) * (1 - v / max);
  const grid = [0, 0.5, 1].map(f => s('g', {},
    s('line', { x1: left, x2: width, y1: y(max * f), y2: y(max * f), class: 'gridline' }),
    s('text', { x: left - 6, y: y(max * f) + 4, 'text-anchor': 'end', class: 'axis' }, fmt.int(max * f))));
  const paths = all.map(l => s('g', { 'data-series': l.name },
    s('polyline', { points: l.values.map((v, d) => `${x(d).toFixed(1)},${y(v).toFixed(1)}`).join(' '), fill: 'none', stroke: l.color, 'stroke-width': 2 }),
    l.values.map((v, d) => (v ? s('circle', { cx: x(d), cy: y(v), r: 3, fill: l.color }, tip(`${days[d]} · ${l.label}: ${fmt.int(v)}`)) : null))));
  const every = Math.ceil(days.length / 8);
  const ticks = days.map((day, d) => (d % every === 0 ? s('text', { x: x(d), y: height - 6, 'text-anchor': 'middle', class: 'axis' }, fmt.day(day)) : null));
  return h('figure', { class: 'chart' },
    s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label }, tip(label), grid, paths, ticks),
    legend(all.map(l => ({ label: l.label, color: l.color }))));
}
