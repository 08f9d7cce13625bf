// Sentences in the page's language from the API's structured fields: why a disruption is open, what a gap is,
// an incident's title and impact, a stress test's result per downstream node. Names of places are the
// server's; every other word and number is the current language's (i18n.js).
import { bare } from './dom.js';
import { commodityName, countryName, currentLanguage, currentLocale, enumText, formatAge, formatNumber, formatPercent, t } from './i18n.js';

const DAY_MS = 86400000;

function lastEvidence(d) {
  const evidence = d.evidence ?? [];
  return evidence[evidence.length - 1] ?? {};
}

/** "Puerto Angamos (Mejillones)" or "Puerto Angamos (Mejillones) and 2 more". */
function rootNames(d) {
  const names = [...new Set((d.root_causes ?? []).map(r => r.subject_name || r.subject_id))];
  if (names.length === 0) return '';
  return names.length === 1 ? names[0] : t('andMore', { first: names[0], n: formatNumber(names.length - 1, 0) });
}

function seconds(value) {
  const s = Number(value ?? 0);
  const [unit, amount] = s < 120 ? ['second', s] : s < 7200 ? ['minute', s / 60] : ['hour', s / 3600];
  return new Intl.NumberFormat(currentLocale(), { style: 'unit', unit, unitDisplay: 'narrow', maximumFractionDigits: 0 }).format(amount);
}

/** Why a disruption is open, in one line. */
export function disruptionReason(d) {
  const e = lastEvidence(d);
  const kind = bare(d.kind);
  const commodity = (d.commodities ?? []).map(c => commodityName(c)).join(', ');
  switch (kind) {
    case 'OUTPUT_DROP':
      return t('why_OUTPUT_DROP', { value: formatPercent(e.value, 0), threshold: formatPercent(e.threshold, 0) });
    case 'INVENTORY_LOW':
      return t('why_INVENTORY_LOW', { value: formatNumber(e.value, 1), threshold: formatNumber(e.threshold, 1) });
    case 'LANE_DELAY':
      return t('why_LANE_DELAY', { value: formatNumber(e.value, 2), threshold: formatNumber(e.threshold, 2) });
    case 'FEED_SILENT':
      return t('why_FEED_SILENT', { value: seconds(e.value), threshold: seconds(e.threshold) });
    case 'DECLARED':
    case 'LANE_BLOCKED':
      if (kind === 'DECLARED' || (d.root_causes ?? []).length === 0) {
        return d.cause && bare(d.cause) !== 'UNSPECIFIED' ? t('why_DECLARED', { cause: enumText('CAUSE', d.cause) }) : t('why_DECLARED_plain');
      }
      return t('why_LANE_BLOCKED', { root: rootNames(d) });
    case 'UPSTREAM_EXPOSURE':
      return t('why_UPSTREAM_EXPOSURE', {
        commodity, commodityLower: commodity.toLocaleLowerCase(), root: rootNames(d), expected: formatNumber(e.threshold, 1),
        cover: e.value > 0 ? t('coverDays', { n: formatNumber(e.value, 1) }) : t('coverUnknown'),
      });
    default:
      return t('why_ANOMALY');
  }
}

/** What the evidence compared, in the current language. */
export function quantityText(quantity) {
  const q = String(quantity ?? '');
  if (q.includes('cover')) return t('q_cover');
  if (q.includes('output')) return t('q_output');
  if (q.includes('transit')) return t('q_transit');
  if (q.includes('seconds')) return t('q_silence');
  if (q.includes('cusum')) return t('q_anomaly');
  if (q === 'report') return t('q_report');
  return t('q_endpoint');
}

/** A gap, worded from its figures. */
export function gapReason(g) {
  const kind = bare(g.kind);
  const stage = g.stage ? enumText('STAGE', g.stage).toLowerCase() : '';
  const params = {
    stage, country: countryName(g.subject), share: formatPercent(g.share, 0), name: g.subject_name || '', related: g.related_name || '',
    tpd: formatNumber(g.tonnes_per_day, 1),
  };
  switch (kind) {
    case 'CONCENTRATION': return capitalized(t('gap_CONCENTRATION', { ...params, value: formatNumber(g.value, 0), threshold: formatNumber(g.threshold, 0) }));
    case 'SINGLE_COUNTRY': return t('gap_SINGLE_COUNTRY', { ...params, threshold: formatPercent(g.threshold, 0) });
    case 'SURVIVABILITY': return t('gap_SURVIVABILITY', { ...params, value: formatNumber(g.value, 1), threshold: formatNumber(g.threshold, 1) });
    case 'CIRCULARITY': return t('gap_CIRCULARITY', { ...params, value: formatPercent(g.value, 1), threshold: formatPercent(g.threshold, 0) });
    case 'SINGLE_ROUTE': return t('gap_SINGLE_ROUTE', { ...params, value: formatPercent(g.value, 0) });
    default: return g.description ?? '';
  }
}

/** What a gap is about: a node's or lane's name, a country's name, or nothing for a whole stage. */
export function gapSubject(g) {
  if (g.subject_name) return g.subject_name;
  return /^[A-Za-z]{2}$/.test(g.subject ?? '') ? countryName(g.subject) : '';
}

function capitalized(text) {
  return text ? text[0].toLocaleUpperCase() + text.slice(1) : text;
}

/** An incident's title: the server's (a provider's own words) in English, worded from its cause and root elsewhere. */
export function incidentTitle(i) {
  if (currentLanguage() === 'en' && i.title) return i.title;
  const what = i.cause && bare(i.cause) !== 'UNSPECIFIED' ? enumText('CAUSE', i.cause) : enumText('TITLE', rootKind(i));
  const where = i.root_subject_name || i.title || '';
  return t(bare(i.root_subject_type) === 'LANE' ? 'titleOn' : 'titleAt', { what, where });
}

/**
 * The kind of an incident's first root disruption: from its members when the page has them, else from the root's
 * disruption id, which the API documents as "<subject_id>--<kind>-<n>" (an "output-drop-1" is an OUTPUT_DROP).
 */
function rootKind(i) {
  const member = (i.members ?? []).find(m => m.root);
  if (member) return bare(member.kind);
  const prefix = `${i.root_subject_id}--`;
  const id = (i.disruption_ids ?? []).find(d => d.startsWith(prefix));
  return id ? id.slice(prefix.length).replace(/-\d+$/, '').replace(/-/g, '_').toUpperCase() : 'DECLARED';
}

/** "14 lanes blocked · 3,400 t/d · Port Houston runs out in 9 d · recovery in 5 d". */
export function impactSummary(i, blocked = 0, now = Date.now()) {
  const impact = i.impact ?? {};
  const parts = [];
  if (blocked > 0) parts.push(t('lanesBlocked', { n: formatNumber(blocked, 0) }));
  parts.push(impact.lost_tpd > 0 ? t('lostTpd', { n: formatNumber(impact.lost_tpd, 0) }) : t('noSupplyLost'));
  const first = firstToRunOut(impact);
  if (first) parts.push(t('runsOutIn', { name: first.name || first.node_id, days: formatNumber(Math.max(0, (Date.parse(first.runs_out_at) - now) / DAY_MS), 1) }));
  if (impact.expected_recovery_at) parts.push(t('recoveryIn', { days: formatNumber(Math.max(0, (Date.parse(impact.expected_recovery_at) - now) / DAY_MS), 1) }));
  return parts.join(' · ');
}

export function firstToRunOut(impact) {
  return (impact?.affected_nodes ?? []).filter(n => n.stockout_before_recovery && n.runs_out_at)
    .sort((a, b) => Date.parse(a.runs_out_at) - Date.parse(b.runs_out_at))[0] ?? null;
}

/** What an operator should do next about an incident. */
export function nextStep(i) {
  const state = bare(i.state);
  if (state === 'OPEN') return t('nextAcknowledge');
  if (!i.owner) return t('nextAssign');
  const first = firstToRunOut(i.impact);
  return first ? t('nextShortfall', { name: first.name || first.node_id }) : t('nextWatch');
}

export function openedAgo(iso, now) {
  return t('openedAgo', { age: formatAge(iso, now) });
}

/** One sentence per downstream node of a stress test: when its arrivals are missing, and whether its stock covers the gap. */
export function stressSentence(node, commodity) {
  const params = {
    name: node.name || node.node_id, country: countryName(node.country), commodity: commodityName(commodity).toLowerCase(),
    shortfall: formatNumber(node.shortfall_tpd, 1), start: formatNumber(node.shortfall_starts_day, 1), inventory: formatNumber(node.inventory_t, 0),
    runsOut: formatNumber(node.runs_out_day, 1), short: formatNumber(node.short_t, 0), end: formatNumber(node.shortfall_ends_day, 1),
  };
  const sentence = !(node.inventory_t > 0) ? t('stressNoStock', params)
    : node.runs_out_day === undefined || node.runs_out_day === null ? t('stressCovered', params) : t('stressRunsOut', params);
  return node.substituted_tpd > 0 ? `${sentence} ${t('stressSubstituted', { substituted: formatNumber(node.substituted_tpd, 1) })}` : sentence;
}
