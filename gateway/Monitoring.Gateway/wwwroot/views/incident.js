// The incident dialog: what happened and where, the supply it takes out, who runs short and when, its members
// and its timeline; admins act on it here too. Opened from the list or by a link (?incident=<id>).
import { api } from '../api.js';
import { $, badge, bare, cell, element, isActive } from '../dom.js';
import { commodityName, enumText, formatDateTime, formatNumber, formatPercent, t } from '../i18n.js';
import { serverNow } from '../state.js';
import { impactSummary, incidentTitle, nextStep } from '../words.js';
import { openDetail } from './detail.js';
import { incidentActions, mergeIncident } from './incidents.js';

let shown = null;
let opener = null;

export async function openIncident(id) {
  shown = id;
  opener = document.activeElement?.closest?.('[data-id]')?.getAttribute('data-id') ?? null;
  const dialog = $('#incident');
  $('#incident-title').textContent = id;
  $('#incident-body').replaceChildren(element('p', { class: 'muted', text: t('loading') }));
  if (!dialog.open) dialog.showModal();
  await renderIncident();
}

/** Redraws the open dialog, if any (after an action, a language change or a newer version). */
export async function renderIncident() {
  if (!shown) return;
  const id = shown;
  let incident;
  try {
    incident = (await api(`/api/v1/incidents/${encodeURIComponent(id)}`)).incident;
  } catch (error) {
    if (shown === id) $('#incident-body').replaceChildren(element('p', { class: 'error', text: error.message }));
    return;
  }
  if (shown !== id) return;
  mergeIncident(incident);
  $('#incident-title').textContent = incidentTitle(incident);
  const impact = incident.impact ?? {};
  const root = element('button', {
    type: 'button', class: 'link', text: incident.root_subject_name || incident.root_subject_id,
    onclick: () => { $('#incident').close(); openDetail(bare(incident.root_subject_type) === 'LANE' ? 'lane' : 'node', incident.root_subject_id); },
  });
  const facts = [
    [t('severity'), badge('SEVERITY', incident.severity)], [t('status'), enumText('INCIDENT_STATE', incident.state)], [t('rootCause'), root],
    [t('cause'), incident.cause && bare(incident.cause) !== 'UNSPECIFIED' ? enumText('CAUSE', incident.cause) : t('empty')],
    [t('owner'), incident.owner || t('unassigned')], [t('opened'), formatDateTime(incident.opened_at)],
    [t('clearedAt'), formatDateTime(incident.cleared_at)], [t('expectedRecovery'), formatDateTime(impact.expected_recovery_at)],
  ];
  const affected = impact.affected_nodes ?? [];
  $('#incident-body').replaceChildren(
    element('dl', { class: 'facts' }, ...facts.map(([k, v]) => element('div', {}, element('dt', { text: k }), element('dd', {}, v)))),
    element('h3', { text: t('impact') }),
    element('p', { class: 'impact', text: impactSummary(incident, (incident.members ?? []).filter(m => bare(m.kind) === 'LANE_BLOCKED' && isActive(m)).length, serverNow()) }),
    isActive(incident) ? element('p', { class: 'next' }, nextStep(incident)) : '',
    table('impact-by-commodity', [t('commodity'), t('lostTpdHeader'), t('partnerShare')], Object.entries(impact.lost_tpd_by_commodity ?? {}).map(([c, v]) =>
      [cell(commodityName(c)), cell(formatNumber(v, 1), 'num'), cell(formatPercent(v > 0 ? (impact.partner_tpd_by_commodity?.[c] ?? 0) / v : 0, 0), 'num')])),
    element('h3', { text: t('affectedNodes') }),
    affected.length === 0 ? element('p', { class: 'muted', text: t('noneAffected') }) : table('affected-nodes',
      [t('subject'), t('commodity'), t('shortfall'), t('daysOfCover'), t('runsOutOn'), t('beforeRecovery')],
      affected.map(n => [cell(n.name || t('empty')), cell(commodityName(n.commodity)), cell(formatNumber(n.shortfall_tpd ?? 0, 1), 'num'), cell(formatNumber(n.days_of_cover ?? 0, 1), 'num'),
        cell(formatDateTime(n.runs_out_at)), element('td', {}, n.stockout_before_recovery ? element('span', { class: 'badge CRITICAL', text: t('yes') }) : t('no'))])),
    element('h3', { text: t('membersTitle', { n: formatNumber(incident.disruption_count ?? 0, 0) }) }),
    table('members', [t('severity'), t('kind'), t('subject'), t('status')], (incident.members ?? []).map(m => [
      element('td', {}, badge('SEVERITY', m.severity)), cell(`${enumText('KIND', m.kind)} · ${(m.commodities ?? []).map(c => commodityName(c)).join(', ')}${m.root ? ` · ${t('root')}` : ''}`),
      element('td', {}, element('button', { type: 'button', class: 'link', text: m.subject_name || m.subject_id, onclick: () => { $('#incident').close(); openDetail(bare(m.subject_type) === 'LANE' ? 'lane' : 'node', m.subject_id); } })),
      cell(enumText('STATE', m.state))])),
    element('h3', { text: t('timeline') }),
    element('ol', { class: 'plain timeline' }, ...(incident.timeline ?? []).map(e => element('li', { 'data-kind': e.kind, text: timelineText(e, incident) }))),
    incidentActions(incident, () => renderIncident()) ?? '');
}

/** A timeline entry in the current language: what happened, to which member, and an operator's own words. */
function timelineText(e, incident) {
  const member = (incident.members ?? []).find(m => m.disruption_id === e.disruption_id);
  const parts = [formatDateTime(e.at), t(`tl_${e.kind}`)];
  if (member) parts.push(`${member.subject_name} (${enumText('KIND', member.kind)})`);
  if (e.actor && e.actor !== 'system') parts.push(e.actor, e.text);
  return parts.filter(Boolean).join(' · ');
}

function table(id, headers, rows) {
  // Each cell carries its column's heading, read on a phone where rows become cards (table.stack).
  for (const cells of rows) cells.forEach((c, i) => c.setAttribute('data-label', headers[i] ?? ''));
  return element('table', { class: 'incident-table stack', 'data-table': id },
    element('thead', {}, element('tr', {}, ...headers.map(h => element('th', { scope: 'col', text: h })))),
    element('tbody', {}, ...rows.map(cells => element('tr', {}, ...cells))));
}

/** The dialog closed: focus goes back to the card that opened it. */
export function incidentClosed() {
  shown = null;
  if (opener) document.querySelector(`#incident-list [data-id="${CSS.escape(opener)}"] button.title`)?.focus();
  opener = null;
}
