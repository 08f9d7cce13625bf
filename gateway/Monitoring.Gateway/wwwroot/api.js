// The gateway's JSON API (gRPC JSON transcoding) and its live event stream, with the API key if one is set.

const KEY_STORAGE = 'monitoring.apiKey';
const REQUEST_TIMEOUT_MS = 15000;
let apiKey = sessionStorage.getItem(KEY_STORAGE) ?? '';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function currentKey() {
  return apiKey;
}

/** Keeps the key for this browser tab only (never in the page's URL or local storage). */
export function setKey(key) {
  apiKey = key;
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

function headers(extra = {}) {
  const h = { accept: 'application/json', ...extra };
  if (apiKey) h.authorization = `Bearer ${apiKey}`;
  return h;
}

export async function api(path, { method = 'GET', body } = {}) {
  const response = await fetch(path, {
    method,
    headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    // A gateway that hangs counts as unreachable instead of freezing the page.
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) throw new ApiError(response.status, json?.message || text || `HTTP ${response.status}`);
  return json;
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Server-Sent Events from /api/v1/events, read with fetch so the API key can travel in a header.
 * Reconnects with backoff (1 s doubling to 10 s) when the gateway restarts or the stream goes quiet:
 * the gateway sends a comment at least every 15 s, so 40 s without a byte means it is gone.
 * onState('connecting' | 'live' | 'down' | 'unauthorized', detail) tells the page; onOpen runs on every (re)connection,
 * so the page can catch up on what it missed.
 */
export function connectEvents({ onEvent, onState, onOpen }) {
  let stopped = false;
  let controller = null;
  let delay = 1000;

  function handle(block) {
    let name = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        if (line.startsWith(': subscribed')) {
          delay = 1000;
          onState('live');
          onOpen?.();
        }
      } else if (line.startsWith('event: ')) {
        name = line.slice(7);
      } else if (line.startsWith('data: ')) {
        data.push(line.slice(6));
      }
    }
    if (data.length === 0) return;
    try {
      onEvent(name, JSON.parse(data.join('\n')));
    } catch (error) {
      console.warn('unreadable event', error);
    }
  }

  async function run() {
    while (!stopped) {
      controller = new AbortController();
      let lastByte = Date.now();
      const watchdog = setInterval(() => {
        if (Date.now() - lastByte > 40000) controller.abort();
      }, 5000);
      try {
        onState('connecting');
        const response = await fetch('/api/v1/events', { headers: headers({ accept: 'text/event-stream' }), signal: controller.signal, cache: 'no-store' });
        if (response.status === 401 || response.status === 403) {
          // Retrying will not help: wait for a (different) key; signing in starts a new stream.
          onState('unauthorized');
          return;
        }
        if (!response.ok) throw new ApiError(response.status, `HTTP ${response.status}`);
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          lastByte = Date.now();
          buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            handle(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
        throw new Error('the stream ended');
      } catch (error) {
        if (stopped) return;
        onState('down', error.message);
        await sleep(delay);
        delay = Math.min(delay * 2, 10000);
      } finally {
        clearInterval(watchdog);
      }
    }
  }

  run();
  return {
    stop() {
      stopped = true;
      controller?.abort();
    },
  };
}
