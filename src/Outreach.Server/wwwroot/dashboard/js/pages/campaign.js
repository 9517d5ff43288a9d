// Campaign detail: the file with its validation messages, the audience preview, the run history (polled while the page
// is open), and the charts: touches per day by channel, outcomes, conversion per variant, money, stop rule.
import { api } from '../api.js';
import { card, empty, fill, h, stat, table } from '../dom.js';
import { fmt, t } from '../i18n.js';
import { colorOf, hbars, intervals, stackedBars } from '../charts.js';
import { phaseBadge, scheduleOf } from './campaigns.js';

const DAYS = 30;
const POLL_MS = 2000;
// The outcomes the issue names, in this order; any other status with touches follows.
const OUTCOMES = ['sent', 'delivered', 'capped', 'suppressed', 'deferred', 'held_out', 'failed'];

export function render(root, [id], signal) {
  const path = encodeURIComponent(id);
  const get = url => api(url, { signal });
  const slots = Object.fromEntries(['head', 'yaml', 'preview', 'runs', 'touches', 'outcomes', 'conversion', 'money', 'stop'].map(k => [k, h('div')]));
  root.append(
    h('p', {}, h('a', { href: '#/campaigns' }, t('common.back'))),
    slots.head,
    h('div', { class: 'grid' },
      card(t('detail.touchesPerDay'), slots.touches),
      card(t('detail.outcomes'), slots.outcomes)),
    card(t('detail.conversion'), slots.conversion),
    h('div', { class: 'grid' },
      card(t('detail.money'), slots.money),
      card(t('detail.stopRule'), slots.stop)),
    card(h('span', {}, t('detail.runs'), ' ', h('span', { class: 'badge info' }, t('detail.live'))), slots.runs),
    h('div', { class: 'grid' },
      card(t('detail.yaml'), slots.yaml),
      card(t('detail.preview'), slots.preview)));

  fill(slots.head, () => get(`/insights/campaigns/${path}`), detail => {
    fill(slots.yaml, () => validate(detail, signal), report => yamlView(detail, report));
    fill(slots.outcomes, async () => detail.touches, outcomesView);
    return headView(detail);
  });
  fill(slots.touches, () => get(`/insights/touches?campaign=${path}&days=${DAYS}`), touchesView);
  fill(slots.preview, () => get(`/insights/campaigns/${path}/preview`), previewView);
  fill(slots.runs, () => get(`/campaigns/${path}/runs`), runsView);
  fill(slots.conversion, () => get(`/campaigns/${path}/results`), results => {
    fill(slots.money, async () => results, moneyView);
    fill(slots.stop, async () => results, stopView);
    return conversionView(results);
  });

  // Live progress: the run history is asked again every two seconds while this page is open.
  const timer = setInterval(async () => {
    try {
      slots.runs.replaceChildren(runsView(await get(`/campaigns/${path}/runs`)));
    } catch { /* the next tick tries again; the first load showed any error */ }
  }, POLL_MS);
  signal.addEventListener('abort', () => clearInterval(timer));
}

/** The file as written, checked by the API's validator: the messages name line and column. */
async function validate(detail, signal) {
  if (!detail.yaml) return null;
  return api('/campaigns/validate', { method: 'POST', body: detail.yaml, type: 'text/yaml', signal });
}

function headView(d) {
  const c = d.campaign;
  return h('div', { class: 'page-head' },
    h('div', {}, h('h1', { 'data-testid': 'campaign-name' }, c.name), h('div', { class: 'muted' }, `${c.id} · ${c.category} · ${c.file ?? ''}`),
      c.description ? h('p', {}, c.description) : null),
    h('div', { class: 'stats' },
      stat('schedule', t('campaigns.schedule'), scheduleOf(c)),
      stat('next-run', t('campaigns.nextRun'), d.nextRunAt ? fmt.time(d.nextRunAt) : '—')));
}

function yamlView(detail, report) {
  const problems = [...(report?.problems ?? []), ...detail.problems];
  const verdict = problems.length === 0
    ? h('p', { class: 'notice', 'data-testid': 'yaml-valid' }, t('detail.valid'))
    : h('div', { class: 'notice bad', 'data-testid': 'yaml-problems' }, t('detail.invalid'),
      h('ul', { class: 'problems' }, problems.map(p => h('li', {}, `${p.file}:${p.line}:${p.column}: ${p.message}`))));
  return h('div', {}, verdict, detail.yaml ? h('pre', { class: 'yaml' }, detail.yaml) : empty('—'));
}

function previewView(p) {
  if (p.audience === 0) return empty(t('detail.noAudience'));
  const share = n => fmt.pct(n / p.audience);
  return h('div', { class: 'stack' },
    h('div', { class: 'stats' }, stat('preview-audience', t('detail.audience'), fmt.int(p.audience))),
    table([
      { label: t('detail.arm'), value: a => a.name },
      { label: t('cust.channel'), value: a => a.channels.join(' → ') || '—' },
      { label: t('detail.assigned'), class: 'num', value: a => h('span', { 'data-testid': 'split-customers' }, fmt.int(a.customers)) },
      { label: t('detail.split'), class: 'num', value: a => share(a.customers) },
    ], p.arms.map(a => ({ ...a, __data: { arm: a.name } })), { 'data-testid': 'split' }),
    p.samples.map(m => h('figure', { class: 'sample' },
      h('figcaption', { class: 'muted' }, `${t('detail.sample')} · ${m.variant} · ${m.channel} · `, h('a', { href: `#/customers/${encodeURIComponent(m.customerId)}` }, m.customerId)),
      m.subject ? h('strong', {}, m.subject) : null,
      h('p', {}, m.body))));
}

function touchesView(series) {
  if (series.total === 0) return empty(t('detail.noTouches'));
  const stacks = Object.entries(series.series).map(([channel, values], i) => ({ name: channel, label: channel, color: colorOf(channel, i), values }));
  return h('div', {}, h('div', { class: 'stats' }, stat('touches-total', t('common.total'), fmt.int(series.total))),
    stackedBars(series.days, stacks, { label: t('detail.touchesPerDay') }));
}

function outcomesView(touches) {
  const count = name => (touches[name] ?? 0) + (name === 'suppressed' ? touches.not_allowed ?? 0 : 0);
  const others = Object.keys(touches).filter(k => !OUTCOMES.includes(k) && k !== 'not_allowed' && touches[k] > 0);
  const items = [...OUTCOMES, ...others].map((name, i) => ({ key: name, label: outcomeLabel(name), value: count(name), color: colorOf(name, i) }));
  if (items.every(i => i.value === 0)) return empty(t('detail.noTouches'));
  return h('div', {}, h('div', { class: 'stats' }, items.filter(i => OUTCOMES.includes(i.key)).map(i => stat(`outcome-${i.key}`, i.label, fmt.int(i.value)))),
    hbars(items, { label: t('detail.outcomes') }));
}

const outcomeLabel = name => t(`outcome.${name}`);

function conversionView(r) {
  const variants = r.arms.filter(a => a.kind === 'variant');
  if (variants.every(a => a.assigned === 0)) return empty(t('detail.noResults'));
  if (!r.goalEvent) return empty(t('detail.noGoal'));
  const holdout = r.arms.find(a => a.kind === 'holdout');
  const arms = r.arms.map((a, i) => ({ name: a.name, rate: a.conversionRate, low: a.interval.low, high: a.interval.high, color: a.kind === 'variant' ? colorOf(null, i) : '#64748b' }));
  const reference = holdout ? { rate: holdout.conversionRate, label: t('detail.holdoutLine', { rate: fmt.pct(holdout.conversionRate) }) } : null;
  const columns = [
    { label: t('detail.arm'), value: a => h('span', {}, a.name, a.kind !== 'variant' && a.name !== a.kind ? [' ', h('span', { class: 'badge' }, a.kind.replace('_', ' '))] : null) },
    { label: t('detail.assigned'), class: 'num', value: a => fmt.int(a.assigned) },
    { label: t('detail.touched'), class: 'num', value: a => fmt.int(a.touched) },
    { label: t('detail.converted'), class: 'num', value: a => fmt.int(a.converted) },
    { label: t('detail.rate'), class: 'num', value: a => fmt.pct(a.conversionRate) },
    { label: t('detail.interval'), class: 'num', value: a => `${fmt.pct(a.interval.low)} – ${fmt.pct(a.interval.high)}` },
    { label: t('detail.uplift'), class: 'num', value: a => (a.vsHoldout?.uplift == null ? '—' : fmt.pct(a.vsHoldout.uplift)) },
    { label: t('detail.pHoldout'), class: 'num', value: a => (a.vsHoldout ? fmt.num(a.vsHoldout.pValue, 4) : '—') },
  ];
  return h('div', {}, intervals(arms, reference, { label: t('detail.conversion') }),
    table(columns, r.arms.map(a => ({ ...a, __data: { arm: a.name } })), { 'data-testid': 'arms', class: 'cards' }),
    h('p', { class: 'muted' }, `${t('detail.winner')}: `, h('strong', { 'data-testid': 'winner' }, r.winner.winner ?? t('detail.noWinner')), ` — ${r.winner.reason}`));
}

function moneyView(r) {
  return h('div', { class: 'stack' },
    h('div', { class: 'stats' },
      stat('cost', t('detail.cost'), fmt.money(r.cost, r.currency)),
      stat('revenue', t('detail.revenue'), fmt.money(r.revenue, r.currency)),
      stat('roi', t('detail.roi'), r.roi == null ? '—' : fmt.pct(r.roi, 0))),
    hbars(r.arms.filter(a => a.kind === 'variant').flatMap((a, i) => [
      { key: `${a.name}-cost`, label: `${a.name} · ${t('detail.cost')}`, value: a.cost, color: '#f59e0b' },
      { key: `${a.name}-revenue`, label: `${a.name} · ${t('detail.revenue')}`, value: a.revenue, color: colorOf(null, i) },
    ]), { label: t('detail.money') }));
}

function stopView(r) {
  const rule = r.stopRule;
  if (!rule) return empty(t('detail.noStopRule'));
  const share = Math.min(1, rule.touches / Math.max(1, rule.afterTouches));
  return h('div', { class: 'stack' },
    h('span', { class: `badge ${rule.tripped ? 'bad' : 'ok'}`, 'data-testid': 'stop-state' }, rule.tripped ? t('detail.tripped') : t('detail.ok')),
    h('p', { 'data-testid': 'stop-message' }, rule.message),
    h('div', { class: 'progress', title: `${rule.touches} / ${rule.afterTouches}` }, h('span', { style: `width:${(share * 100).toFixed(1)}%` })),
    h('p', { class: 'muted' }, `min ROI ${fmt.pct(rule.minRoi, 0)} · ${fmt.int(rule.touches)} / ${fmt.int(rule.afterTouches)}`));
}

function runsView(runs) {
  if (runs.length === 0) return empty(t('detail.noRuns'));
  const done = r => Math.max(0, r.audience - (r.queued + r.deferred + r.capped + r.paused));
  const columns = [
    { label: t('run.id'), value: r => h('code', {}, r.runId) },
    { label: t('run.phase'), value: r => phaseBadge(r.phase) },
    { label: t('run.started'), value: r => fmt.time(r.createdAt) },
    { label: t('run.progress'), value: r => h('div', { class: 'progress', title: `${done(r)} / ${r.audience}` },
      h('span', { style: `width:${r.audience ? ((100 * done(r)) / r.audience).toFixed(1) : 0}%` })) },
    ...['audience', 'heldOut', 'suppressed', 'capped', 'deferred', 'queued', 'sent', 'failed'].map(k => (
      { label: t(`run.${k}`), class: 'num', value: r => h('span', { 'data-k': k }, fmt.int(r[k])) })),
  ];
  return table(columns, runs.map(r => ({ ...r, __data: { run: r.runId } })), { 'data-testid': 'runs', class: 'cards' });
}
