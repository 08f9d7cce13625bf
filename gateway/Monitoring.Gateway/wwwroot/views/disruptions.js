// Live disruptions, newest first, with the operator's acknowledge and resolve (admins, with a note).
import { api } from '../api.js';
import { $, badge, element, isActive, keepFocus, severityOf, stateOf } from '../dom.js';
import { enumText, formatTime, t } from '../i18n.js';
import { onEvent } from '../data.js';
import { isAdmin, state } from '../state.js';
import { actionControls } from './actionForm.js';
import { openDetail } from './detail.js';

export function renderFeed() {
  const list = $('#live-feed');
  keepFocus(list, () => drawFeed(list));
}

let feedDeferred = false;

/** A redraw waited while an operator wrote a note: draw now. */
export function catchUpFeed() {
  if (feedDeferred) renderFeed();
}

function drawFeed(list) {
  // While an operator writes a note the list stays as it is (a redraw would eat the typing); it catches up when the form closes.
  if (list.querySelector('form.action-form')) {
    feedDeferred = true;
    return;
  }
  feedDeferred = false;
  const items = [...state.feed.values()].sort((a, b) => Date.parse(b.updated_at ?? 0) - Date.parse(a.updated_at ?? 0));
  if (items.length === 0) {
    list.replaceChildren(element('li', { class: 'muted', text: t('noEvents') }));
    return;
  }
  list.replaceChildren(...items.map(d => element('li', { class: `feed-item ${severityOf(d)}`, 'data-id': d.id, 'data-subject': d.subject_id, 'data-state': stateOf(d) },
    element('div', { class: 'feed-line' },
      badge('SEVERITY', d.severity),
      element('button', { type: 'button', class: 'link', onclick: () => openDetail(String(d.subject_type).endsWith('LANE') ? 'lane' : 'node', d.subject_id), text: d.subject_name || d.subject_id }),
      element('span', { class: 'kind', text: enumText('KIND', d.kind) }),
      element('span', { class: `state ${stateOf(d)}`, text: enumText('STATE', d.state) }),
      element('time', { datetime: d.updated_at, class: 'muted small', text: formatTime(d.updated_at) })),
    element('p', { class: 'summary', text: d.summary ?? '' }),
    actions(d))));
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
