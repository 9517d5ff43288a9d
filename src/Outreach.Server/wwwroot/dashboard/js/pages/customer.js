// Customer lookup: the profile (RFM, lifecycle stage and pool), every touch with its decision's reason, and where the
// customer stands against each cap now, with the next time they may be touched.
import { api } from '../api.js';
import { card, empty, fill, h, stat, table } from '../dom.js';
import { fmt, t } from '../i18n.js';

const TONES = { sent: 'ok', delivered: 'ok', failed: 'bad', suppressed: 'bad', not_allowed: 'bad', capped: 'warn', deferred: 'warn', dropped: 'warn' };

export function render(root, [id], signal) {
  const input = h('input', { type: 'search', name: 'customer', value: id ?? '', placeholder: 'C0000001', required: true, 'data-testid': 'customer-id', 'aria-label': t('cust.prompt') });
  const form = h('form', { class: 'inline', role: 'search', onsubmit: event => {
      event.preventDefault();
      location.hash = `#/customers/${encodeURIComponent(input.value.trim())}`;
    } },
    h('label', { for: 'customer-input' }, t('cust.prompt')), input, h('button', { type: 'submit' }, t('cust.find')));
  input.id = 'customer-input';
  root.append(h('div', { class: 'page-head' }, h('h1', {}, t('cust.title'))), card(null, form));
  if (!id) {
    root.append(empty(t('cust.hint')));
    return;
  }
  const path = encodeURIComponent(id);
  const slots = { profile: h('div'), timeline: h('div'), caps: h('div') };
  root.append(card(t('cust.profile'), slots.profile), h('div', { class: 'grid' }, card(t('cust.timeline'), slots.timeline), card(t('cust.caps'), slots.caps)));
  const notFound = error => (error.status === 404 ? Object.assign(error, { detail: t('cust.notFound', { id }) }) : error);
  const get = url => api(url, { signal }).catch(error => { throw notFound(error); });
  fill(slots.profile, () => get(`/customers/${path}`), profileView);
  fill(slots.timeline, () => get(`/customers/${path}/touches`), timelineView);
  fill(slots.caps, () => get(`/customers/${path}/caps`), capsView);
}

function profileView(c) {
  return h('div', { class: 'stack' },
    h('div', {}, h('strong', { 'data-testid': 'customer-name' }, c.name ?? c.id), ' ', h('span', { class: 'muted' }, c.id)),
    h('div', { class: 'stats' },
      stat('pool', t('cust.pool'), h('span', { class: 'badge info' }, c.pool)),
      stat('stage', t('cust.stage'), c.stage),
      stat('rfm', t('cust.rfm'), `${c.rfm.recency}-${c.rfm.frequency}-${c.rfm.monetary}`),
      stat('recency', t('cust.recency'), fmt.num(c.recencyDays, 0)),
      stat('purchases', t('cust.purchases'), fmt.int(c.purchases.count)),
      stat('spend', t('cust.spend'), fmt.num(c.purchases.totalSpend, 2)),
      stat('membership', t('cust.membership'), [c.membershipTier, c.membershipStatus].filter(Boolean).join(' · ') || '—')));
}

function timelineView(touches) {
  if (touches.length === 0) return empty(t('cust.noTouches'));
  const newest = [...touches].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return h('ol', { class: 'timeline', 'data-testid': 'timeline' }, newest.map(touch => h('li', { class: TONES[touch.status] ?? '', 'data-touch': touch.touchId },
    h('div', {}, h('span', { class: `badge ${TONES[touch.status] ?? ''}`, 'data-testid': 'touch-status' }, t(`outcome.${touch.status}`)), ' ',
      h('a', { href: `#/campaigns/${encodeURIComponent(touch.campaignId)}` }, touch.campaignId),
      h('span', { class: 'muted' }, ` · ${touch.runId}${touch.variant ? ` · ${touch.variant}` : ''}${touch.channel ? ` · ${touch.channel}` : ''}`)),
    h('div', { 'data-testid': 'touch-reason' }, touch.reason ?? '—'),
    h('div', { class: 'muted' }, fmt.time(touch.updatedAt)))));
}

function capsView(caps) {
  if (caps.channels.length === 0) return empty('—');
  return h('div', { class: 'stack' }, caps.channels.map(ch => h('div', { 'data-channel': ch.channel },
    h('h3', {}, ch.channel, ' ', h('span', { class: `badge ${ch.nextEligibleAt ? 'warn' : 'ok'}`, 'data-testid': 'next-eligible' },
      ch.nextEligibleAt ? `${t('cust.nextEligible')}: ${fmt.time(ch.nextEligibleAt)}` : t('cust.eligibleNow'))),
    h('p', { class: 'muted' }, ch.reason),
    table([
      { label: t('freq.rule'), value: r => h('code', {}, r.rule) },
      { label: t('cust.count'), class: 'num', value: r => h('span', { 'data-testid': 'cap-count' }, fmt.int(r.count)) },
      { label: t('cust.limit'), class: 'num', value: r => fmt.int(r.limit) },
      { label: t('cust.nextEligible'), value: r => (r.full && r.eligibleAt ? fmt.time(r.eligibleAt) : '—') },
    ], ch.caps.map(r => ({ ...r, __data: { rule: r.rule } }))))));
}
