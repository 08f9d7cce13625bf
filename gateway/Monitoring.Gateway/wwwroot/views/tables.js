// The tables: gaps of the chosen commodity, feeds and their freshness, candidate projects ranked.
import { cell, element, fill } from '../dom.js';
import { enumText, formatAge, formatNumber, formatSigned, t } from '../i18n.js';
import { FEED_STALE_S, GAPS_SHOWN, serverNow, state } from '../state.js';

export function renderGaps() {
  const indicators = state.indicators.get(state.commodity);
  fill('gaps', (indicators?.gaps ?? []).slice(0, GAPS_SHOWN).map(g => [
    cell(state.commodity), cell(enumText('GAP', g.kind)), cell(g.stage ? enumText('STAGE', g.stage) : t('empty')), cell(g.subject || t('empty')),
    cell(formatNumber(g.lost_volume_t ?? 0, 0), 'num'), cell(g.description),
  ]));
}

export function renderFeeds() {
  fill('feeds', (state.overview?.feeds ?? []).map(f => {
    const age = f.last_batch_at ? (serverNow() - Date.parse(f.last_batch_at)) / 1000 : Infinity;
    const fresh = age <= FEED_STALE_S;
    return [
      cell(f.feed_id), cell(formatAge(f.last_batch_at, serverNow())), cell(formatNumber(f.observations_accepted ?? 0, 0), 'num'),
      cell(formatNumber(f.observations_rejected ?? 0, 0), 'num'),
      element('td', {}, element('span', { class: `badge ${fresh ? 'OPERATIONAL' : 'WARNING'}`, text: t(fresh ? 'fresh' : 'stale') })),
    ];
  }));
}

export function renderProjects() {
  fill('projects', state.projects.map(a => [
    cell(formatNumber(a.rank_by_score ?? 0, 0), 'num'), cell(a.candidate?.name ?? ''), cell(a.candidate?.commodity ?? ''),
    cell(a.candidate?.country ? `${enumText('STAGE', a.stage)} · ${a.candidate.country}` : enumText('STAGE', a.stage)), cell(formatSigned(a.score_gain ?? 0, 2), 'num'),
    cell(formatSigned(a.hhi_delta ?? 0, 0), 'num'), cell(formatNumber(a.lost_tonnes_avoided_per_musd ?? 0, 2), 'num'),
    cell(formatNumber(a.rank_by_cost_effectiveness ?? 0, 0), 'num'),
  ]));
}
