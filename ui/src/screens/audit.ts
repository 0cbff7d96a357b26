/**
 * Audit: the append-only, hash-chained log of every change, newest first, a page at a time, with
 * a chain check. Paging is by limit and offset; the total comes from the register's counts when
 * the backend gives them (the log itself is listed without one).
 */
import { errorMessage, type Api, type AuditEntry, type AuditVerification } from "../api";
import { h, replaceChildren } from "../h";
import { formatNumber, t, tn, tOptional } from "../i18n";
import { dataTable, errorAlert, instant, optional, screenTitle, statusWord } from "../view";
import { messageParts } from "./message-parts";

/** Entries per page. */
export const AUDIT_PAGE_SIZE = 50;

/**
 * A stored action or record word ("create_draft", "rights_request") in the current language; a word
 * the catalog does not know is shown as stored, with spaces for "_".
 */
export function auditWord(kind: "action" | "entity", word: string): string {
  return tOptional(`reports.audit.${kind}.${word}`) ?? statusWord(word);
}

/** A stored word in the current language, with the word as stored on hover. */
function word(kind: "action" | "entity", stored: string): HTMLElement {
  return h("span", { title: stored, "data-word": stored }, auditWord(kind, stored));
}

/**
 * Renders one page of audit entries (newest first), or the empty state. `onNewest`, when given,
 * is offered on an empty page past the end, to go back to the newest entries.
 */
export function renderAuditTable(entries: AuditEntry[], offset: number, onNewest?: () => void): HTMLElement {
  const back = onNewest && offset > 0 ? h("button", { type: "button", class: "secondary", "data-testid": "audit-newest", onclick: onNewest }, t("reports.audit.newest")) : null;
  return dataTable({
    caption:
      entries.length === 0
        ? t("reports.audit.caption")
        : t("reports.audit.caption_range", { first: formatNumber(offset + 1), last: formatNumber(offset + entries.length) }),
    testid: "audit-table",
    rows: entries,
    empty: offset === 0 ? t("reports.audit.empty") : t("reports.audit.empty_past_end"),
    emptyExtra: offset === 0 ? h("p", { class: "hint" }, t("reports.audit.empty_chain")) : back,
    columns: [
      { header: t("reports.audit.col_seq"), cell: (e) => formatNumber(e.seq), numeric: true },
      { header: t("reports.audit.col_when"), cell: (e) => instant(e.at) },
      { header: t("reports.audit.col_actor"), cell: (e) => e.actor },
      { header: t("reports.audit.col_action"), cell: (e) => word("action", e.action) },
      { header: t("reports.audit.col_record"), cell: (e) => word("entity", e.entity) },
      { header: t("reports.audit.col_record_id"), cell: (e) => optional(e.entity_id) },
      { header: t("reports.audit.col_hash"), cell: (e) => h("code", { title: e.hash }, e.hash.slice(0, 12)) },
    ],
  });
}

/** Renders the outcome of a chain verification in plain words. */
export function renderVerification(v: AuditVerification): HTMLElement {
  if (v.ok) {
    const head = v.head ? h("code", { title: v.head }, v.head.slice(0, 12)) : null;
    return h(
      "p",
      { class: "verify-ok", "data-entries": v.entries },
      head ? messageParts(tn("reports.audit.intact_head", v.entries), { head }) : tn("reports.audit.intact", v.entries),
    );
  }
  const heading =
    v.first_broken !== null
      ? v.reason
        ? t("reports.audit.broken_at_reason", { seq: formatNumber(v.first_broken), reason: v.reason })
        : t("reports.audit.broken_at", { seq: formatNumber(v.first_broken) })
      : v.reason
        ? t("reports.audit.broken_reason", { reason: v.reason })
        : t("reports.audit.broken");
  return h("div", { class: "alert", role: "alert" }, h("strong", null, heading), " ", t("reports.audit.broken_advice"));
}

/** The position of a page: "Entries 1–50 of 1,234, newest first", or without the total when it is unknown. */
function position(offset: number, count: number, total: number | null): string {
  if (count === 0) return "";
  const first = formatNumber(offset + 1);
  const last = formatNumber(offset + count);
  return total === null ? t("reports.audit.showing", { first, last }) : tn("reports.audit.showing_of", total, { first, last });
}

/** How many entries the log holds, from the register's counts; null when they cannot be had. */
async function auditTotal(api: Api): Promise<number | null> {
  try {
    const total = (await api.dashboard()).counts.audit_entries;
    return typeof total === "number" && Number.isFinite(total) ? total : null;
  } catch {
    return null;
  }
}

/** Loads the first page and wires paging ("Newer entries" / "Older entries") and "Verify chain". */
export async function auditScreen(api: Api): Promise<HTMLElement> {
  let offset = 0;
  const [first, initialTotal] = await Promise.all([api.listAudit({ limit: AUDIT_PAGE_SIZE, offset }), auditTotal(api)]);
  let total = initialTotal;

  const tableRegion = h("div", { class: "audit-page" });
  const status = h("span", { class: "pager-position", role: "status", "aria-live": "polite", "data-testid": "audit-position" });
  // The log is listed newest first: the previous page holds newer entries, the next one older.
  const previous = h("button", { type: "button", class: "secondary", "data-testid": "audit-previous" }, t("reports.audit.newer"));
  const next = h("button", { type: "button", class: "secondary", "data-testid": "audit-next" }, t("reports.audit.older"));
  const pager = h("nav", { class: "pager", "aria-label": t("reports.audit.pages_label"), "data-testid": "audit-pager" }, previous, status, next);
  const verifyResult = h("div", { class: "verify-result", role: "status", "data-testid": "verify-result" });
  const verifyButton = h("button", { type: "button", "data-testid": "verify-chain" }, t("reports.audit.verify"));

  /** How many entries the page on screen holds. */
  let shown = 0;
  const showPosition = () => {
    previous.disabled = offset === 0;
    // A short page is the last one; so is a page that reaches the total.
    next.disabled = shown < AUDIT_PAGE_SIZE || (total !== null && offset + shown >= total);
    status.textContent = position(offset, shown, total);
    // An empty log has nothing to page through.
    pager.hidden = offset === 0 && shown === 0;
  };
  const show = (entries: AuditEntry[]) => {
    shown = entries.length;
    replaceChildren(tableRegion, renderAuditTable(entries, offset, () => void go(0)));
    showPosition();
  };

  const go = async (newOffset: number) => {
    previous.disabled = next.disabled = true;
    try {
      const entries = await api.listAudit({ limit: AUDIT_PAGE_SIZE, offset: newOffset });
      offset = newOffset;
      show(entries);
    } catch (error) {
      replaceChildren(tableRegion, errorAlert(errorMessage(error)));
      previous.disabled = offset === 0;
      next.disabled = false;
    }
  };

  previous.addEventListener("click", () => void go(Math.max(0, offset - AUDIT_PAGE_SIZE)));
  next.addEventListener("click", () => void go(offset + AUDIT_PAGE_SIZE));
  verifyButton.addEventListener("click", async () => {
    verifyButton.disabled = true;
    verifyButton.setAttribute("aria-busy", "true");
    replaceChildren(verifyResult, h("p", null, t("reports.audit.verifying")));
    try {
      const verification = await api.verifyAudit();
      // An intact chain was counted entry by entry: a fresher total than the one the page began with.
      if (verification.ok) {
        total = verification.entries;
        showPosition();
      }
      replaceChildren(verifyResult, renderVerification(verification));
    } catch (error) {
      replaceChildren(verifyResult, errorAlert(errorMessage(error)));
    } finally {
      verifyButton.disabled = false;
      verifyButton.removeAttribute("aria-busy");
    }
  });

  show(first);
  return h(
    "div",
    { class: "screen", "data-testid": "audit" },
    screenTitle(t("reports.audit.title"), t("reports.audit.lead")),
    h("section", { class: "panel verify", "aria-label": t("reports.audit.verify_label") }, verifyButton, verifyResult),
    tableRegion,
    pager,
  );
}
