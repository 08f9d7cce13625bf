// Incidents: each a root cause and everything it caused, with the supply it takes out; active first, worst
// first, newest first (an order that does not move as members refresh). Admins act on them here.
import { api } from '../api.js';
import { $, badge, bare, element, keepFocus } from '../dom.js';
import { enumText, formatDateTime, formatNumber, formatPercent, formatTime, t } from '../i18n.js';
import { isAdmin, state, views } from '../state.js';
import { actionControls } from './actionForm.js';
import { openIncident } from './incident.js';

const SEVERITY_RANK = { CRITICAL: 3, WARNING: 2, INFO: 1 };
export const isActiveIncident = i => ['OPEN', 'ACKNOWLEDGED'].includes(bare(i.state));

/** Active first, worst first, newest first: the server's order. */
export function incidentOrder(a, b) {
  return (isActiveIncident(b) - isActiveIncident(a))
    || ((SEVERITY_RANK[bare(b.severity)] ?? 0) - (SEVERITY_RANK[bare(a.severity)] ?? 0))
    || (Date.parse(b.opened_at ?? 0) - Date.parse(a.opened_at ?? 0));
}

let deferred = false;

export function renderIncidents() {
  const list = $('#incident-list');
  keepFocus(list, () => draw(list));
}

function draw(list) {
  // While an operator writes a note the list stays as it is; it catches up when the form closes.
  if (list.querySelector('form.action-form')) {
    deferred = true;
    return;
  }
  deferred = false;
  const items = [...state.incidents.values()].sort(incidentOrder);
  if (items.length === 0) {
    list.replaceChildren(element('li', { class: 'muted', text: t('noIncidents') }));
    return;
  }
  list.replaceChildren(...items.map(i => element('li', { class: `feed-item incident ${bare(i.severity)}`, 'data-id': i.id, 'data-state': bare(i.state) },
    element('div', { class: 'feed-line' },
      badge('SEVERITY', i.severity),
      element('button', { type: 'button', class: 'link title', onclick: () => openIncident(i.id), text: i.title || i.id }),
      element('span', { class: `state ${bare(i.state)}`, text: enumText('INCIDENT_STATE', i.state) }),
      element('time', { datetime: i.opened_at, class: 'muted small', text: `${t('opened')} ${formatTime(i.opened_at)}` })),
    element('p', { class: 'impact' }, impactLine(i.impact)),
    element('p', { class: 'muted small' }, membersLine(i)),
    incidentActions(i, () => { if (deferred) renderIncidents(); }))));
}

/** "2,017.5 t/d lost (cu 1,875 · li 97.5 · mo 45) · 100 % from partners · expected back 9/12 16:17". */
export function impactLine(impact = {}) {
  const byCommodity = Object.entries(impact.lost_tpd_by_commodity ?? {}).sort((a, b) => b[1] - a[1]);
  const parts = [impact.lost_tpd > 0
    ? t('lostTpd', { n: formatNumber(impact.lost_tpd, 1) }) + (byCommodity.length > 1 ? ` (${byCommodity.map(([c, v]) => `${c} ${formatNumber(v, 1)}`).join(' · ')})` : '')
    : t('noSupplyLost')];
  if (impact.lost_tpd > 0) parts.push(t('fromPartners', { share: formatPercent(impact.partner_share ?? 0, 0) }));
  if (impact.expected_recovery_at) parts.push(t('expectedBack', { time: formatDateTime(impact.expected_recovery_at) }));
  return parts.join(' · ');
}

function membersLine(i) {
  const affected = i.impact?.affected_nodes ?? [];
  const short = affected.filter(n => n.stockout_before_recovery).length;
  return [
    t('memberCount', { n: formatNumber(i.disruption_count ?? 0, 0) }),
    (i.commodities ?? []).join(', '),
    i.owner ? t('ownedBy', { owner: i.owner }) : t('unassigned'),
    affected.length > 0 ? t('affectedCount', { n: formatNumber(affected.length, 0) }) : null,
    short > 0 ? t('runOutBeforeRecovery', { n: formatNumber(short, 0) }) : null,
  ].filter(Boolean).join(' · ');
}

/** Acknowledge (OPEN), assign, note, resolve, for admins; `done` runs when a form closes. */
export function incidentActions(i, done) {
  if (!isAdmin() || bare(i.state) === 'RESOLVED') return null;
  const available = [
    bare(i.state) === 'OPEN' ? { name: 'acknowledge', label: t('acknowledge'), field: 'note' } : null,
    { name: 'assign', label: t('assign'), field: 'owner' },
    { name: 'note', label: t('addNote'), field: 'note' },
    { name: 'resolve', label: t('resolve'), field: 'note' },
  ].filter(Boolean);
  return actionControls(available, async (name, body) => {
    const result = await api(`/api/v1/incidents/${encodeURIComponent(i.id)}:${name}`, { method: 'POST', body });
    if (result?.incident) mergeIncident(result.incident);
    views.incidents();
  }, done);
}

/** The newer version of an incident wins (an id is never reused). */
export function mergeIncident(incident) {
  const known = state.incidents.get(incident.id);
  if (known && (known.version ?? 0) > (incident.version ?? 0)) return false;
  // Lists and events leave out members and timeline: keep those the dialog fetched.
  state.incidents.set(incident.id, { ...incident, members: incident.members?.length ? incident.members : known?.members, timeline: incident.timeline?.length ? incident.timeline : known?.timeline });
  state.liveIncidentAt.set(incident.id, Date.now());
  return true;
}
