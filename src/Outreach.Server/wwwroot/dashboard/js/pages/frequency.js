// Frequency control: touches each cap rule denied per day, the rules, quiet hours, the whitelist lists in force and
// the suppression list.
import { api } from '../api.js';
import { card, empty, fill, h, stat, table } from '../dom.js';
import { fmt, t } from '../i18n.js';
import { colorOf, lines } from '../charts.js';

const DAYS = 30;
const SUPPRESSIONS = 200;

export function render(root, _params, signal) {
  const slots = { denials: h('div'), rules: h('div'), quiet: h('div'), lists: h('div'), suppressed: h('div'), suppression: h('div') };
  root.append(
    h('div', { class: 'page-head' }, h('h1', {}, t('freq.title'))),
    card(t('freq.denials'), slots.denials),
    h('div', { class: 'grid' }, card(t('freq.rules'), slots.rules), card(t('freq.quiet'), slots.quiet)),
    h('div', { class: 'grid' }, card(t('freq.lists'), slots.lists), card(t('freq.suppression'), slots.suppressed)),
    card(t('freq.check'), suppressionCheck(slots.suppression, signal)));
  fill(slots.suppressed, () => api(`/lists/suppressions?limit=${SUPPRESSIONS}`, { signal }), suppressedView);
  fill(slots.denials, () => api(`/insights/cap-denials?days=${DAYS}`, { signal }), denialsView);
  fill(slots.rules, () => api('/insights/limits', { signal }), limits => {
    fill(slots.quiet, async () => limits.quietHours, quietView);
    fill(slots.lists, async () => limits.lists, listsView);
    return rulesView(limits.rules);
  });
}

function denialsView(series) {
  if (series.total === 0) return empty(t('freq.noDenials'));
  const rules = Object.entries(series.series).map(([rule, values], i) => ({ name: rule, label: rule, color: colorOf(null, i), values }));
  return h('div', {},
    h('div', { class: 'stats' }, stat('denials-total', t('common.total'), fmt.int(series.total))),
    lines(series.days, rules, { label: t('freq.denials') }),
    table([
      { label: t('freq.rule'), value: r => h('code', {}, r.name) },
      { label: t('common.total'), class: 'num', value: r => h('span', { 'data-testid': 'rule-total' }, fmt.int(r.values.reduce((a, b) => a + b, 0))) },
    ], rules.map(r => ({ ...r, __data: { rule: r.name } })), { 'data-testid': 'denials' }));
}

const rulesView = rules => h('ul', { 'data-testid': 'rules' }, rules.map(r => h('li', {}, h('code', {}, r))));

function quietView(q) {
  if (!q.enabled) return empty(t('freq.quietOff'));
  const channels = Object.entries(q.channels);
  return h('div', {},
    h('p', { 'data-testid': 'quiet-default' }, t('freq.quietDefault', { start: q.start, end: q.end, zone: q.defaultTimeZone })),
    channels.length ? table([
      { label: t('freq.channel'), value: ([name]) => name },
      { label: t('freq.quiet'), value: ([, w]) => (w.enabled ? `${w.start}–${w.end}` : t('freq.quietOff')) },
    ], channels) : null);
}

function listsView(lists) {
  if (lists.length === 0) return empty(t('freq.noMembers'));
  return table([
    { label: t('freq.list'), value: l => h('strong', {}, l.list) },
    { label: t('freq.effect'), value: l => [l.effect ?? '—', ...l.caps.map(c => h('div', { class: 'muted' }, c))] },
    { label: t('freq.members'), class: 'num', value: l => h('span', { 'data-testid': 'member-count' }, fmt.int(l.memberCount)) },
    { label: t('common.customer'), value: l => (l.members.length
      ? l.members.map((m, i) => [i ? ', ' : '', h('a', { href: `#/customers/${encodeURIComponent(m)}` }, m)])
      : t('freq.noMembers')) },
  ], lists.map(l => ({ ...l, __data: { list: l.list } })), { 'data-testid': 'lists', class: 'cards' });
}

function suppressedView(listing) {
  if (listing.entries.length === 0) return empty(t('freq.noSuppressions'));
  return h('div', {},
    table([
      { label: t('freq.channel'), value: e => e.channel },
      { label: t('freq.subject'), value: e => (e.kind === 'customer' ? h('a', { href: `#/customers/${encodeURIComponent(e.subject)}` }, e.subject) : e.subject) },
      { label: t('freq.reason'), value: e => e.reason },
    ], listing.entries.map(e => ({ ...e, __data: { subject: e.subject, channel: e.channel } })), { 'data-testid': 'suppressions' }),
    listing.truncated ? h('p', { class: 'muted' }, t('freq.truncated', { n: SUPPRESSIONS })) : null);
}

/**
 * One customer checked: what a touch on each reachable channel would be told now, suppression first.
 */
function suppressionCheck(slot, signal) {
  const input = h('input', { type: 'search', required: true, placeholder: 'C0000001', 'data-testid': 'suppression-id', 'aria-label': t('cust.prompt') });
  const form = h('form', { class: 'inline', onsubmit: event => {
      event.preventDefault();
      const id = input.value.trim();
      fill(slot, () => api(`/customers/${encodeURIComponent(id)}/caps`, { signal }), caps => suppressionView(id, caps));
    } }, input, h('button', { type: 'submit' }, t('freq.check')));
  return h('div', { class: 'stack' }, h('p', { class: 'muted' }, t('freq.checkHint')), form, slot);
}

function suppressionView(id, caps) {
  if (caps.channels.length === 0) return empty(t('freq.unreachable', { id }));
  return table([
    { label: t('freq.channel'), value: c => c.channel },
    { label: t('common.status'), value: c => h('span', { class: `badge ${({ suppressed: 'bad', notallowed: 'bad', denied: 'warn', unavailable: 'warn' })[c.decision] ?? 'ok'}`, 'data-testid': 'suppression-decision' }, c.decision) },
    { label: t('freq.reason'), value: c => c.reason },
  ], caps.channels.map(c => ({ ...c, __data: { channel: c.channel } })), { 'data-testid': 'suppression' });
}
