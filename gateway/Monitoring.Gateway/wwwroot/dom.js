// Building the page: elements, badges, table rows, and redraws that keep the keyboard focus.
import { enumText } from './i18n.js';

export const $ = selector => document.querySelector(selector);
const PREFIXES = ['SEVERITY_', 'OPERATIONAL_STATUS_', 'DISRUPTION_STATE_', 'INCIDENT_STATE_', 'CAUSE_', 'DISRUPTION_KIND_', 'SUBJECT_TYPE_', 'STAGE_', 'GAP_KIND_', 'EVENT_TYPE_', 'METRIC_', 'TRANSPORT_MODE_'];

/** "SEVERITY_CRITICAL" → "CRITICAL" (the API's enum names without their type prefix). */
export function bare(value) {
  const text = String(value ?? '');
  const prefix = PREFIXES.find(p => text.startsWith(p));
  return prefix ? text.slice(prefix.length) : text;
}

export function element(name, attributes = {}, ...children) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/**
 * Re-renders a container without losing the keyboard focus: the focused element (a node, a lane, a
 * card, a disruption, or a button inside one) is found again by its data attribute and focused.
 */
export function keepFocus(container, render) {
  const active = document.activeElement;
  let selector = null;
  if (active && active !== document.body && container.contains(active)) {
    const holder = active.closest('[data-node], [data-lane], [data-commodity], [data-id]');
    const attribute = holder && ['data-node', 'data-lane', 'data-commodity', 'data-id'].find(a => holder.hasAttribute(a));
    if (attribute) {
      selector = `[${attribute}="${CSS.escape(holder.getAttribute(attribute))}"]`;
      if (active !== holder) selector += active.classList.length > 0 ? ` .${CSS.escape(active.classList[0])}` : ` ${active.tagName.toLowerCase()}`;
    }
  }
  render();
  if (selector) container.querySelector(selector)?.focus({ preventScroll: true });
}

export function cell(text, className) {
  return element('td', { class: className, text });
}

export function badge(group, value) {
  const key = bare(value);
  return element('span', { class: `badge ${key}`, text: enumText(group, value) });
}

export const severityOf = d => bare(d.severity);
export const stateOf = d => bare(d.state);
export const isActive = d => ['OPEN', 'ACKNOWLEDGED'].includes(stateOf(d));

/** Replaces the rows of a table's body. */
export function fill(tableId, rows) {
  $(`#${tableId} tbody`).replaceChildren(...rows.map(cells => element('tr', {}, ...cells)));
}
