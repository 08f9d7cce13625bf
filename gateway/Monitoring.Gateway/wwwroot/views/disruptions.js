// Live disruptions, newest first, filtered by commodity, severity and state (cleared ones muted), with the
// operator's acknowledge and resolve (admins, with a note).
import { api } from '../api.js';
import { $, badge, bare, element, isActive, keepFocus, severityOf, stateOf } from '../dom.js';
import { commodityName, currentLanguage, enumText, formatTime, t } from '../i18n.js';
import { onEvent } from '../data.js';
import { isAdmin, isLane, state } from '../state.js';
import { disruptionReason } from '../words.js';
import { actionControls } from './actionForm.js';
import { openDetail } from './detail.js';

const SEVERITY_RANK = { CRITICAL: 3, WARNING: 2, INFO: 1 };

export function renderFeed() {
  drawFilters();
  const list = $('#live-feed');
  keepFocus(list, () => drawFeed(list));
}

let feedDeferred = false;

/** A redraw waited while an operator wrote a note: draw now. */
export function catchUpFeed() {
  if (feedDeferred) renderFeed();
}

/** The filter controls: commodity (the selected one by default), minimum severity, active or also cleared. */
function drawFilters() {
  const f = state.feedFilter;
  const options = (select, values) => {
    const current = select.value;
    const signature = JSON.stringify(values);
    if (select.dataset.options !== signature) {
      select.dataset.options = signature;
      select.replaceChildren(...values.map(([value, text]) => element('option', { value, text })));
    }
    select.value = values.some(([v]) => v === current) ? current : values[0][0];
  };
  const commodities = (state.overview?.commodities ?? []).map(c => [c.code, commodityName(c.code, c.name)]);
  options($('#filter-commodity'), [['selected', `${commodityName(state.commodity)}`], ['all', t('allCommodities')], ...commodities.filter(([c]) => c !== state.commodity)]);
  $('#filter-commodity').value = f.commodity === state.commodity ? 'selected' : f.commodity;
  if ($('#filter-commodity').value === '') $('#filter-commodity').value = 'selected';
  options($('#filter-severity'), [['', t('anySeverity')], ...['CRITICAL', 'WARNING'].map(s => [s, `≥ ${enumText('SEVERITY', s)}`])]);
  $('#filter-severity').value = f.severity;
  options($('#filter-state'), [['all', t('withCleared')], ['active', t('activeOnly')]]);
  $('#filter-state').value = f.state;
}

export function onFilterChange() {
  const commodity = $('#filter-commodity').value;
  state.feedFilter = { commodity: commodity === 'selected' ? 'selected' : commodity, severity: $('#filter-severity').value, state: $('#filter-state').value };
  renderFeed();
}

function shown(d) {
  const f = state.feedFilter;
  const commodity = f.commodity === 'selected' ? state.commodity : f.commodity;
  if (commodity !== 'all' && !(d.commodities ?? []).includes(commodity)) return false;
  if (f.severity && (SEVERITY_RANK[severityOf(d)] ?? 0) < SEVERITY_RANK[f.severity]) return false;
  return f.state === 'all' || isActive(d);
}

function drawFeed(list) {
  // While an operator writes a note the list stays as it is (a redraw would eat the typing); it catches up when the form closes.
  if (list.querySelector('form.action-form')) {
    feedDeferred = true;
    return;
  }
  feedDeferred = false;
  const items = [...state.feed.values()].filter(shown)
    .sort((a, b) => (isActive(b) - isActive(a)) || Date.parse(b.updated_at ?? 0) - Date.parse(a.updated_at ?? 0));
  if (items.length === 0) {
    list.replaceChildren(element('li', { class: 'muted', text: t(state.feed.size === 0 ? 'noEvents' : 'noneMatch') }));
    return;
  }
  list.replaceChildren(...items.map(d => element('li', { class: `feed-item ${severityOf(d)}${isActive(d) ? '' : ' closed'}`, 'data-id': d.id, 'data-subject': d.subject_id, 'data-state': stateOf(d) },
    element('div', { class: 'feed-line' },
      badge('SEVERITY', d.severity),
      element('button', { type: 'button', class: 'link', onclick: () => openDetail(bare(d.subject_type) === 'LANE' ? 'lane' : 'node', d.subject_id), text: d.subject_name || t('empty') }),
      element('span', { class: 'kind', text: enumText('KIND', d.kind) }),
      element('span', { class: `state ${stateOf(d)}`, text: enumText('STATE', d.state) }),
      element('time', { datetime: d.updated_at, class: 'muted small', text: formatTime(d.updated_at) })),
    element('p', { class: 'summary' }, reasonLine(d)),
    actions(d))));
}

/** The reason in the page's language, its root causes' names as links to their node or lane. */
export function reasonLine(d) {
  let parts = [disruptionReason(d)];
  const roots = [...new Map((d.root_causes ?? []).map(r => [r.subject_id, r])).values()].filter(r => r.subject_id !== d.subject_id && r.subject_name);
  for (const r of roots) {
    parts = parts.flatMap(part => {
      if (typeof part !== 'string' || !part.includes(r.subject_name)) return [part];
      const at = part.indexOf(r.subject_name);
      const link = element('button', { type: 'button', class: 'link root-link', text: r.subject_name, onclick: () => openDetail(isLane(r.subject_id) ? 'lane' : 'node', r.subject_id) });
      return [part.slice(0, at), link, part.slice(at + r.subject_name.length)];
    });
  }
  // The provider's own words are shown beside an English interface; in another language the detail dialog has them.
  if (d.provider_message && currentLanguage() === 'en') parts.push(' ', element('q', { class: 'provider', text: d.provider_message }));
  return parts.filter(p => p !== '');
}

/**
 * Acknowledge / resolve controls of an active disruption, for admins; a note is required. `done` runs
 * when the form closes (submitted or cancelled), so its container can catch up.
 */
export function actions(d, done = () => { if (feedDeferred) renderFeed(); }) {
  if (!isAdmin() || !isActive(d)) return null;
  const available = [
    stateOf(d) === 'OPEN' ? { name: 'acknowledge', label: t('acknowledge'), field: 'note' } : null,
    { name: 'resolve', label: t('resolve'), field: 'note' },
  ].filter(Boolean);
  return actionControls(available, async (name, body) => {
    const result = await api(`/api/v1/disruptions/${encodeURIComponent(d.id)}:${name}`, { method: 'POST', body });
    if (result?.disruption) onEvent('action', { disruption: result.disruption });
  }, done);
}
