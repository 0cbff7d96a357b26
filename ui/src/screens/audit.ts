/** Audit: the append-only, hash-chained log of every change, in pages, with a chain check. */
import { errorMessage, type Api, type AuditEntry, type AuditVerification } from "../api";
import { h, replaceChildren } from "../h";
import { dataTable, errorAlert, instant, optional, screenTitle } from "../view";

/** Entries per page. */
export const AUDIT_PAGE_SIZE = 50;

/** Renders one page of audit entries, or the empty state. */
export function renderAuditTable(entries: AuditEntry[], offset: number): HTMLElement {
  return dataTable({
    caption:
      entries.length === 0
        ? "Audit log"
        : `Audit log, entries ${offset + 1}–${offset + entries.length}`,
    testid: "audit-table",
    rows: entries,
    empty:
      offset === 0
        ? "The audit log is empty. Every change to the register (imports, edits, publications) is appended here, hash-chained to the one before, as soon as it is made."
        : "No more entries. Go back to the previous page.",
    columns: [
      { header: "No.", cell: (e) => String(e.seq), numeric: true },
      { header: "When", cell: (e) => instant(e.at) },
      { header: "Actor", cell: (e) => e.actor },
      { header: "Action", cell: (e) => e.action },
      { header: "Record", cell: (e) => e.entity },
      { header: "Record id", cell: (e) => optional(e.entity_id) },
      { header: "Hash", cell: (e) => h("code", { title: e.hash }, e.hash.slice(0, 12)) },
    ],
  });
}

/** Renders the outcome of a chain verification in plain words. */
export function renderVerification(v: AuditVerification): HTMLElement {
  if (v.ok) {
    return h(
      "p",
      { class: "verify-ok" },
      `Audit chain intact: ${v.entries} ${v.entries === 1 ? "entry" : "entries"}`,
      v.head ? [". Head ", h("code", { title: v.head }, v.head.slice(0, 12))] : null,
    );
  }
  const where = v.first_broken !== null ? ` at entry ${v.first_broken}` : "";
  const why = v.reason ? `: ${v.reason}` : "";
  return h(
    "div",
    { class: "alert", role: "alert" },
    h("strong", null, `Audit chain broken${where}`),
    `${why}. Entries after that point cannot be trusted; restore the register from a backup and keep this database for investigation.`,
  );
}

/** Loads the first page and wires paging and the "Verify chain" button. */
export async function auditScreen(api: Api): Promise<HTMLElement> {
  let offset = 0;
  const first = await api.listAudit({ limit: AUDIT_PAGE_SIZE, offset });

  const tableRegion = h("div", { class: "audit-page" });
  const position = h("span", { class: "pager-position", "aria-live": "polite" });
  const previous = h("button", { type: "button", class: "secondary", "data-testid": "audit-previous" }, "Previous page");
  const next = h("button", { type: "button", class: "secondary", "data-testid": "audit-next" }, "Next page");
  const verifyResult = h("div", { class: "verify-result", role: "status", "data-testid": "verify-result" });
  const verifyButton = h("button", { type: "button", "data-testid": "verify-chain" }, "Verify chain");

  const show = (entries: AuditEntry[]) => {
    replaceChildren(tableRegion, renderAuditTable(entries, offset));
    previous.disabled = offset === 0;
    // A short page is the last one.
    next.disabled = entries.length < AUDIT_PAGE_SIZE;
    position.textContent =
      entries.length === 0 ? "" : `Showing ${offset + 1}–${offset + entries.length}`;
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
    replaceChildren(verifyResult, h("p", null, "Verifying the hash chain…"));
    try {
      replaceChildren(verifyResult, renderVerification(await api.verifyAudit()));
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
    screenTitle("Audit", "Every change to the register, append-only; each entry's hash covers the one before it."),
    h(
      "section",
      { class: "panel verify", "aria-label": "Verify the audit chain" },
      verifyButton,
      verifyResult,
    ),
    tableRegion,
    h("div", { class: "pager", role: "group", "aria-label": "Audit log pages" }, previous, position, next),
  );
}
