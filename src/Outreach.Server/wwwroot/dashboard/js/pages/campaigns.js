// Campaigns: every campaign in force with its status, schedule or trigger, last and next run, touches per day, and
// pause/resume of its newest run.
import { api } from '../api.js';
import { card, empty, fill, h, table } from '../dom.js';
import { fmt, t } from '../i18n.js';
import { sparkline } from '../charts.js';

const DAYS = 14;

export function render(root, _params, signal) {
  const notice = h('div', { 'data-testid': 'notice' });
  const slot = h('div');
  root.append(h('div', { class: 'page-head' }, h('h1', {}, t('campaigns.title'))), notice, slot);
  const load = () => fill(slot, () => api(`/insights/campaigns?days=${DAYS}`, { signal }), data => view(data, notice, load));
  load();
}

function view(data, notice, reload) {
  const problems = data.problems.length
    ? h('div', { class: 'notice bad', 'data-testid': 'problems' }, h('strong', {}, t('campaigns.problems')),
      h('ul', { class: 'problems' }, data.problems.map(p => h('li', {}, `${p.file}:${p.line}:${p.column}: ${p.message}`))))
    : null;
  if (data.campaigns.length === 0) return h('div', {}, problems, empty(t('campaigns.empty')));

  const columns = [
    { label: t('common.name'), value: c => h('div', {},
      h('a', { href: `#/campaigns/${encodeURIComponent(c.campaign.id)}`, 'data-testid': 'campaign-link' }, c.campaign.name),
      h('div', { class: 'muted' }, c.campaign.id)) },
    { label: t('common.status'), value: c => phaseBadge(c.lastRun?.phase) },
    { label: t('campaigns.schedule'), value: c => scheduleOf(c.campaign) },
    { label: t('campaigns.lastRun'), value: c => (c.lastRun
      ? h('div', {}, fmt.time(c.lastRun.createdAt), h('div', { class: 'muted' }, c.lastRun.runId))
      : t('campaigns.never')) },
    { label: t('campaigns.nextRun'), value: c => (c.nextRunAt ? fmt.time(c.nextRunAt) : '—') },
    { label: t('campaigns.touches', { days: data.days.length }), class: 'num', value: c => {
      const total = c.touchesPerDay.reduce((a, b) => a + b, 0);
      return h('span', {}, sparkline(c.touchesPerDay, { label: `${c.campaign.id}: ${fmt.int(total)}` }), ' ',
        h('strong', { 'data-testid': 'touches-total' }, fmt.int(total)));
    } },
    { label: t('campaigns.action'), value: c => action(c, notice, reload) },
  ];
  const rows = data.campaigns.map(c => ({ ...c, __data: { campaign: c.campaign.id } }));
  return h('div', {}, problems, card(null, table(columns, rows, { class: 'cards', 'data-testid': 'campaigns' })));
}

export function phaseBadge(phase) {
  const tone = { running: 'info', planning: 'info', completed: 'ok', paused: 'warn', cancelled: 'bad' }[phase] ?? '';
  return h('span', { class: `badge ${tone}`, 'data-testid': 'phase', 'data-phase': phase ?? 'none' },
    phase ? t(`phase.${phase}`) : t('campaigns.noRun'));
}

export function scheduleOf(campaign) {
  if (campaign.schedule) return h('code', {}, t('campaigns.cron', { cron: campaign.schedule, zone: campaign.timeZone }));
  if (campaign.triggerEvent) {
    const after = campaign.triggerDelay && fmt.span(campaign.triggerDelay) !== '0' ? ` · ${t('campaigns.after', { delay: fmt.span(campaign.triggerDelay) })}` : '';
    return t('campaigns.onEvent', { event: campaign.triggerEvent }) + after;
  }
  return t('campaigns.manual');
}

/** Pause or resume the campaign's newest run (a cancelled run stays as it is). */
function action(c, notice, reload) {
  const run = c.lastRun;
  if (!run || run.phase === 'cancelled') return '—';
  const verb = run.phase === 'paused' ? 'resume' : 'pause';
  const button = h('button', { type: 'button', class: verb === 'pause' ? 'secondary' : null, 'data-testid': verb }, t(`campaigns.${verb}`));
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const after = await api(`/campaigns/${encodeURIComponent(c.campaign.id)}/runs/${encodeURIComponent(run.runId)}/${verb}`, { method: 'POST' });
      notice.replaceChildren(h('p', { class: 'notice' }, t('campaigns.done', { message: `${c.campaign.id} ${run.runId}: ${t(`phase.${after.phase}`)}` })));
    } catch (error) {
      notice.replaceChildren(h('p', { class: 'notice bad', role: 'alert' }, t('campaigns.refused', { message: error.detail ?? error.message })));
    }
    reload();
  });
  return button;
}
