// The header: topology, commodity, stream and data status, sign-in.
import { currentKey } from '../api.js';
import { $, element } from '../dom.js';
import { commodityName, currentLanguage, formatNumber, formatTime, t } from '../i18n.js';
import { isAdmin, state } from '../state.js';
import { criticalByCommodity, selectCommodity } from './overview.js';

export function renderHeader() {
  document.title = `${t('title')} · Monitoring`;
  $('#topology-name').textContent = state.overview?.topology_name ?? '';
  const select = $('#commodity');
  const commodities = state.overview?.commodities ?? [];
  // A commodity with critical disruptions says so in the selector and, when it is not the one shown, beside the incidents.
  const critical = criticalByCommodity();
  const texts = commodities.map(c => critical.get(c.code)
    ? `${commodityName(c.code, c.name)} — ${t('criticalCount', { n: formatNumber(critical.get(c.code), 0) })}` : commodityName(c.code, c.name));
  if (select.options.length !== commodities.length || [...select.options].some((o, i) => o.value !== commodities[i].code || o.text !== texts[i])) {
    select.replaceChildren(...commodities.map((c, i) => element('option', { value: c.code, text: texts[i] })));
  }
  select.value = state.commodity;
  $('#critical-elsewhere').replaceChildren(...commodities.filter(c => c.code !== state.commodity && critical.get(c.code)).map(c =>
    element('button', { type: 'button', class: 'flag CRITICAL', 'data-commodity': c.code, onclick: () => selectCommodity(c.code),
      text: t('criticalIn', { n: formatNumber(critical.get(c.code), 0), commodity: commodityName(c.code, c.name) }) })));

  const stream = $('#stream-status');
  stream.dataset.state = state.stream;
  stream.textContent = t({ live: 'streamLive', down: 'streamDown', unauthorized: 'streamUnauthorized' }[state.stream] ?? 'streamConnecting');

  const data = $('#data-status');
  data.textContent = !state.reachable
    ? t('staleData', { time: state.lastUpdated ? formatTime(state.lastUpdated) : t('never') })
    : state.lastUpdated ? t('updatedAt', { time: formatTime(state.lastUpdated) }) : t('loading');
  data.classList.toggle('warning-text', !state.reachable);
  document.querySelector('main').classList.toggle('stale', !state.reachable);

  const s = state.session;
  $('#session-text').textContent = s.authenticated && s.name !== 'anonymous'
    ? t('signedInAs', { name: s.name, role: t(`role_${s.role}`) })
    : s.authenticated ? t('anonymousViewer') : t('notSignedIn');
  const problem = state.signInError || state.authProblem;
  $('#sign-in-error').textContent = problem ? t(problem) : '';
  $('#sign-in').hidden = Boolean(currentKey()) && !state.authProblem;
  $('#sign-out').hidden = !currentKey();
  $('#admin-hint').hidden = isAdmin();
  $('#orleans-link').hidden = !isAdmin();
  for (const button of document.querySelectorAll('button.lang')) button.setAttribute('aria-pressed', String(button.dataset.lang === currentLanguage()));
  for (const button of document.querySelectorAll('button.view')) button.setAttribute('aria-pressed', String(button.dataset.view === state.view));
}
