// The operator's actions on a disruption or an incident: a row of buttons; each opens a form asking for the
// action's text (a note, or an owner) and the operator's name, submitted to the API. Admins only.
import { element } from '../dom.js';
import { t } from '../i18n.js';

/**
 * actions: [{ name: 'acknowledge', label, field: 'note' | 'owner' }] (the button's class is its name);
 * submit(name, body) calls the API and resolves once done; done() runs when the form closes (submitted
 * or cancelled), so its container can catch up on redraws it deferred meanwhile.
 */
export function actionControls(actions, submit, done = () => {}) {
  if (actions.length === 0) return null;
  const wrapper = element('div', { class: 'actions' });
  const showForm = action => {
    const isOwner = action.field === 'owner';
    const text = isOwner
      ? element('input', { type: 'text', required: true, 'aria-label': t('owner'), placeholder: t('owner'), class: 'owner' })
      : element('textarea', { rows: 2, required: true, 'aria-label': t('note'), placeholder: t('note'), class: 'note' });
    const actor = element('input', { type: 'text', 'aria-label': t('yourName'), placeholder: t('yourName'), class: 'actor', value: localStorage.getItem('monitoring.actor') ?? '' });
    const error = element('p', { class: 'error', role: 'alert' });
    const form = element('form', {
      class: 'action-form', 'data-action': action.name,
      onsubmit: async e => {
        e.preventDefault();
        if (!text.value.trim()) { error.textContent = t(isOwner ? 'owner' : 'note'); text.focus(); return; }
        localStorage.setItem('monitoring.actor', actor.value.trim());
        try {
          await submit(action.name, { [action.field]: text.value.trim(), actor: actor.value.trim() });
          form.remove();
          done();
        } catch (err) {
          error.textContent = t('actionFailed', { error: err.message });
        }
      },
    }, actor, text, element('button', { type: 'submit', text: action.label }),
    element('button', { type: 'button', text: t('cancel'), onclick: () => { form.replaceWith(buttons()); done(); } }), error);
    wrapper.replaceChildren(form);
    text.focus();
  };
  const buttons = () => element('div', { class: 'action-buttons' },
    ...actions.map(a => element('button', { type: 'button', class: a.name, text: a.label, onclick: () => showForm(a) })));
  wrapper.append(buttons());
  return wrapper;
}
