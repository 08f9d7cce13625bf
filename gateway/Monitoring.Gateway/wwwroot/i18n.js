// Interface text in English and Spanish, and number and time formats for the chosen language.
// Names of places come from the server as they are; everything else (sentences about disruptions, gaps,
// incidents and stress tests: words.js) is worded here from the API's structured fields.

import * as en from './i18n/en.js';
import * as es from './i18n/es.js';

const STRINGS = { en: en.strings, es: es.strings };

// Enumerations as the API names them (without their prefix), per language.
const ENUMS = { en: en.enums, es: es.enums };

const LOCALES = { en: 'en-US', es: 'es-CL' };
const STORAGE = 'monitoring.language';

// ?lang=es in the address (a wall screen's bookmark), else the last choice, else the browser's language.
const asked = new URLSearchParams(location.search).get('lang');
let language = (asked && STRINGS[asked] ? asked : null) || localStorage.getItem(STORAGE) || (navigator.language?.toLowerCase().startsWith('es') ? 'es' : 'en');
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
  const bare = String(value ?? '').replace(/^(SEVERITY|OPERATIONAL_STATUS|DISRUPTION_STATE|INCIDENT_STATE|CAUSE|EVENT_TYPE|DISRUPTION_KIND|STAGE|GAP_KIND|METRIC|TRANSPORT_MODE)_/, '');
  return ENUMS[language][group]?.[bare] ?? ENUMS.en[group]?.[bare] ?? bare.toLowerCase();
}

/** A commodity's name in the current language ("cu" → "Copper" / "Cobre"); the server's name for one it does not know. */
export function commodityName(code, fallback) {
  return ENUMS[language].COMMODITY?.[code] ?? fallback ?? code;
}

/** A country's name from its ISO code ("CL" → "Chile"), in the current language. */
export function countryName(code) {
  if (!code) return '';
  try {
    return new Intl.DisplayNames([LOCALES[language]], { type: 'region' }).of(String(code).toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

export function currentLocale() {
  return LOCALES[language];
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
