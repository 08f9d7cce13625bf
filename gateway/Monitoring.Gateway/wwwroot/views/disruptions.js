// Live disruptions, newest first, with the operator's acknowledge and resolve (admins, with a note).
import { api } from '../api.js';
import { $, badge, element, isActive, keepFocus, severityOf, stateOf } from '../dom.js';
import { enumText, formatTime, t } from '../i18n.js';
import { onEvent } from '../data.js';
import { isAdmin, state } from '../state.js';
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
  const wrapper = element('div', { class: 'actions' });
  const showForm = action => {
    const note = element('textarea', { rows: 2, required: true, 'aria-label': t('note'), placeholder: t('note'), class: 'note' });
    const actor = element('input', { type: 'text', 'aria-label': t('yourName'), placeholder: t('yourName'), class: 'actor', value: localStorage.getItem('monitoring.actor') ?? '' });
    const error = element('p', { class: 'error', role: 'alert' });
    const form = element('form', {
      class: 'action-form', 'data-action': action,
      onsubmit: async e => {
        e.preventDefault();
        if (!note.value.trim()) { error.textContent = t('note'); note.focus(); return; }
        localStorage.setItem('monitoring.actor', actor.value.trim());
        try {
          const result = await api(`/api/v1/disruptions/${encodeURIComponent(d.id)}:${action}`, { method: 'POST', body: { note: note.value.trim(), actor: actor.value.trim() } });
          form.remove();
          if (result?.disruption) onEvent('action', { disruption: result.disruption });
          done();
        } catch (err) {
          error.textContent = t('actionFailed', { error: err.message });
        }
      },
    }, actor, note, element('button', { type: 'submit', text: t(action === 'acknowledge' ? 'acknowledge' : 'resolve') }),
    element('button', { type: 'button', text: t('cancel'), onclick: () => { form.replaceWith(buttons()); done(); } }), error);
    wrapper.replaceChildren(form);
    note.focus();
  };
  const buttons = () => {
    const row = element('div', { class: 'action-buttons' },
      stateOf(d) === 'OPEN' ? element('button', { type: 'button', class: 'acknowledge', text: t('acknowledge'), onclick: () => showForm('acknowledge') }) : null,
      element('button', { type: 'button', class: 'resolve', text: t('resolve'), onclick: () => showForm('resolve') }));
    return row;
  };
  wrapper.append(buttons());
  return wrapper;
}
