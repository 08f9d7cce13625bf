// Where the consumer country's supply of the chosen commodity comes from, stage by stage (the API's sourcing,
// flow-weighted through the lanes), with its net import reliance. Fetched when the commodity changes and then
// every half minute: it follows the network's normal flows, not every reading.
import { api } from '../api.js';
import { $, element } from '../dom.js';
import { countryName, enumText, formatNumber, formatPercent, t } from '../i18n.js';
import { state } from '../state.js';

const REFRESH_MS = 30000;
const SHOWN = 5;
let fetched = { commodity: null, at: 0 };

export async function refreshSourcing() {
  if (fetched.commodity === state.commodity && Date.now() - fetched.at < REFRESH_MS) return;
  fetched = { commodity: state.commodity, at: Date.now() };
  try {
    state.sourcing = (await api(`/api/v1/commodities/${encodeURIComponent(state.commodity)}/sourcing`)).sourcing ?? null;
  } catch (error) {
    fetched.at = 0;
    console.warn('sourcing', error);
  }
  renderSourcing();
}

export function renderSourcing() {
  const s = state.sourcing;
  const container = $('#sourcing');
  if (!s || s.commodity !== state.commodity) {
    container.replaceChildren(element('p', { class: 'muted', text: t('loading') }));
    return;
  }
  $('#sourcing-title').textContent = t('sourcingTitle', { country: countryName(s.consumer_country) });
  if ((s.stages ?? []).length === 0) {
    container.replaceChildren(element('p', { class: 'muted', text: t('noSourcing', { country: countryName(s.consumer_country) }) }));
    return;
  }
  container.replaceChildren(
    element('p', { class: 'muted small', text: t('sourcingReceived', { tpd: formatNumber(s.received_tpd, 0) }) }),
    ...(s.stages ?? []).map(stage => {
      const origins = stage.origins ?? [];
      const shown = origins.slice(0, SHOWN);
      const rest = origins.slice(SHOWN).reduce((sum, o) => sum + (o.share ?? 0), 0);
      const parts = [...shown.map(o => ({ label: countryName(o.country), share: o.share ?? 0, country: o.country })),
        ...(rest > 0 ? [{ label: t('otherCountries'), share: rest, country: 'other' }] : []),
        ...(stage.unattributed_share > 0 ? [{ label: t('unattributed'), share: stage.unattributed_share, country: 'none' }] : [])];
      const words = parts.map(p => `${p.label} ${formatPercent(p.share, 0)}`).join(' · ');
      return element('div', { class: 'sourcing-stage', 'data-stage': stage.stage },
        element('div', { class: 'sourcing-head' },
          element('strong', { text: enumText('STAGE', stage.stage) }),
          element('span', { class: 'muted small', text: t('importReliance', { share: formatPercent(stage.net_import_reliance ?? 0, 0) }) })),
        element('div', { class: 'stacked', role: 'img', 'aria-label': `${enumText('STAGE', stage.stage)}: ${words}` },
          ...parts.map((p, i) => element('span', { class: `segment s${i % 6} ${p.country}`, style: `width: ${(p.share * 100).toFixed(2)}%`, title: `${p.label} ${formatPercent(p.share, 1)}` }))),
        element('p', { class: 'small sourcing-words', text: words }));
    }));
}
