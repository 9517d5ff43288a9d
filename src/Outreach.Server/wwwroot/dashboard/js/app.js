// The dashboard's shell: the API key gate, the language toggle, the navigation and the hash routes.
import { apiKey } from './api.js';
import { h } from './dom.js';
import { lang, setLang, t } from './i18n.js';
import * as campaigns from './pages/campaigns.js';
import * as campaign from './pages/campaign.js';
import * as frequency from './pages/frequency.js';
import * as customer from './pages/customer.js';

const routes = [
  { pattern: /^#\/campaigns\/([^/]+)$/, page: campaign, nav: 'campaigns' },
  { pattern: /^#\/campaigns$/, page: campaigns, nav: 'campaigns' },
  { pattern: /^#\/frequency$/, page: frequency, nav: 'frequency' },
  { pattern: /^#\/customers(?:\/([^/]+))?$/, page: customer, nav: 'customers' },
];

const main = document.getElementById('main');
let current = null; // the AbortController of the page on screen: aborting it stops its polling and requests

function route() {
  const hash = location.hash || '#/campaigns';
  const match = routes.map(r => ({ r, m: hash.match(r.pattern) })).find(x => x.m);
  if (!match) {
    location.replace('#/campaigns');
    return;
  }
  current?.abort();
  current = new AbortController();
  renderNav(match.r.nav);
  document.getElementById('signout').hidden = !apiKey.get();
  if (!apiKey.get()) {
    main.replaceChildren(keyForm());
    return;
  }
  const params = match.m.slice(1).map(p => (p == null ? p : decodeURIComponent(p)));
  main.replaceChildren();
  match.r.page.render(main, params, current.signal);
}

function renderNav(active) {
  const nav = document.getElementById('nav');
  nav.replaceChildren(...['campaigns', 'frequency', 'customers'].map(name =>
    h('a', { href: `#/${name}`, class: name === active ? 'active' : null, 'aria-current': name === active ? 'page' : null }, t(`nav.${name}`))));
  document.getElementById('lang').textContent = t('lang.switch');
  document.getElementById('signout').textContent = t('key.signout');
}

function keyForm() {
  const input = h('input', { type: 'password', id: 'api-key', name: 'api-key', autocomplete: 'off', required: true, 'data-testid': 'api-key' });
  return h('form', { class: 'card key-form', onsubmit: event => {
      event.preventDefault();
      apiKey.set(input.value);
      route();
    } },
    h('h1', {}, t('key.title')),
    h('p', {}, t('key.help')),
    h('label', { for: 'api-key' }, t('key.label')), input,
    h('button', { type: 'submit' }, t('key.submit')));
}

document.getElementById('lang').addEventListener('click', () => {
  setLang(lang() === 'zh' ? 'en' : 'zh');
  route();
});
document.getElementById('signout').addEventListener('click', () => {
  apiKey.clear();
  route();
});
window.addEventListener('hashchange', route);
setLang(lang());
route();
