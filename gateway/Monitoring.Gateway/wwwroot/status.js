// Status page: polls the JSON API (gRPC JSON transcoding) and renders overview, resilience indicators,
// gaps, candidate projects, disruptions, feeds, nodes and lanes.
const REFRESH_MS = 3000;
const RANKING_REFRESH_MS = 30000;
const STALE_AFTER_S = 30;
const GAPS_PER_COMMODITY = 3;

const enumName = (value, prefix) => String(value ?? '').replace(prefix, '');
const fmtNumber = n => Number(n ?? 0).toLocaleString('en-US', { maximumFractionDigits: 1 });
const fmtRatio = r => Number(r ?? 0).toFixed(2);
const fmtPercent = r => `${(100 * Number(r ?? 0)).toFixed(1)} %`;
const fmtSigned = (n, digits = 1) => `${n > 0 ? '+' : ''}${Number(n ?? 0).toFixed(digits)}`;
const fmtTime = t => (t ? new Date(t).toLocaleTimeString('en-GB') : '—');
const ageSeconds = t => (t ? (Date.now() - new Date(t).getTime()) / 1000 : Infinity);

function cell(text, className) {
  const td = document.createElement('td');
  if (className) td.className = className;
  td.textContent = text;
  return td;
}

function badge(text) {
  const td = document.createElement('td');
  const span = document.createElement('span');
  span.className = `badge ${text}`;
  span.textContent = text;
  td.append(span);
  return td;
}

function fill(tableId, rows) {
  const body = document.querySelector(`#${tableId} tbody`);
  body.replaceChildren(...rows.map(cells => {
    const tr = document.createElement('tr');
    tr.append(...cells);
    return tr;
  }));
}

async function getJson(path) {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

let topology = null;
let topologyVersion = -1;
let rankingsFetchedAt = 0;

async function refreshIndicators(codes) {
  const all = await Promise.all(codes.map(code => getJson(`/api/v1/commodities/${encodeURIComponent(code)}/indicators`).then(r => r.indicators)));
  fill('resilience', all.map(i => {
    const s = i.score ?? {};
    return [
      cell(i.commodity), cell(Number(s.value ?? 0).toFixed(1), 'num score'), cell(fmtRatio(s.availability), 'num'),
      cell(fmtRatio(s.diversification), 'num'), cell(fmtRatio(s.survivability), 'num'), cell(fmtRatio(s.circularity), 'num'),
      cell(fmtRatio(s.feed_health), 'num'), cell(fmtPercent(i.recycled_share), 'num'),
    ];
  }));
  fill('gaps', all.flatMap(i => (i.gaps ?? []).slice(0, GAPS_PER_COMMODITY).map(g => [
    cell(i.commodity), cell(enumName(g.kind, 'GAP_KIND_').toLowerCase().replace('_', ' ')), cell(enumName(g.stage, 'STAGE_').toLowerCase()),
    cell(g.subject || '—'), cell(fmtNumber(g.lost_volume_t), 'num'), cell(g.description),
  ])));
}

async function section(tableId, work) {
  const caption = document.querySelector(`#${tableId} caption`);
  caption.dataset.text ??= caption.textContent;
  try {
    await work();
    caption.textContent = caption.dataset.text;
    caption.classList.remove('stale');
  } catch (error) {
    caption.textContent = `${caption.dataset.text} — not current: ${error.message}`;
    caption.classList.add('stale');
  }
}

async function refreshRankings() {
  if (Date.now() - rankingsFetchedAt < RANKING_REFRESH_MS) return;
  const response = await fetch('/api/v1/project-rankings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if (!response.ok) throw new Error(`/api/v1/project-rankings: HTTP ${response.status}`);
  const appraisals = (await response.json()).appraisals ?? [];
  rankingsFetchedAt = Date.now();
  fill('projects', appraisals.map(a => [
    cell(a.rank_by_score, 'num'), cell(a.candidate.name), cell(a.candidate.commodity),
    cell(`${enumName(a.stage, 'STAGE_').toLowerCase()} · ${a.candidate.country}`), cell(fmtSigned(a.score_gain, 2), 'num'),
    cell(fmtSigned(a.hhi_delta, 0), 'num'), cell(fmtNumber(a.lost_tonnes_avoided_per_musd), 'num'), cell(a.rank_by_cost_effectiveness, 'num'),
  ]));
}

async function refresh() {
  const overview = await getJson('/api/v1/overview');
  const disruptions = (await getJson('/api/v1/disruptions')).disruptions ?? [];
  if (overview.topology_version !== topologyVersion) {
    topology = (await getJson('/api/v1/topology')).topology ?? {};
    topologyVersion = overview.topology_version;
  }

  document.getElementById('meta').textContent =
    `Topology “${overview.topology_name || '—'}” v${overview.topology_version} · updated ${fmtTime(overview.generated_at)}`;

  const summary = [
    ['Nodes', overview.node_count], ['Lanes', overview.lane_count],
    ['Open disruptions', overview.open_disruption_count], ['Observations accepted', overview.observations_accepted],
  ];
  document.getElementById('summary').replaceChildren(...summary.map(([label, value]) => {
    const div = document.createElement('div');
    const dt = document.createElement('dt');
    const dd = document.createElement('dd');
    dt.textContent = label;
    dd.textContent = fmtNumber(value);
    div.append(dt, dd);
    return div;
  }));

  fill('commodities', (overview.commodities ?? []).map(c => [
    cell(c.code), cell(c.name), cell(fmtNumber(c.node_count), 'num'), cell(fmtNumber(c.lane_count), 'num'),
    cell(fmtNumber(c.open_disruption_count), 'num'), cell(fmtNumber(c.critical_disruption_count), 'num'),
  ]));

  // Each section fails on its own: a commodity that cannot answer must not freeze the disruptions below.
  await section('resilience', () => refreshIndicators((overview.commodities ?? []).map(c => c.code)));
  await section('projects', refreshRankings);

  fill('disruptions', disruptions.map(d => [
    badge(enumName(d.severity, 'SEVERITY_')), cell(d.subject_name || d.subject_id), cell(enumName(d.kind, 'DISRUPTION_KIND_')),
    cell(enumName(d.state, 'DISRUPTION_STATE_')), cell(fmtTime(d.opened_at)), cell(d.summary),
  ]));

  fill('feeds', (overview.feeds ?? []).map(f => [
    cell(f.feed_id), cell(fmtNumber(f.batches), 'num'), cell(fmtNumber(f.observations_accepted), 'num'),
    cell(fmtNumber(f.observations_rejected), 'num'), cell(fmtTime(f.last_batch_at), ageSeconds(f.last_batch_at) > STALE_AFTER_S ? 'stale' : ''),
  ]));

  const worst = new Map();
  const rank = { INFO: 0, WARNING: 1, CRITICAL: 2 };
  for (const d of disruptions) {
    const severity = enumName(d.severity, 'SEVERITY_');
    if (severity === 'INFO') continue;
    const status = severity === 'CRITICAL' ? 'DISRUPTED' : 'DEGRADED';
    if (!worst.has(d.subject_id) || rank[severity] > rank[worst.get(d.subject_id).severity]) worst.set(d.subject_id, { status, severity });
  }
  const statusOf = id => worst.get(id)?.status ?? 'OPERATIONAL';

  fill('nodes', (topology.nodes ?? []).map(n => [
    cell(`${n.name} (${n.id})`), cell(enumName(n.kind, 'NODE_KIND_').toLowerCase()), cell(n.country),
    cell((n.commodities ?? []).map(c => `${c.commodity}/${enumName(c.stage, 'STAGE_').toLowerCase()}`).join(', ')),
    cell(fmtNumber((n.commodities ?? []).reduce((sum, c) => sum + (c.capacity_tpd ?? 0), 0)), 'num'),
    badge(statusOf(n.id)),
  ]));

  fill('lanes', (topology.lanes ?? []).map(l => [
    cell(l.name || l.id), cell(l.from_node_id), cell(l.to_node_id), cell(l.commodity),
    cell(enumName(l.mode, 'TRANSPORT_MODE_').toLowerCase()), cell(fmtNumber(l.baseline_transit_h), 'num'), badge(statusOf(l.id)),
  ]));
}

async function loop() {
  try {
    await refresh();
  } catch (error) {
    document.getElementById('meta').textContent = `Cannot reach the gateway (${error.message}); retrying…`;
  }
  setTimeout(loop, REFRESH_MS);
}

loop();
