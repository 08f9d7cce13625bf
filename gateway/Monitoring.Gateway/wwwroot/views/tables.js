// The tables: gaps of the chosen commodity, feeds and their freshness, candidate projects ranked. On a narrow
// screen each row reads as a card (CSS: table.stack), its cells labelled by their column (data-label).
import { $, cell, element, fill } from '../dom.js';
import { commodityName, countryName, enumText, formatAge, formatNumber, formatSigned, t } from '../i18n.js';
import { FEED_STALE_S, GAPS_SHOWN, serverNow, state } from '../state.js';
import { gapReason, gapSubject } from '../words.js';

/** Labels each cell with its column's heading, for the stacked (card) layout on narrow screens. */
function labelled(tableId) {
  const headings = [...document.querySelectorAll(`#${tableId} thead th`)].map(th => th.textContent);
  for (const row of document.querySelectorAll(`#${tableId} tbody tr`)) [...row.children].forEach((td, i) => td.setAttribute('data-label', headings[i] ?? ''));
}

export function renderGaps() {
  const indicators = state.indicators.get(state.commodity);
  fill('gaps', (indicators?.gaps ?? []).slice(0, GAPS_SHOWN).map(g => [
    cell(enumText('GAP', g.kind)), cell(g.stage ? enumText('STAGE', g.stage) : t('empty')), cell(gapSubject(g) || t('empty')),
    cell(formatNumber(g.lost_volume_t ?? 0, 0), 'num'), cell(gapReason(g)),
  ]));
  labelled('gaps');
}

export function renderFeeds() {
  const feeds = state.overview?.feeds ?? [];
  let stale = 0;
  fill('feeds', feeds.map(f => {
    const age = f.last_batch_at ? (serverNow() - Date.parse(f.last_batch_at)) / 1000 : Infinity;
    const fresh = age <= FEED_STALE_S;
    if (!fresh) stale++;
    return [
      cell(f.feed_id), cell(formatAge(f.last_batch_at, serverNow())), cell(formatNumber(f.observations_accepted ?? 0, 0), 'num'),
      cell(formatNumber(f.observations_rejected ?? 0, 0), 'num'),
      element('td', {}, element('span', { class: `badge ${fresh ? 'OPERATIONAL' : 'WARNING'}`, text: t(fresh ? 'fresh' : 'stale') })),
    ];
  }));
  labelled('feeds');
  $('#feeds-summary').textContent = t('feedsSummary', { n: formatNumber(feeds.length, 0), fresh: formatNumber(feeds.length - stale, 0), stale: formatNumber(stale, 0) });
}

export function renderProjects() {
  fill('projects', state.projects.map(a => [
    cell(formatNumber(a.rank_by_score ?? 0, 0), 'num'), cell(a.candidate?.name ?? ''), cell(commodityName(a.candidate?.commodity ?? '')),
    cell(a.candidate?.country ? `${enumText('STAGE', a.stage)} · ${countryName(a.candidate.country)}` : enumText('STAGE', a.stage)), cell(formatSigned(a.score_gain ?? 0, 2), 'num'),
    cell(formatSigned(a.hhi_delta ?? 0, 0), 'num'), cell(formatNumber(a.lost_tonnes_avoided_per_musd ?? 0, 2), 'num'),
    cell(formatNumber(a.rank_by_cost_effectiveness ?? 0, 0), 'num'),
  ]));
  labelled('projects');
}
