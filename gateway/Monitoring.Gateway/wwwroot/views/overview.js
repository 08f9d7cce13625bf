// The overview: one card per commodity with its score, trend, components, open incidents and active disruptions.
import { bar, sparkline } from '../charts.js';
import { $, element, isActive, keepFocus, severityOf } from '../dom.js';
import { commodityName, countryName, enumText, formatFixed, formatNumber, formatPercent, t } from '../i18n.js';
import { state, views } from '../state.js';

export function renderOverview() {
  const container = $('#overview-cards');
  keepFocus(container, () => renderCards(container));
}

function renderCards(container) {
  const commodities = state.overview?.commodities ?? [];
  container.replaceChildren(...commodities.map(c => {
    const indicators = state.indicators.get(c.code);
    const score = indicators?.score ?? {};
    const counts = { CRITICAL: 0, WARNING: 0, INFO: 0 };
    const incidents = { CRITICAL: 0, WARNING: 0, INFO: 0 };
    for (const i of state.incidents.values()) if (isActive(i) && (i.commodities ?? []).includes(c.code)) incidents[severityOf(i)] = (incidents[severityOf(i)] ?? 0) + 1;
    for (const d of state.active.values()) if ((d.commodities ?? []).includes(c.code)) counts[severityOf(d)] = (counts[severityOf(d)] ?? 0) + 1;
    const components = [
      ['availability', score.availability], ['diversification', score.diversification], ['survivability', score.survivability],
      ['circularity', score.circularity], ['feedHealth', score.feed_health],
    ];
    const trend = state.trends.get(c.code) ?? [];
    return element('article', {
      class: `card${c.code === state.commodity ? ' selected' : ''}`, 'data-commodity': c.code, tabindex: 0, role: 'button',
      'aria-pressed': String(c.code === state.commodity), onclick: () => selectCommodity(c.code),
      onkeydown: e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); selectCommodity(c.code); } },
    },
      element('h3', {}, commodityName(c.code, c.name)),
      element('div', { class: 'score-row' },
        element('div', {},
          element('div', { class: 'muted small', text: t('score') }),
          element('div', { class: 'score', 'data-score': c.code, text: indicators ? formatFixed(score.value, 1) : t('empty') })),
        element('div', { class: 'trend' }, element('div', { class: 'muted small', text: t('trend') }),
          sparkline(trend, { width: 150, height: 40, label: `${t('trend')} ${commodityName(c.code, c.name)}`, className: 'sparkline trend-line' }))),
      element('dl', { class: 'components' }, ...components.map(([key, value]) => element('div', { class: 'component' },
        element('dt', { text: t(key) }), element('dd', {}, bar(value, `${t(key)} ${formatFixed(value ?? 0, 2)}`), element('span', { class: 'num', text: formatFixed(value ?? 0, 2) }))))),
      element('p', { class: 'counts incident-counts' },
        element('span', { class: 'muted', text: `${t('openIncidents')}: ` }),
        ...['CRITICAL', 'WARNING'].map(s => count(s, incidents[s]))),
      element('p', { class: 'counts' },
        element('span', { class: 'muted', text: `${t('activeDisruptions')}: ` }),
        ...['CRITICAL', 'WARNING', 'INFO'].map(s => count(s, counts[s]))),
      controlLine(indicators),
      element('p', { class: 'muted small', text: `${t('nodes')} ${formatNumber(c.node_count ?? 0, 0)} · ${t('lanes')} ${formatNumber(c.lane_count ?? 0, 0)}` }));
  }));
}

/**
 * Extraction by location and by control: "Mining: top AU 37 % (by control CN 26 %) · partners 60 % (54 %)". Who holds
 * the capacity can differ from where it is (docs/indicators.md, control).
 */
function controlLine(indicators) {
  const stage = (indicators?.stages ?? []).find(s => String(s.stage).endsWith('EXTRACTION'));
  if (!stage) return null;
  return element('p', { class: 'small control-line', title: t('controlHelp') }, t('controlLine', {
    top: countryName(stage.top_country), share: formatPercent(stage.top_country_share ?? 0, 0),
    controlTop: countryName(stage.top_control_country || stage.top_country), controlShare: formatPercent(stage.top_control_share ?? stage.top_country_share ?? 0, 0),
    partners: formatPercent(stage.partner_share ?? 0, 0), partnersControl: formatPercent(stage.partner_share_control ?? stage.partner_share ?? 0, 0),
  }));
}

/** A count by severity: coloured when there is something to count, grey at zero. */
function count(severity, n) {
  return element('span', { class: `badge ${n > 0 ? severity : 'zero'}`, title: enumText('SEVERITY', severity), text: `${enumText('SEVERITY', severity)} ${formatNumber(n, 0)}` });
}

/** Commodities with critical active disruptions, and how many. */
export function criticalByCommodity() {
  const counts = new Map();
  for (const d of state.active.values()) {
    if (severityOf(d) !== 'CRITICAL') continue;
    for (const c of d.commodities ?? []) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return counts;
}

export function selectCommodity(code) {
  state.commodity = code;
  localStorage.setItem('monitoring.commodity', code);
  views.all();
}
