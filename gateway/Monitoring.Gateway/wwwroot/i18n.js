// Interface text in English and Spanish, and number and time formats for the chosen language.
// Data (names, summaries, descriptions) comes from the server as it is.

const STRINGS = {
  en: {
    title: 'Critical-mineral supply chains',
    subtitle: 'Live operations',
    language: 'Language',
    commodity: 'Commodity',
    signIn: 'Sign in',
    signOut: 'Sign out',
    orleansDashboard: 'Orleans dashboard',
    apiKey: 'API key',
    signedInAs: 'Signed in as {name} ({role})',
    anonymousViewer: 'Viewing without a key',
    notSignedIn: 'Not signed in',
    badKey: 'That key was refused',
    signInRequired: 'Sign in with an API key to see the data',
    keyNotAllowed: 'This key may not read the data',
    role_admin: 'admin',
    role_viewer: 'viewer',
    role_provider: 'provider',
    streamUnauthorized: 'Live stream needs a key',
    gatewayGone: 'The gateway cannot be reached; the data shown is getting old',
    gatewayBack: 'The gateway is back',
    eta: 'ETA',
    skipNetwork: 'Skip the network',
    jsonApi: 'JSON API',
    streamLive: 'Live',
    streamConnecting: 'Connecting…',
    streamDown: 'Live stream down — reconnecting',
    updatedAt: 'Data as of {time}',
    staleData: 'Gateway unreachable — showing data as of {time}',
    loading: 'Loading…',
    overview: 'Overview',
    score: 'Resilience score',
    trend: 'Trend',
    availability: 'Availability',
    diversification: 'Diversification',
    survivability: 'Survivability',
    circularity: 'Circularity',
    feedHealth: 'Feed health',
    activeDisruptions: 'Active disruptions',
    nodes: 'Nodes',
    lanes: 'Lanes',
    feeds: 'Data feeds',
    feed: 'Feed',
    lastBatch: 'Last batch',
    accepted: 'Accepted',
    rejected: 'Rejected',
    fresh: 'Fresh',
    stale: 'Stale',
    ago: '{n} ago',
    never: 'never',
    network: 'Network',
    flowView: 'Flow',
    mapView: 'Map',
    networkHelp: 'Nodes by position in the flow; lanes coloured by delay and blockage. Select a node or lane for details.',
    legend: 'Legend',
    liveFeed: 'Live disruptions',
    liveFeedHelp: 'Newest first; updates without reloading.',
    noEvents: 'No disruption events yet.',
    acknowledge: 'Acknowledge',
    resolve: 'Resolve',
    note: 'Note (required)',
    yourName: 'Your name',
    cancel: 'Cancel',
    close: 'Close',
    actionFailed: 'Failed: {error}',
    adminOnly: 'Sign in with an admin key to acknowledge or resolve.',
    gaps: 'Gaps',
    gapsHelp: 'Largest tonnes at stake first.',
    kind: 'Kind',
    stage: 'Stage',
    subject: 'Subject',
    atStake: 'At stake (t)',
    why: 'Why',
    projects: 'Candidate projects',
    projectsHelp: 'Ranked by score gain; cost-effectiveness is lost tonnes avoided per million USD.',
    rank: 'Rank',
    project: 'Project',
    scoreGain: 'Score gain',
    hhiDelta: 'Δ HHI',
    perMusd: 't avoided / MUSD',
    rankByCost: 'Rank by cost',
    stressTest: 'Stress test',
    stressHelp: 'Take nodes and lanes down for some days and see what runs out. Changes nothing.',
    subjectsDown: 'Nodes or lanes down',
    addSubject: 'Add',
    remove: 'Remove',
    days: 'Days',
    run: 'Run',
    running: 'Running…',
    scoreBefore: 'Score before',
    scoreDuring: 'Score during',
    capacityLost: 'Capacity lost (t/d)',
    availableDuring: 'Available during',
    downstream: 'Downstream',
    startsDay: 'Short from day',
    shortfall: 'Shortfall (t/d)',
    inventory: 'Inventory (t)',
    runsOut: 'Runs out on day',
    shortTonnes: 'Short by the end (t)',
    lasts: 'lasts',
    noDownstream: 'No node downstream runs short.',
    status: 'Status',
    metrics: 'Metrics',
    latest: 'Latest',
    average: 'Average',
    recent: 'Recent values',
    disruptions: 'Disruptions',
    noDisruptions: 'None.',
    evidence: 'Evidence',
    history: 'History',
    shipments: 'Shipments in transit',
    meanTransit: 'Mean transit (h)',
    baselineTransit: 'Baseline transit (h)',
    capacity: 'Capacity (t/d)',
    country: 'Country',
    operator: 'Operator',
    from: 'From',
    to: 'To',
    opened: 'Opened',
    addToStress: 'Add to stress test',
    unknownSubject: 'Not a node or lane of the topology: {id}',
    empty: '—',
  },
  es: {
    title: 'Cadenas de suministro de minerales críticos',
    subtitle: 'Operaciones en vivo',
    language: 'Idioma',
    commodity: 'Mineral',
    signIn: 'Ingresar',
    signOut: 'Salir',
    orleansDashboard: 'Panel de Orleans',
    apiKey: 'Clave de API',
    signedInAs: 'Sesión de {name} ({role})',
    anonymousViewer: 'Consulta sin clave',
    notSignedIn: 'Sin sesión',
    badKey: 'La clave fue rechazada',
    signInRequired: 'Ingrese con una clave de API para ver los datos',
    keyNotAllowed: 'Esta clave no puede leer los datos',
    role_admin: 'administrador',
    role_viewer: 'lector',
    role_provider: 'proveedor',
    streamUnauthorized: 'La transmisión requiere una clave',
    gatewayGone: 'No se puede contactar la pasarela; los datos mostrados están envejeciendo',
    gatewayBack: 'La pasarela volvió',
    eta: 'Llegada estimada',
    skipNetwork: 'Saltar la red',
    jsonApi: 'API JSON',
    streamLive: 'En vivo',
    streamConnecting: 'Conectando…',
    streamDown: 'Transmisión caída — reconectando',
    updatedAt: 'Datos al {time}',
    staleData: 'Sin conexión con la pasarela — datos al {time}',
    loading: 'Cargando…',
    overview: 'Resumen',
    score: 'Índice de resiliencia',
    trend: 'Tendencia',
    availability: 'Disponibilidad',
    diversification: 'Diversificación',
    survivability: 'Supervivencia',
    circularity: 'Circularidad',
    feedHealth: 'Salud de los datos',
    activeDisruptions: 'Disrupciones activas',
    nodes: 'Nodos',
    lanes: 'Rutas',
    feeds: 'Fuentes de datos',
    feed: 'Fuente',
    lastBatch: 'Último lote',
    accepted: 'Aceptadas',
    rejected: 'Rechazadas',
    fresh: 'Al día',
    stale: 'Atrasada',
    ago: 'hace {n}',
    never: 'nunca',
    network: 'Red',
    flowView: 'Flujo',
    mapView: 'Mapa',
    networkHelp: 'Nodos según su posición en el flujo; rutas coloreadas por atraso y bloqueo. Seleccione un nodo o una ruta para ver detalles.',
    legend: 'Leyenda',
    liveFeed: 'Disrupciones en vivo',
    liveFeedHelp: 'Las más recientes primero; se actualiza sin recargar.',
    noEvents: 'Aún no hay eventos de disrupción.',
    acknowledge: 'Reconocer',
    resolve: 'Resolver',
    note: 'Nota (obligatoria)',
    yourName: 'Su nombre',
    cancel: 'Cancelar',
    close: 'Cerrar',
    actionFailed: 'Error: {error}',
    adminOnly: 'Ingrese con una clave de administrador para reconocer o resolver.',
    gaps: 'Brechas',
    gapsHelp: 'Primero las de más toneladas en juego.',
    kind: 'Tipo',
    stage: 'Etapa',
    subject: 'Objeto',
    atStake: 'En juego (t)',
    why: 'Por qué',
    projects: 'Proyectos candidatos',
    projectsHelp: 'Ordenados por ganancia de índice; la costo-efectividad son toneladas perdidas evitadas por millón de USD.',
    rank: 'Puesto',
    project: 'Proyecto',
    scoreGain: 'Ganancia de índice',
    hhiDelta: 'Δ IHH',
    perMusd: 't evitadas / MUSD',
    rankByCost: 'Puesto por costo',
    stressTest: 'Prueba de estrés',
    stressHelp: 'Detenga nodos y rutas durante unos días y vea qué se agota. No cambia nada.',
    subjectsDown: 'Nodos o rutas detenidos',
    addSubject: 'Agregar',
    remove: 'Quitar',
    days: 'Días',
    run: 'Ejecutar',
    running: 'Ejecutando…',
    scoreBefore: 'Índice antes',
    scoreDuring: 'Índice durante',
    capacityLost: 'Capacidad perdida (t/d)',
    availableDuring: 'Disponible durante',
    downstream: 'Aguas abajo',
    startsDay: 'Faltante desde el día',
    shortfall: 'Faltante (t/d)',
    inventory: 'Inventario (t)',
    runsOut: 'Se agota el día',
    shortTonnes: 'Faltante al final (t)',
    lasts: 'alcanza',
    noDownstream: 'Ningún nodo aguas abajo queda corto.',
    status: 'Estado',
    metrics: 'Métricas',
    latest: 'Último',
    average: 'Promedio',
    recent: 'Valores recientes',
    disruptions: 'Disrupciones',
    noDisruptions: 'Ninguna.',
    evidence: 'Evidencia',
    history: 'Historial',
    shipments: 'Embarques en tránsito',
    meanTransit: 'Tránsito medio (h)',
    baselineTransit: 'Tránsito de referencia (h)',
    capacity: 'Capacidad (t/d)',
    country: 'País',
    operator: 'Operador',
    from: 'Desde',
    to: 'Hasta',
    opened: 'Abierta',
    addToStress: 'Agregar a la prueba de estrés',
    unknownSubject: 'No es un nodo ni una ruta de la topología: {id}',
    empty: '—',
  },
};

// Enumerations as the API names them (without their prefix), per language.
const ENUMS = {
  en: {
    SEVERITY: { CRITICAL: 'Critical', WARNING: 'Warning', INFO: 'Info' },
    STATUS: { OPERATIONAL: 'Operational', DEGRADED: 'Degraded', DISRUPTED: 'Disrupted', UNKNOWN: 'Unknown' },
    STATE: { OPEN: 'Open', ACKNOWLEDGED: 'Acknowledged', CLEARED: 'Cleared', RESOLVED: 'Resolved' },
    EVENT: { DISRUPTION_OPENED: 'Opened', DISRUPTION_UPDATED: 'Updated', DISRUPTION_ACKNOWLEDGED: 'Acknowledged', DISRUPTION_CLEARED: 'Cleared', DISRUPTION_RESOLVED: 'Resolved' },
    KIND: {
      OUTPUT_DROP: 'Output drop', INVENTORY_LOW: 'Inventory low', LANE_DELAY: 'Lane delay', LANE_BLOCKED: 'Lane blocked',
      FEED_SILENT: 'Feed silent', DECLARED: 'Declared', ANOMALY: 'Anomaly', UPSTREAM_EXPOSURE: 'Upstream exposure',
    },
    STAGE: { EXTRACTION: 'Extraction', PROCESSING: 'Processing', MANUFACTURING: 'Manufacturing', RECYCLING: 'Recycling', LOGISTICS: 'Logistics', CONSUMPTION: 'Consumption' },
    GAP: { CONCENTRATION: 'Concentration', SINGLE_COUNTRY: 'Single country', SURVIVABILITY: 'Survivability', CIRCULARITY: 'Circularity', SINGLE_ROUTE: 'Single route' },
    PHASE: { opened: 'opened', escalated: 'escalated', deescalated: 'eased', updated: 'updated', cleared: 'cleared' },
    METRIC: { OUTPUT_TPD: 'Output (t/d)', INVENTORY_T: 'Inventory (t)', CONSUMPTION_TPD: 'Consumption (t/d)', UTILIZATION: 'Utilization', POWER_AVAILABILITY: 'Power availability', HANDLED_TPD: 'Handled (t/d)' },
  },
  es: {
    SEVERITY: { CRITICAL: 'Crítica', WARNING: 'Advertencia', INFO: 'Información' },
    STATUS: { OPERATIONAL: 'Operativo', DEGRADED: 'Degradado', DISRUPTED: 'Interrumpido', UNKNOWN: 'Desconocido' },
    STATE: { OPEN: 'Abierta', ACKNOWLEDGED: 'Reconocida', CLEARED: 'Despejada', RESOLVED: 'Resuelta' },
    EVENT: { DISRUPTION_OPENED: 'Abierta', DISRUPTION_UPDATED: 'Actualizada', DISRUPTION_ACKNOWLEDGED: 'Reconocida', DISRUPTION_CLEARED: 'Despejada', DISRUPTION_RESOLVED: 'Resuelta' },
    KIND: {
      OUTPUT_DROP: 'Caída de producción', INVENTORY_LOW: 'Inventario bajo', LANE_DELAY: 'Ruta atrasada', LANE_BLOCKED: 'Ruta bloqueada',
      FEED_SILENT: 'Fuente en silencio', DECLARED: 'Declarada', ANOMALY: 'Anomalía', UPSTREAM_EXPOSURE: 'Exposición aguas arriba',
    },
    STAGE: { EXTRACTION: 'Extracción', PROCESSING: 'Procesamiento', MANUFACTURING: 'Manufactura', RECYCLING: 'Reciclaje', LOGISTICS: 'Logística', CONSUMPTION: 'Consumo' },
    GAP: { CONCENTRATION: 'Concentración', SINGLE_COUNTRY: 'Un solo país', SURVIVABILITY: 'Supervivencia', CIRCULARITY: 'Circularidad', SINGLE_ROUTE: 'Ruta única' },
    PHASE: { opened: 'apertura', escalated: 'agravada', deescalated: 'atenuada', updated: 'actualizada', cleared: 'despeje' },
    METRIC: { OUTPUT_TPD: 'Producción (t/d)', INVENTORY_T: 'Inventario (t)', CONSUMPTION_TPD: 'Consumo (t/d)', UTILIZATION: 'Utilización', POWER_AVAILABILITY: 'Disponibilidad eléctrica', HANDLED_TPD: 'Movimiento (t/d)' },
  },
};

const LOCALES = { en: 'en-US', es: 'es-CL' };
const STORAGE = 'monitoring.language';

let language = localStorage.getItem(STORAGE) || (navigator.language?.toLowerCase().startsWith('es') ? 'es' : 'en');
const listeners = [];

export const languages = Object.keys(STRINGS);

export function currentLanguage() {
  return language;
}

export function setLanguage(lang) {
  if (!STRINGS[lang] || lang === language) return;
  language = lang;
  localStorage.setItem(STORAGE, lang);
  document.documentElement.lang = lang;
  for (const listener of listeners) listener(lang);
}

export function onLanguageChange(listener) {
  listeners.push(listener);
}

/** The text of a key in the current language, with {placeholders} filled. */
export function t(key, params = {}) {
  const text = STRINGS[language][key] ?? STRINGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}

/** An API enum value ("SEVERITY_CRITICAL" or "CRITICAL") as words. */
export function enumText(group, value) {
  const bare = String(value ?? '').replace(/^(SEVERITY|OPERATIONAL_STATUS|DISRUPTION_STATE|EVENT_TYPE|DISRUPTION_KIND|STAGE|GAP_KIND|METRIC)_/, '');
  return ENUMS[language][group]?.[bare] ?? ENUMS.en[group]?.[bare] ?? bare.toLowerCase();
}

/** Replaces the text of every element marked data-i18n (and aria-label / placeholder / title variants). */
export function translatePage(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.setAttribute('title', t(el.dataset.i18nTitle));
}

// "+ 0" turns a negative zero (a rounding of -0.001) into 0, so no "-0" is ever shown.
export function formatNumber(value, digits = 1) {
  return new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: digits, minimumFractionDigits: 0, signDisplay: 'negative' }).format(Number(value ?? 0) + 0);
}

export function formatFixed(value, digits) {
  return new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(Number(value ?? 0));
}

export function formatPercent(ratio, digits = 1) {
  return new Intl.NumberFormat(LOCALES[language], { style: 'percent', maximumFractionDigits: digits }).format(Number(ratio ?? 0));
}

export function formatSigned(value, digits = 1) {
  return new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: digits, minimumFractionDigits: digits, signDisplay: 'exceptZero' }).format(Number(value ?? 0));
}

export function formatTime(iso) {
  if (!iso) return t('empty');
  return new Intl.DateTimeFormat(LOCALES[language], { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(iso));
}

export function formatDateTime(iso) {
  if (!iso) return t('empty');
  return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));
}

/** "12 s ago" / "hace 12 s", against `now` (the server's clock when the page knows it). */
export function formatAge(iso, now = Date.now()) {
  if (!iso) return t('never');
  const seconds = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  const unit = seconds < 90 ? ['second', seconds] : seconds < 5400 ? ['minute', seconds / 60] : ['hour', seconds / 3600];
  const amount = new Intl.NumberFormat(LOCALES[language], { style: 'unit', unit: unit[0], unitDisplay: 'narrow', maximumFractionDigits: 0 }).format(unit[1]);
  return t('ago', { n: amount });
}

document.documentElement.lang = language;
