// The stress test: nodes and lanes down for some days, and what that costs each commodity downstream.
import { api } from '../api.js';
import { $, cell, element, keepFocus } from '../dom.js';
import { commodityName, currentLanguage, enumText, formatFixed, formatNumber, formatPercent, t } from '../i18n.js';
import { state, subjects } from '../state.js';
import { stressSentence } from '../words.js';

export function renderStress() {
  const { nodes, lanes } = subjects();
  const list = $('#subject-names');
  if (list.options.length !== nodes.size + lanes.size || list.dataset.language !== currentLanguage()) {
    list.dataset.language = currentLanguage();
    list.replaceChildren(...[...nodes.values()].map(n => element('option', { value: n.name })),
      ...[...lanes.values()].map(l => element('option', { value: l.name, label: `${enumText('MODE', l.mode)} · ${commodityName(l.commodity)}` })));
  }
  keepFocus($('#stress-chosen'), () => $('#stress-chosen').replaceChildren(...state.stressChosen.map(id => element('li', { class: 'chip', 'data-id': id },
    element('span', { text: nodes.get(id)?.name ?? lanes.get(id)?.name ?? id }),
    element('button', { type: 'button', class: 'remove', 'aria-label': `${t('remove')} ${nodes.get(id)?.name ?? lanes.get(id)?.name ?? id}`, text: '×', onclick: () => { state.stressChosen = state.stressChosen.filter(x => x !== id); renderStress(); } })))));

  const results = $('#stress-results');
  const result = state.stressResult;
  if (!result) {
    results.replaceChildren();
    return;
  }
  results.replaceChildren(...(result.commodities ?? []).map(c => element('article', { class: 'stress-commodity', 'data-commodity': c.commodity },
    element('h3', { text: t('stressScore', { commodity: commodityName(c.commodity), before: formatFixed(c.score_before ?? 0, 1), during: formatFixed(c.score_during ?? 0, 1) }) }),
    (c.downstream ?? []).length === 0
      ? element('p', { class: 'muted', text: t('noDownstream') })
      : element('ul', { class: 'stress-downstream sentences' }, ...(c.downstream ?? []).map(d => element('li', { 'data-node': d.node_id, class: d.runs_out_day !== undefined && d.runs_out_day !== null ? 'runs-out' : '' },
        stressSentence({ ...d, country: nodes.get(d.node_id)?.country }, c.commodity)))),
    element('details', {}, element('summary', { text: t('capacityLost') }),
      element('table', { class: 'stress-stages stack' },
        element('thead', {}, element('tr', {}, ...[t('stage'), t('capacity'), t('capacityLost'), t('availableDuring')].map((h, i) => element('th', { scope: 'col', class: i ? 'num' : undefined, text: h })))),
        element('tbody', {}, ...(c.stages ?? []).map(s => element('tr', {},
          cell(enumText('STAGE', s.stage)), cell(formatNumber(s.capacity_tpd ?? 0, 0), 'num'), cell(formatNumber(s.lost_tpd ?? 0, 1), 'num'),
          cell(formatPercent(s.available_ratio_during ?? 0), 'num')))))))));
}

/**
 * A node or lane by its id, its name (any case) or a part of its name that only one node (or, failing
 * that, only one lane) has; otherwise the reason it is not one.
 */
function resolve(text, nodes, lanes) {
  if (nodes.has(text) || lanes.has(text)) return { id: text };
  const wanted = text.toLocaleLowerCase();
  const named = list => [...list.values()].filter(s => s.name?.toLocaleLowerCase() === wanted);
  const containing = list => [...list.values()].filter(s => s.name?.toLocaleLowerCase().includes(wanted));
  for (const candidates of [named(nodes), named(lanes), containing(nodes), containing(lanes)]) {
    if (candidates.length === 1) return { id: candidates[0].id };
    if (candidates.length > 1) return { error: t('ambiguousSubject', { text, n: candidates.length }) };
  }
  return { error: t('unknownSubject', { id: text }) };
}

/** Adds a node or lane (by name or id) to the stress test; false (with the reason shown) when it is not one. */
export function addStressSubject(text) {
  const { nodes, lanes } = subjects();
  const typed = text.trim();
  if (!typed) return false;
  const { id: value, error } = resolve(typed, nodes, lanes);
  if (!value) {
    $('#stress-error').textContent = error;
    return false;
  }
  $('#stress-error').textContent = '';
  if (!state.stressChosen.includes(value)) state.stressChosen.push(value);
  $('#stress-subject').value = '';
  renderStress();
  return true;
}

export async function runStress(event) {
  event.preventDefault();
  if ($('#stress-subject').value.trim() && !addStressSubject($('#stress-subject').value)) return;
  const { nodes } = subjects();
  const button = $('#stress-run');
  button.disabled = true;
  button.textContent = t('running');
  try {
    state.stressResult = await api('/api/v1/stress-tests', {
      method: 'POST',
      body: {
        node_ids: state.stressChosen.filter(id => nodes.has(id)),
        lane_ids: state.stressChosen.filter(id => !nodes.has(id)),
        days: Number($('#stress-days').value),
      },
    });
    $('#stress-error').textContent = '';
  } catch (error) {
    state.stressResult = null;
    $('#stress-error').textContent = error.message;
  } finally {
    button.disabled = false;
    button.textContent = t('run');
  }
  renderStress();
}
