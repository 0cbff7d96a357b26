/**
 * The policy editor: the markdown source on the left, a live preview on the right. Drafts can be
 * saved (button or Ctrl+S), sent for review, published and exported; versions in review, published
 * and retired ones are read-only, because the register refuses to change them.
 */
import { errorMessage, type Api, type PolicyDetail, type PolicyVersion } from "../api";
import { h, replaceChildren } from "../h";
import { badge, calendarDate, errorAlert, instant, setSanitisedHtml } from "../view";
import { exportControls } from "./policy-export";
import { publishDialog } from "./policy-publish";

/** What the editor asks of the screen around it. */
export interface EditorHost {
  /** The version was saved, moved or published: refresh the list and show `version` again. */
  changed(version: PolicyVersion): Promise<void>;
  /** Start a new draft copied from `version`. */
  newDraftFrom(version: PolicyVersion): void;
  /** The label of the version in force, which publishing retires. */
  publishedLabel(): string | null;
}

/** The open editor. */
export interface PolicyEditor {
  element: HTMLElement;
  version: PolicyVersion;
  /** True while the textarea holds text that is not saved. */
  dirty(): boolean;
  /**
   * Resolves true when it is fine to leave the text (nothing unsaved, or the officer chose to
   * save or discard), false when the officer keeps editing.
   */
  confirmLeave(what: string): Promise<boolean>;
  /** Stops the pending preview. */
  destroy(): void;
}

/** How long typing must pause before the preview is rendered again. */
export const PREVIEW_DELAY_MS = 250;

const STATUS_NOTES: Record<string, string> = {
  in_review: "This version is in review, so its text is locked. Return it to draft to edit it, or publish it.",
  published: "Published versions never change. A correction is a new draft with a new \u201cLast updated\u201d date.",
  retired: "This version was replaced by a later one. Retired versions never change; start a new draft from it to reuse its text.",
};

/** Builds the editor for one version. */
export function policyEditor(api: Api, detail: PolicyDetail, host: EditorHost, previewDelayMs = PREVIEW_DELAY_MS): PolicyEditor {
  let version = detail.version;
  let saved = version.markdown;
  const id = String(version.id);
  const status = version.status;
  const editable = status === "draft";

  const textarea = h(
    "textarea",
    {
      id: "policy-markdown",
      class: "markdown-source",
      "data-testid": "policy-editor",
      spellcheck: "true",
      readonly: !editable,
      "aria-describedby": editable ? "policy-editor-hint" : "policy-readonly-note",
    },
  );
  textarea.value = saved;
  const preview = h("div", { class: "policy-preview", "data-testid": "policy-preview", role: "region", "aria-labelledby": "policy-preview-heading", tabindex: "0" });
  const alerts = h("div", { class: "editor-alerts", "data-testid": "policy-editor-alert" });
  const guard = h("div", { class: "guard-region" });
  const saveState = h("span", { class: "save-state", role: "status", "data-testid": "policy-save-state" });
  const dialogSlot = h("div", { class: "dialog-slot" });

  // --- preview ---------------------------------------------------------------------------
  let timer: ReturnType<typeof setTimeout> | undefined;
  let previewGeneration = 0;
  const renderPreview = async () => {
    const mine = ++previewGeneration;
    preview.setAttribute("aria-busy", "true");
    try {
      const html = await api.previewPolicy(textarea.value);
      if (mine === previewGeneration) setSanitisedHtml(preview, html);
    } catch (error) {
      if (mine === previewGeneration) replaceChildren(preview, errorAlert(errorMessage(error), "No preview."));
    } finally {
      if (mine === previewGeneration) preview.removeAttribute("aria-busy");
    }
  };
  const schedulePreview = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void renderPreview(), previewDelayMs);
  };
  // Links in the preview would navigate the app's own window away: show where they point instead.
  preview.addEventListener("click", (event) => {
    const link = (event.target as Element | null)?.closest?.("a");
    if (link) event.preventDefault();
  });

  // --- saving ----------------------------------------------------------------------------
  const isDirty = () => editable && textarea.value !== saved;
  const showDirty = () => {
    saveState.textContent = isDirty() ? "Unsaved changes" : "";
  };
  textarea.addEventListener("input", () => {
    showDirty();
    schedulePreview();
  });

  /** Saves when there is something to save; true when the stored text now matches the textarea. */
  const save = async (): Promise<boolean> => {
    if (!isDirty()) {
      saveState.textContent = "No changes to save.";
      return true;
    }
    const text = textarea.value;
    replaceChildren(alerts);
    saveState.textContent = "Saving…";
    try {
      version = await api.savePolicyDraft(id, text);
      saved = text;
      showDirty();
      if (!isDirty()) saveState.textContent = `Saved at ${new Date().toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })}.`;
      return true;
    } catch (error) {
      showDirty();
      replaceChildren(alerts, errorAlert(errorMessage(error), "Not saved."));
      return false;
    }
  };

  const confirmLeave = (what: string): Promise<boolean> => {
    if (!isDirty()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        replaceChildren(guard);
        resolve(ok);
      };
      const saveAndGo = h("button", { type: "button", "data-testid": "guard-save" }, "Save and continue");
      const discard = h("button", { type: "button", class: "secondary", "data-testid": "guard-discard" }, "Discard changes");
      const stay = h("button", { type: "button", class: "secondary", "data-testid": "guard-stay" }, "Keep editing");
      saveAndGo.addEventListener("click", async () => done(await save()));
      discard.addEventListener("click", () => {
        textarea.value = saved;
        showDirty();
        schedulePreview();
        done(true);
      });
      stay.addEventListener("click", () => {
        done(false);
        textarea.focus();
      });
      replaceChildren(
        guard,
        h(
          "div",
          { class: "guard", role: "alertdialog", "aria-labelledby": "guard-text" },
          h("p", { id: "guard-text" }, `${version.label} has unsaved changes. Save them before you ${what}?`),
          h("div", { class: "actions" }, saveAndGo, discard, stay),
        ),
      );
      saveAndGo.focus();
    });
  };

  // --- actions ---------------------------------------------------------------------------
  const actions: HTMLElement[] = [];
  if (editable) {
    const saveButton = h("button", { type: "button", "data-testid": "policy-save", "aria-keyshortcuts": "Control+S" }, "Save");
    saveButton.addEventListener("click", () => void save());
    actions.push(saveButton);
  }
  if (status === "draft" || status === "in_review") {
    const toReview = status === "draft";
    const review = h("button", { type: "button", class: "secondary", "data-testid": "policy-review" }, toReview ? "Send for review" : "Return to draft");
    review.addEventListener("click", async () => {
      if (toReview && !(await confirmLeave("send it for review"))) return;
      replaceChildren(alerts);
      review.disabled = true;
      try {
        await host.changed(await api.setPolicyReview(id, toReview));
      } catch (error) {
        replaceChildren(alerts, errorAlert(errorMessage(error)));
        review.disabled = false;
      }
    });
    const publish = h("button", { type: "button", "data-testid": "policy-publish", "aria-haspopup": "dialog" }, "Publish\u2026");
    publish.addEventListener("click", async () => {
      // Publishing publishes the stored text, so unsaved changes are saved first.
      if (!(await save())) return;
      const dialog = publishDialog(api, version, host.publishedLabel(), (published) => void host.changed(published));
      replaceChildren(dialogSlot, dialog.element);
      dialog.element.addEventListener("close", () => publish.focus());
      dialog.open();
    });
    actions.push(review, publish);
  } else {
    const newDraft = h("button", { type: "button", "data-testid": "policy-new-from-open" }, "New draft from this version");
    newDraft.addEventListener("click", () => host.newDraftFrom(version));
    actions.push(newDraft);
  }
  const exports = exportControls(api, id, () => confirmLeave("export it"));

  const root = h(
    "section",
    {
      class: "panel policy-editor",
      "aria-labelledby": "policy-editor-heading",
      "data-testid": "policy-editor-panel",
      "data-version": version.label,
      "data-status": status,
    },
    h(
      "div",
      { class: "editor-head" },
      h("h2", { id: "policy-editor-heading", tabindex: "-1" }, `Version ${version.label}`),
      h("span", { "data-testid": "policy-status" }, badge(status)),
    ),
    h(
      "dl",
      { class: "facts inline" },
      h("dt", null, "Last updated"),
      h("dd", null, calendarDate(version.effective_date)),
      h("dt", null, "Created"),
      h("dd", null, instant(version.created_at), ` by ${version.created_by}`),
      version.published_at
        ? [h("dt", null, "Published"), h("dd", null, instant(version.published_at), version.published_by ? ` by ${version.published_by}` : "")]
        : null,
      version.change_summary ? [h("dt", null, "Change"), h("dd", null, `${version.material_change ? "Material: " : ""}${version.change_summary}`)] : null,
      detail.snapshots.length > 0
        ? [h("dt", null, "Snapshots"), h("dd", null, detail.snapshots.map((s) => `${s.format.toUpperCase()} ${s.file_sha256.slice(0, 12)}`).join(", "))]
        : null,
    ),
    editable ? null : h("p", { class: "note", id: "policy-readonly-note", "data-testid": "policy-readonly-note" }, STATUS_NOTES[status] ?? "This version cannot be edited."),
    h("div", { class: "toolbar", role: "group", "aria-label": `Actions for ${version.label}` }, actions, exports.buttons, saveState),
    guard,
    alerts,
    exports.panel,
    h(
      "div",
      { class: "editor-grid" },
      h(
        "div",
        { class: "editor-source" },
        h("label", { for: "policy-markdown" }, `Markdown source of ${version.label}`),
        editable ? h("p", { class: "hint", id: "policy-editor-hint" }, "Ctrl+S saves. The preview follows as you type.") : null,
        textarea,
      ),
      h("div", { class: "editor-preview" }, h("h3", { id: "policy-preview-heading" }, "Preview"), preview),
    ),
    dialogSlot,
  );

  root.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
      event.preventDefault();
      if (editable) void save();
    }
  });

  void renderPreview();
  return {
    element: root,
    get version() {
      return version;
    },
    dirty: isDirty,
    confirmLeave,
    destroy() {
      clearTimeout(timer);
      previewGeneration++;
    },
  };
}
