/**
 * Policy: every version of the privacy policy (newest first, as the backend lists them), an editor
 * with a live preview for the one open, and a word-level comparison of any two.
 */
import { errorMessage, type Api, type PolicySummary, type PolicyVersion } from "../api";
import { h, replaceChildren, type Child } from "../h";
import { formatDate, t } from "../i18n";
import { badge, calendarDate, dataTable, errorAlert, instant, loading, screenTitle } from "../view";
import { messageParts } from "./message-parts";
import { comparePanel, type ComparePanel } from "./policy-compare";
import { policyEditor, type EditorHost, type PolicyEditor } from "./policy-editor";

/** What a row of the versions table can ask for. */
export interface VersionActions {
  open(v: PolicySummary): void;
  compareWith(v: PolicySummary): void;
  newDraftFrom(v: PolicySummary): void;
}

/**
 * What an empty register of versions is for, and the way to its first version: import the policy
 * in force as a draft, review it, publish it. `extra` follows (e.g. a button to look again).
 */
function noVersionsSteps(extra?: Child): HTMLElement {
  const code = (text: string) => h("code", null, text);
  return h(
    "div",
    { class: "empty-steps", "data-testid": "policy-first-steps" },
    h(
      "ol",
      null,
      h("li", null, messageParts(t("policy.empty.step_import"), { command: code("workbench policy import FILE") })), // i18n-ignore
      h("li", null, t("policy.empty.step_review")),
      h("li", null, t("policy.empty.step_publish")),
    ),
    extra,
  );
}

/** Renders the versions table with its row actions, or the empty state (with `emptyExtra` after its steps). */
export function renderVersionsTable(versions: PolicySummary[], actions: VersionActions, openId: number | null = null, emptyExtra?: Child): HTMLElement {
  const table = dataTable({
    caption: t("policy.versions.caption"),
    testid: "policy-versions",
    rows: versions,
    empty: t("policy.versions.empty"),
    emptyExtra: versions.length === 0 ? noVersionsSteps(emptyExtra) : undefined,
    columns: [
      { header: t("policy.versions.col_version"), cell: (v) => v.label },
      { header: t("policy.versions.col_status"), cell: (v) => badge(v.status) },
      { header: t("policy.versions.col_last_updated"), cell: (v) => calendarDate(v.effective_date) },
      { header: t("policy.versions.col_material"), cell: (v) => (v.material_change ? t("policy.versions.material_yes") : t("policy.versions.material_no")) },
      { header: t("policy.versions.col_published"), cell: (v) => instant(v.published_at) },
      {
        header: t("policy.versions.col_actions"),
        cell: (v) =>
          h(
            "div",
            { class: "row-actions" },
            button(t("policy.versions.open"), "policy-open", v, () => actions.open(v)),
            button(t("policy.versions.compare_with"), "policy-compare-with", v, () => actions.compareWith(v)),
            button(t("policy.versions.new_from"), "policy-new-from", v, () => actions.newDraftFrom(v)),
          ),
      },
    ],
  });
  // Mark the open version's row for eyes and screen readers alike.
  const rows = table.querySelectorAll("tbody tr");
  versions.forEach((v, i) => {
    if (v.id === openId) rows[i]?.setAttribute("aria-current", "true");
  });
  return table;
}

/** A row action; its accessible name starts with what it shows and adds which version it acts on. */
function button(text: string, testid: string, v: PolicySummary, onClick: () => void): HTMLButtonElement {
  return h("button", { type: "button", class: "secondary small", "aria-label": t("policy.versions.action_label", { action: text, label: v.label }), "data-testid": testid, "data-version": v.label, onClick }, text);
}

/** Loads the versions, opens the one in force (else the newest) and wires everything together. */
export async function policyScreen(api: Api): Promise<HTMLElement> {
  let versions = await api.listPolicyVersions();
  let editor: PolicyEditor | null = null;
  let compare: ComparePanel | null = null;

  const messages = h("div", { class: "screen-messages", "data-testid": "policy-message", role: "status" });
  const newDraft = h("button", { type: "button", "data-testid": "policy-new-draft", "data-shortcut": "new-draft" }, t("policy.new_draft"));
  const tableRegion = h("div", { class: "versions" });
  const editorRegion = h("div", { class: "editor-region" });
  const compareRegion = h("div", { class: "compare-region" });

  const published = () => versions.find((v) => v.status === "published") ?? null;

  const actions: VersionActions = {
    open: (v) => {
      replaceChildren(messages);
      void open(v.id, true);
    },
    compareWith: (v) => compare?.compareFrom(v, editor ? versions.find((o) => o.id === editor!.version.id) : undefined),
    newDraftFrom: (v) => void createDraft(String(v.id)),
  };

  // With no version yet, the empty state offers to look again once a policy has been imported.
  const checkAgain = h("button", { type: "button", class: "secondary", "data-testid": "policy-check-again" }, t("policy.empty.check_again"));
  checkAgain.addEventListener("click", async () => {
    checkAgain.disabled = true;
    replaceChildren(messages);
    try {
      await reload();
      const first = published() ?? versions[0];
      if (first) {
        toolbar.hidden = false;
        await open(first.id, true, true);
      } else {
        replaceChildren(messages, h("p", null, t("policy.empty.still_none")));
      }
    } catch (error) {
      replaceChildren(messages, errorAlert(errorMessage(error)));
    } finally {
      checkAgain.disabled = false;
    }
  });

  const showTable = () => {
    replaceChildren(tableRegion, renderVersionsTable(versions, actions, editor?.version.id ?? null, checkAgain));
    const inForce = published();
    newDraft.disabled = inForce === null;
    newDraft.title = inForce ? t("policy.new_draft_title", { label: inForce.label }) : t("policy.new_draft_none_published");
  };

  const showVersions = () => {
    showTable();
    compare = comparePanel(api, versions);
    replaceChildren(compareRegion, compare.element);
  };

  const reload = async () => {
    versions = await api.listPolicyVersions();
    showVersions();
  };

  const closeEditor = () => {
    editor?.destroy();
    editor = null;
  };

  /**
   * Opens a version in the editor. Unless `asked` (the caller already did), asks first when the
   * open one has unsaved changes.
   */
  const open = async (id: number, focus: boolean, asked = false): Promise<void> => {
    if (!asked && editor && !(await editor.confirmLeave(t("policy.leave.open_other")))) return;
    closeEditor();
    replaceChildren(editorRegion, loading(t("policy.loading_text")));
    try {
      const detail = await api.getPolicyVersion(String(id));
      editor = policyEditor(api, detail, host);
      replaceChildren(editorRegion, editor.element);
      showTable();
      if (focus) editor.element.querySelector<HTMLElement>(detail.version.status === "draft" ? "textarea" : "h2")?.focus();
    } catch (error) {
      replaceChildren(editorRegion, errorAlert(errorMessage(error)));
    }
  };

  const createDraft = async (from: string | null) => {
    if (editor && !(await editor.confirmLeave(t("policy.leave.new_draft")))) return;
    replaceChildren(messages);
    newDraft.disabled = true;
    try {
      const draft = await api.newPolicyDraft(from, null);
      await reload();
      replaceChildren(messages, h("p", { class: "ok" }, t("policy.started_draft", { label: draft.label })));
      await open(draft.id, true, true);
    } catch (error) {
      replaceChildren(messages, errorAlert(errorMessage(error)));
    } finally {
      newDraft.disabled = published() === null;
    }
  };

  const host: EditorHost = {
    changed: async (v: PolicyVersion) => {
      const retired = published()?.label;
      try {
        await reload();
      } catch (error) {
        replaceChildren(messages, errorAlert(errorMessage(error)));
        return;
      }
      // The record changed under the editor, and what it held is saved: no need to ask.
      await open(v.id, false, true);
      const date = v.effective_date ? formatDate(v.effective_date) : "?";
      const note =
        v.status === "published"
          ? retired && retired !== v.label
            ? t("policy.note.published_retired", { label: v.label, date, retired })
            : t("policy.note.published", { label: v.label, date })
          : v.status === "in_review"
            ? t("policy.note.in_review", { label: v.label })
            : t("policy.note.draft_again", { label: v.label });
      replaceChildren(messages, h("p", { class: "ok" }, note));
      editorRegion.querySelector<HTMLElement>("h2")?.focus();
    },
    newDraftFrom: (v: PolicyVersion) => void createDraft(String(v.id)),
    publishedLabel: () => published()?.label ?? null,
  };

  newDraft.addEventListener("click", () => void createDraft(null));
  const toolbar = h("div", { class: "toolbar" }, newDraft);
  toolbar.hidden = versions.length === 0;
  showVersions();

  const root = h(
    "div",
    { class: "screen policy-screen", "data-testid": "policy" },
    screenTitle(t("policy.title"), t("policy.lead")),
    toolbar,
    messages,
    tableRegion,
    editorRegion,
    compareRegion,
  );

  const first = published() ?? versions[0];
  if (first) await open(first.id, false, true);
  return root;
}
