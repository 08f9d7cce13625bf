// The incident strip at the top of the page: open incidents ranked by severity, then supply lost, then age;
// each with its title, root, age, owner, impact, the next step and the operator's actions, expanding to its
// member disruptions; recently closed ones follow, muted. Admins act on them here.
import { api } from '../api.js';
import { $, badge, bare, element, isActive, keepFocus } from '../dom.js';
import { currentLanguage, enumText, formatNumber, t } from '../i18n.js';
import { isAdmin, serverNow, state, views } from '../state.js';
import { impactSummary, incidentTitle, nextStep, openedAgo } from '../words.js';
import { actionControls } from './actionForm.js';
import { openDetail } from './detail.js';
import { openIncident } from './incident.js';

const SEVERITY_RANK = { CRITICAL: 3, WARNING: 2, INFO: 1 };

/** Active first, worst first, most supply lost first, newest first. */
export function incidentOrder(a, b) {
  return (isActive(b) - isActive(a))
    || ((SEVERITY_RANK[bare(b.severity)] ?? 0) - (SEVERITY_RANK[bare(a.severity)] ?? 0))
    || ((b.impact?.lost_tpd ?? 0) - (a.impact?.lost_tpd ?? 0))
    || (Date.parse(b.opened_at ?? 0) - Date.parse(a.opened_at ?? 0));
}

/** Every incident the page knows: open ones, then recently closed ones. */
function incidentsShown() {
  return [...state.incidents.values()].sort(incidentOrder);
}

const expanded = new Set();
let deferred = false;

let signature = '';

export function renderIncidents() {
  const list = $('#incident-list');
  // Redrawn only when something it shows changed, so a card under the pointer or a screen reader stays put.
  const now = serverNow();
  const next = JSON.stringify([currentLanguage(), isAdmin(), state.highlight, [...expanded], incidentsShown().map(i =>
    [i.id, i.version, i.state, i.owner, i.impact?.lost_tpd, i.impact?.computed_at, blockedLanes(i), openedAgo(i.opened_at, now), i.members?.length ?? 0])]);
  if (next === signature && list.firstChild && !deferred) return;
  signature = next;
  keepFocus(list, () => draw(list));
}

function draw(list) {
  // While an operator writes a note the list stays as it is; it catches up when the form closes.
  if (list.querySelector('form.action-form')) {
    deferred = true;
    return;
  }
  deferred = false;
  const items = incidentsShown();
  const open = items.filter(isActive);
  const rows = items.map(card);
  if (open.length === 0) rows.unshift(element('li', { class: 'all-clear' }, t('allClear')));
  list.replaceChildren(...rows);
}

function blockedLanes(i) {
  const ids = new Set(i.disruption_ids ?? []);
  return [...state.active.values()].filter(d => ids.has(d.id) && bare(d.kind) === 'LANE_BLOCKED').length;
}

function card(i) {
  const active = isActive(i);
  const highlighted = state.highlight === i.id;
  const subjectType = bare(i.root_subject_type) === 'LANE' ? 'lane' : 'node';
  return element('li', { class: `feed-item incident ${bare(i.severity)}${active ? '' : ' closed'}`, 'data-id': i.id, 'data-state': bare(i.state) },
    element('div', { class: 'feed-line' },
      badge('SEVERITY', i.severity),
      element('button', { type: 'button', class: 'link title', onclick: () => openIncident(i.id), text: incidentTitle(i) }),
      element('span', { class: `state ${bare(i.state)}`, text: enumText('INCIDENT_STATE', i.state) })),
    element('p', { class: 'muted small who' },
      element('button', { type: 'button', class: 'link root', text: i.root_subject_name || t('empty'), onclick: () => openDetail(subjectType, i.root_subject_id) }),
      ` · ${openedAgo(i.opened_at, serverNow())} · ${i.owner ? t('ownedBy', { owner: i.owner }) : t('unassigned')}`),
    element('p', { class: 'impact' }, impactSummary(i, blockedLanes(i), serverNow())),
    active ? element('p', { class: 'next small' }, nextStep(i)) : null,
    element('div', { class: 'card-tools' },
      element('button', {
        type: 'button', class: 'highlight', 'aria-pressed': String(highlighted), text: t(highlighted ? 'hideOnNetwork' : 'showOnNetwork'),
        onclick: () => toggleHighlight(i),
      }),
      members(i)),
    active ? incidentActions(i, () => { if (deferred) renderIncidents(); }) : null);
}

/** The member disruptions, fetched when the operator opens the list. */
function members(i) {
  const list = element('ul', { class: 'plain members' });
  const details = element('details', { class: 'members-list', open: expanded.has(i.id) },
    element('summary', { text: t('membersShow', { n: formatNumber(i.disruption_count ?? 0, 0) }) }), list);
  const fill = async () => {
    const full = i.members?.length ? i : (await api(`/api/v1/incidents/${encodeURIComponent(i.id)}`)).incident;
    mergeIncident(full);
    list.replaceChildren(...(full.members ?? []).map(m => element('li', { class: `member ${bare(m.state)}` },
      badge('SEVERITY', m.severity), ' ',
      element('button', { type: 'button', class: 'link', text: m.subject_name || t('empty'), onclick: () => openDetail(bare(m.subject_type) === 'LANE' ? 'lane' : 'node', m.subject_id) }),
      ` · ${enumText('KIND', m.kind)} · ${enumText('STATE', m.state)}`)));
  };
  details.addEventListener('toggle', () => {
    if (details.open) {
      expanded.add(i.id);
      fill().catch(error => list.replaceChildren(element('li', { class: 'error', text: error.message })));
    } else {
      expanded.delete(i.id);
    }
  });
  if (expanded.has(i.id)) fill().catch(() => {});
  return details;
}

/** Highlights the incident's members on the network (and picks a commodity it concerns). */
async function toggleHighlight(i) {
  if (state.highlight === i.id) {
    state.highlight = null;
  } else {
    state.highlight = i.id;
    if (!(i.commodities ?? []).includes(state.commodity) && (i.commodities ?? []).length > 0) state.commodity = i.commodities[0];
    if (!i.members?.length) {
      try {
        mergeIncident((await api(`/api/v1/incidents/${encodeURIComponent(i.id)}`)).incident);
      } catch (error) {
        console.warn('incident members', error);
      }
    }
  }
  views.all();
  if (state.highlight) document.getElementById('network-title')?.scrollIntoView({ block: 'nearest' });
}

/** The subjects of the highlighted incident: its members' nodes and lanes. */
export function highlightedSubjects() {
  const incident = state.highlight ? state.incidents.get(state.highlight) : null;
  if (!incident) return new Set();
  return new Set([incident.root_subject_id, ...(incident.members ?? []).map(m => m.subject_id)]);
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

