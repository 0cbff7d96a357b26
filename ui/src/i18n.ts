/**
 * (Engineers: the rules for screens — catalogs, keys, dates, empty states, shortcuts, labels — are
 * in ui/CONVENTIONS.md. Read it before changing a screen.)
 *
 * Languages: every string the UI shows comes from the catalogs through `t()`, and every date and
 * number is formatted for the chosen locale here. The choice is one of `LOCALES`; it is applied
 * with `setLocale` (which also sets `<html lang>`), and remembered by the backend's preferences.
 *
 * Messages may carry `{name}` placeholders, filled from `params`. A count that changes the words
 * uses two keys, `<key>.one` and `<key>.other`, chosen by `tn()` with the language's plural rules.
 */
import { en, zhHK, type MessageKey } from "./locales";

export type { MessageKey } from "./locales";

/** A language the UI speaks. */
export type Locale = "en" | "zh-HK";

/** The languages, each named in itself, as the settings screen offers them. */
export const LOCALES: readonly { id: Locale; name: string }[] = [
  { id: "en", name: "English" },
  { id: "zh-HK", name: "繁體中文（香港）" },
];

/** The locale dates and numbers follow: Hong Kong English writes "29 Nov 2026". */
const INTL_LOCALE: Record<Locale, string> = { en: "en-HK", "zh-HK": "zh-HK" };

const CATALOGS: Record<Locale, Record<MessageKey, string>> = { en, "zh-HK": zhHK };

let current: Locale = "en";
const listeners = new Set<(locale: Locale) => void>();

/** Whether `value` names a language the UI speaks. */
export function isLocale(value: unknown): value is Locale {
  return value === "en" || value === "zh-HK";
}

/** The language in use. */
export function locale(): Locale {
  return current;
}

/** Switches language; screens built afterwards speak it. Listeners rebuild what is on screen. */
export function setLocale(next: Locale): void {
  current = next;
  if (typeof document !== "undefined") document.documentElement.lang = next;
  for (const listener of listeners) listener(next);
}

/** Calls `listener` after every language switch; returns a function that stops it. */
export function onLocaleChange(listener: (locale: Locale) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Fills `{name}` placeholders; an unknown placeholder stays as written, so a gap shows. */
function fill(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? formatNumber(value) : value;
  });
}

/** The message `key` in the current language, with its placeholders filled. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = CATALOGS[current][key] ?? en[key] ?? key;
  return fill(text, params);
}

/** The message `key` if the catalogs have it (for keys built from stored words), else undefined. */
export function tOptional(key: string, params?: Record<string, string | number>): string | undefined {
  const text = (CATALOGS[current] as Record<string, string>)[key] ?? (en as Record<string, string>)[key];
  return text === undefined ? undefined : fill(text, params);
}

/**
 * A message that depends on a count: `<base>.one` or `<base>.other` by the language's plural
 * rules, with `{count}` filled (formatted for the locale) besides `params`.
 */
export function tn(base: string, count: number, params?: Record<string, string | number>): string {
  const rule = new Intl.PluralRules(INTL_LOCALE[current]).select(count) === "one" ? "one" : "other";
  const key = `${base}.${rule}` as MessageKey;
  const fallback = `${base}.other` as MessageKey;
  const text = CATALOGS[current][key] ?? CATALOGS[current][fallback] ?? en[key] ?? en[fallback] ?? base;
  return fill(text, { count, ...params });
}

/** A number in the chosen locale: "1,234,567". */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(INTL_LOCALE[current], options).format(value);
}

/**
 * A calendar date stored as ISO 8601 ("2026-11-29") in the chosen locale: "29 Nov 2026" or
 * "2026年11月29日". It is a date, not an instant, so it is shown without any time-zone shift.
 * Anything that is not such a date is returned as it is.
 */
export function formatDate(iso: string, style: "medium" | "long" | "short" = "medium"): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return iso;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(INTL_LOCALE[current], { dateStyle: style, timeZone: "UTC" }).format(date);
}

/** A UTC instant (RFC 3339) in the officer's local time and the chosen locale. */
export function formatDateTime(value: string): string {
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) return value;
  return new Intl.DateTimeFormat(INTL_LOCALE[current], { dateStyle: "medium", timeStyle: "short" }).format(parsed);
}
