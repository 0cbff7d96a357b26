/**
 * The words and rules the requests screens share: types, statuses, how urgent a request is and
 * how its days left read. Pure functions, so the inbox and the detail view say the same thing.
 */
import type { RequestRow } from "../api";

/** The request types the officer can choose (`needs_triage` is what the classifier leaves). */
export const REQUEST_TYPES = ["access", "correction", "deletion", "withdraw_authorization", "other"] as const;

/** The workflow's statuses, in order (as the backend stores them). */
export const REQUEST_STATUSES = ["received", "identity_check", "in_progress", "completed", "refused", "withdrawn"] as const;

/** Statuses that close a request; moving to one needs a note with the outcome. */
export const CLOSED_STATUSES: readonly string[] = ["completed", "refused", "withdrawn"];

/** A stored name in words: `withdraw_authorization` → "withdraw authorization". */
export function words(value: string): string {
  return value.replace(/_/g, " ");
}

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

const days = (n: number) => `${n} ${n === 1 ? "day" : "days"}`;

/** The days-left cell in words: "3 days overdue", "due today", "due in 5 days", "paused since …". */
export function daysLeftText(r: RequestRow): string {
  switch (urgencyOf(r)) {
    case "closed":
      return `closed (${words(r.status)})`;
    case "paused":
      return `paused since ${r.paused_since}`;
    case "undated":
      return "no due date";
    default: {
      const left = r.days_left!;
      if (left < 0) return `${days(-left)} overdue`;
      if (left === 0) return "due today";
      return `due in ${days(left)}`;
    }
  }
}

const RANK: Record<Urgency, number> = { overdue: 0, soon: 0, normal: 0, paused: 1, undated: 2, closed: 3 };

/**
 * The inbox order: open running requests by days left (overdue first, soonest next), then paused
 * ones by due date, then open ones without a due date, then closed ones, newest first.
 */
export function sortInbox(rows: readonly RequestRow[]): RequestRow[] {
  return [...rows].sort((a, b) => {
    const ua = urgencyOf(a);
    const ub = urgencyOf(b);
    if (RANK[ua] !== RANK[ub]) return RANK[ua] - RANK[ub];
    if (RANK[ua] === 0) return a.days_left! - b.days_left! || a.id - b.id;
    if (ua === "paused") return (a.due_date ?? "").localeCompare(b.due_date ?? "") || a.id - b.id;
    if (ua === "closed") return b.received_at.localeCompare(a.received_at) || b.id - a.id;
    return a.id - b.id;
  });
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
