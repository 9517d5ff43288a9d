import { t } from './i18n.js';

/** Builds an element: h('a', { href: '#/x', class: 'link' }, 'text', child). Attributes starting with "on" are listeners. */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value == null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** A titled card; body is built by the caller. */
export const card = (title, ...body) => h('section', { class: 'card' }, title ? h('h2', {}, title) : null, ...body);

/** A number with its label, marked with data-testid so the browser tests can read it. */
export const stat = (id, label, value) =>
  h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, label), h('strong', { 'data-testid': id }, value));

/** A table from column definitions [{ label, value: row => node, class? }]; wraps so it scrolls on a phone. */
export function table(columns, rows, attrs = {}) {
  return h('div', { class: 'table-wrap' },
    h('table', attrs,
      h('thead', {}, h('tr', {}, columns.map(c => h('th', { class: c.class }, c.label)))),
      h('tbody', {}, rows.map(row => h('tr', { dataset: row.__data }, columns.map(c => h('td', { class: c.class, 'data-label': c.label }, c.value(row))))))));
}

export const loading = () => h('p', { class: 'state loading', role: 'status' }, h('span', { class: 'spinner' }), t('state.loading'));

export const empty = message => h('p', { class: 'state empty' }, message);

/** What went wrong and what to do about it, with a retry button when the caller can retry. */
export function failure(error, retry) {
  const message = error.status === 0 ? t('error.network')
    : error.status === 401 ? t('error.401')
    : error.status === 403 ? t('error.403')
    : error.status === 404 ? `${t('error.404')} ${error.detail ?? ''}`
    : `${t('error.other', { status: error.status ?? '?' })} ${error.detail ?? error.message ?? ''}`;
  return h('div', { class: 'state error', role: 'alert' }, h('p', {}, message),
    retry ? h('button', { type: 'button', onclick: retry }, t('state.retry')) : null);
}

/** Shows loading in slot, then what build(data) returns, or the failure with a retry. */
export async function fill(slot, load, build) {
  slot.replaceChildren(loading());
  try {
    const data = await load();
    slot.replaceChildren(build(data));
  } catch (error) {
    if (error.name === 'AbortError') return;
    slot.replaceChildren(failure(error, () => fill(slot, load, build)));
  }
}
