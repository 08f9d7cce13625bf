// The header: topology, commodity, stream and data status, sign-in.
import { currentKey } from '../api.js';
import { $, element } from '../dom.js';
import { currentLanguage, formatTime, t } from '../i18n.js';
import { isAdmin, state } from '../state.js';

export function renderHeader() {
  document.title = `${t('title')} · Monitoring`;
  $('#topology-name').textContent = state.overview?.topology_name ?? '';
  const select = $('#commodity');
  const commodities = state.overview?.commodities ?? [];
  if (select.options.length !== commodities.length || [...select.options].some((o, i) => o.value !== commodities[i]?.code)) {
    select.replaceChildren(...commodities.map(c => element('option', { value: c.code, text: `${c.code} · ${c.name}` })));
  }
  select.value = state.commodity;

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
