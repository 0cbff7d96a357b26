/**
 * Policy comparison: any two versions side by side as one inline word-level diff, with the
 * counts, and the diff saved as self-contained HTML through a native save dialog.
 */
import { errorMessage, type Api, type PolicyComparison, type PolicySummary } from "../api";
import { h, replaceChildren } from "../h";
import { formatDate, t, tn } from "../i18n";
import { errorAlert, statusWord } from "../view";
import { messageParts } from "./message-parts";

/**
 * Renders a comparison: insertions in `<ins>`, deletions in `<del>`, kept text as it is. Every run
 * is text (built with `h`), so policy text holding `<script>` shows as those characters. The runs
 * are the policy's own words and are never translated.
 */
export function renderDiff(c: PolicyComparison): HTMLElement {
  const identical = c.words_inserted + c.words_deleted === 0;
  return h(
    "div",
    { class: "diff-result" },
    h(
      "p",
      { class: "diff-counts", "data-testid": "policy-diff-counts" },
      messageParts(t(identical ? "policy.compare.counts_identical" : "policy.compare.counts", { old: c.old, new: c.new }), {
        inserted: h("span", { class: "count-ins" }, tn("policy.compare.words_inserted", c.words_inserted)),
        deleted: h("span", { class: "count-del" }, tn("policy.compare.words_deleted", c.words_deleted)),
      }),
    ),
    h(
      "div",
      { class: "diff", "data-testid": "policy-diff", role: "region", "aria-label": t("policy.compare.diff_label", { old: c.old, new: c.new }), tabindex: "0" },
      c.runs.map((run) => {
        if (run.kind === "insert") return h("ins", null, run.text);
        if (run.kind === "delete") return h("del", null, run.text);
        return run.text;
      }),
    ),
  );
}

/** The compare panel's handle: the element, and a way to start a comparison from elsewhere. */
export interface ComparePanel {
  element: HTMLElement;
  /** Compares from `a` to `b` (or to the newest other version) and moves focus to the second picker. */
  compareFrom(a: PolicySummary, b?: PolicySummary): void;
}

/** Version choices: "draft-2 (draft)"; the value is the id, which the backend accepts. */
function versionOptions(versions: PolicySummary[]): HTMLOptionElement[] {
  return versions.map((v) =>
    h(
      "option",
      { value: String(v.id) },
      v.effective_date
        ? t("policy.compare.option_dated", { label: v.label, status: statusWord(v.status), date: formatDate(v.effective_date) })
        : t("policy.compare.option", { label: v.label, status: statusWord(v.status) }),
    ),
  );
}

/**
 * Builds the compare panel for `versions` (newest first). Starts from the version in force (or,
 * when that is the newest, the one before it) to the newest version.
 */
export function comparePanel(api: Api, versions: PolicySummary[]): ComparePanel {
  const section = h("section", { class: "panel compare", "aria-labelledby": "compare-heading", "data-testid": "policy-compare" });
  const heading = h("h2", { id: "compare-heading" }, t("policy.compare.heading"));
  if (versions.length < 2) {
    replaceChildren(
      section,
      heading,
      h("p", { class: "note", "data-testid": "policy-compare-empty" }, t("policy.compare.needs_two")),
    );
    return { element: section, compareFrom: () => undefined };
  }

  const initialB = versions[0]!;
  const published = versions.find((v) => v.status === "published");
  const initialA = published && published.id !== initialB.id ? published : versions[1]!;
  const selectA = h("select", { id: "compare-a", "data-testid": "compare-a" }, versionOptions(versions));
  const selectB = h("select", { id: "compare-b", "data-testid": "compare-b" }, versionOptions(versions));
  selectA.value = String(initialA.id);
  selectB.value = String(initialB.id);
  const result = h("div", { class: "compare-result", "aria-live": "polite" });
  const saveStatus = h("div", { class: "save-status", role: "status" });
  const save = h("button", { type: "button", class: "secondary", "data-testid": "policy-diff-save" }, t("policy.compare.save"));

  // A later comparison wins over an earlier one still running.
  let generation = 0;
  const compare = async () => {
    const mine = ++generation;
    replaceChildren(saveStatus);
    result.setAttribute("aria-busy", "true");
    try {
      const comparison = await api.comparePolicies(selectA.value, selectB.value);
      if (mine === generation) replaceChildren(result, renderDiff(comparison));
    } catch (error) {
      if (mine === generation) replaceChildren(result, errorAlert(errorMessage(error)));
    } finally {
      if (mine === generation) result.removeAttribute("aria-busy");
    }
  };

  selectA.addEventListener("change", () => void compare());
  selectB.addEventListener("change", () => void compare());
  save.addEventListener("click", async () => {
    save.disabled = true;
    replaceChildren(saveStatus, t("policy.compare.saving"));
    try {
      const saved = await api.exportPolicyDiff(selectA.value, selectB.value);
      replaceChildren(
        saveStatus,
        saved ? h("p", { class: "ok" }, messageParts(t("policy.compare.saved"), { path: h("code", null, saved.path) })) : t("policy.compare.save_cancelled"),
      );
    } catch (error) {
      replaceChildren(saveStatus, errorAlert(errorMessage(error), t("policy.editor.not_saved")));
    } finally {
      save.disabled = false;
    }
  });

  replaceChildren(
    section,
    heading,
    h(
      "div",
      { class: "compare-pickers" },
      h("div", { class: "field" }, h("label", { for: "compare-a" }, t("policy.compare.from")), selectA),
      h("div", { class: "field" }, h("label", { for: "compare-b" }, t("policy.compare.to")), selectB),
      save,
    ),
    saveStatus,
    result,
  );
  void compare();

  return {
    element: section,
    compareFrom(a, b) {
      const other = b && b.id !== a.id ? b : versions.find((v) => v.id !== a.id)!;
      selectA.value = String(a.id);
      selectB.value = String(other.id);
      void compare();
      section.scrollIntoView?.({ block: "start" });
      selectB.focus();
    },
  };
}
