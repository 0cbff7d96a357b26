/**
 * The words and rules the requests screens share: types, statuses, how urgent a request is and
 * how its days left read. Pure functions, so the inbox and the detail view say the same thing.
 */
import type { RequestRow } from "../api";
import { formatDate, t, tn } from "../i18n";
import { statusWord } from "../view";

/** The request types the officer can choose (`needs_triage` is what the classifier leaves). */
export const REQUEST_TYPES = ["access", "correction", "deletion", "withdraw_authorization", "other"] as const;

/** The workflow's statuses, in order (as the backend stores them). */
export const REQUEST_STATUSES = ["received", "identity_check", "in_progress", "completed", "refused", "withdrawn"] as const;

/** Statuses that close a request; moving to one needs a note with the outcome. */
export const CLOSED_STATUSES: readonly string[] = ["completed", "refused", "withdrawn"];

/** True when the request is still being handled. */
export function isOpen(r: Pick<RequestRow, "status">): boolean {
  return !CLOSED_STATUSES.includes(r.status);
}

/** How urgent a request is: what its row's colour and its days-left text say. */
export type Urgency = "overdue" | "soon" | "normal" | "paused" | "undated" | "closed";

/** Requests due within this many days (today included) are flagged as due soon. */
export const SOON_DAYS = 7;

/** The request's urgency: overdue (past due, clock running), soon (due within 7 days), … */
export function urgencyOf(r: RequestRow): Urgency {
  if (!isOpen(r)) return "closed";
  if (r.paused_since) return "paused";
  if (r.days_left === null) return "undated";
  if (r.overdue || r.days_left < 0) return "overdue";
  return r.days_left <= SOON_DAYS ? "soon" : "normal";
}

/** The days-left cell in words: "3 days overdue", "due today", "due in 5 days", "paused since …". */
export function daysLeftText(r: RequestRow): string {
  switch (urgencyOf(r)) {
    case "closed":
      return t("requests.days.closed", { status: statusWord(r.status) });
    case "paused":
      return t("requests.days.paused", { date: formatDate(r.paused_since!) });
    case "undated":
      return t("requests.days.undated");
    default: {
      const left = r.days_left!;
      if (left < 0) return tn("requests.days.overdue", -left);
      if (left === 0) return t("requests.days.today");
      return tn("requests.days.left", left);
    }
  }
}

/** A rule's short name: "HK PDPO s.19: 40 days" → "HK PDPO s.19". */
export function shortRule(rule: string | null): string | null {
  if (!rule) return null;
  const colon = rule.indexOf(":");
  return colon > 0 ? rule.slice(0, colon).trim() : rule;
}

/** Today's date on this machine, YYYY-MM-DD (the default for dates the officer records). */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A note as the backend wants it: trimmed, and null when empty. */
export function optionalText(value: string): string | null {
  const text = value.trim();
  return text === "" ? null : text;
}

