/**
 * The unlock screen: an encrypted register waits for its passphrase before anything else shows.
 * The backend answers every command with `LOCKED` until `unlockRegister` opens the register; the
 * passphrase goes straight to the backend and is kept nowhere in the page.
 */
import { errorMessage, type Api } from "./api";
import { h, replaceChildren } from "./h";
import { t } from "./i18n";

/** The sentence every backend command answers while the register is locked (src-tauri's `LOCKED`). */
export const LOCKED = "the register is locked; enter its passphrase"; // i18n-ignore: the backend's sentence, compared with

/** True when `error` is the backend saying the register waits for its passphrase. */
export function isLocked(error: unknown): boolean {
  return errorMessage(error).includes(LOCKED);
}

/** What the backend answers while a register from an older release is brought up to date (src-tauri's `UPGRADING`). */
export const UPGRADING = "the register is being brought up to date for this release"; // i18n-ignore: the backend's sentence, compared with

/** True when `error` is the backend saying the register is being brought up to date. */
export function isUpgrading(error: unknown): boolean {
  return errorMessage(error).includes(UPGRADING);
}

/** Shows, inside `root`, that the register is being brought up to date (once, after an update). */
export function showUpgrading(root: HTMLElement): void {
  if (root.querySelector('[data-testid="upgrading"]')) return;
  replaceChildren(
    root,
    h(
      "main",
      { class: "main unlock", "data-testid": "upgrading", "aria-busy": "true" },
      h("h1", { class: "screen-title" }, t("common.upgrading.title")),
      h("p", { class: "lead", role: "status" }, t("common.upgrading.lead")),
    ),
  );
}

/**
 * Shows the unlock screen inside `root`; resolves once the backend has opened the register.
 * A wrong passphrase shows the backend's sentence and lets the officer try again.
 */
export function showUnlock(root: HTMLElement, api: Pick<Api, "unlockRegister">): Promise<void> {
  return new Promise((resolve) => {
    const input = h("input", {
      id: "unlock-passphrase",
      type: "password",
      name: "passphrase",
      autocomplete: "current-password",
      required: true,
      "data-testid": "unlock-passphrase",
    });
    const error = h("div", { class: "alert", role: "alert", "data-testid": "unlock-error", hidden: true });
    const submit = h("button", { type: "submit", "data-testid": "unlock-submit" }, t("common.unlock.submit"));
    const form = h(
      "form",
      { class: "unlock-form", "aria-describedby": "unlock-lead" },
      h("div", { class: "field" }, h("label", { for: "unlock-passphrase" }, t("common.unlock.passphrase")), input),
      error,
      submit,
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const passphrase = input.value;
      if (passphrase === "") {
        error.hidden = false;
        error.textContent = t("common.unlock.empty");
        input.focus();
        return;
      }
      submit.disabled = true;
      error.hidden = true;
      try {
        await api.unlockRegister(passphrase);
        input.value = "";
        resolve();
      } catch (e) {
        const message = errorMessage(e);
        error.textContent = message.charAt(0).toUpperCase() + message.slice(1);
        error.hidden = false;
        input.select();
        input.focus();
      } finally {
        submit.disabled = false;
      }
    });
    replaceChildren(
      root,
      h(
        "main",
        { class: "main unlock", "data-testid": "unlock" },
        h("h1", { class: "screen-title" }, t("common.unlock.title")),
        h("p", { id: "unlock-lead", class: "lead" }, t("common.unlock.lead")),
        form,
      ),
    );
    input.focus();
  });
}

/**
 * Start-up: asks the backend for the dashboard; while a register from an older release is
 * brought up to date, says so and asks again every `pollMs`; when the register is locked, shows
 * the unlock screen. Resolves when the register is open (or the failure is something else, which
 * the dashboard screen itself then shows).
 */
export async function unlockIfNeeded(
  root: HTMLElement,
  api: Pick<Api, "dashboard" | "unlockRegister">,
  pollMs = 500,
): Promise<void> {
  for (;;) {
    try {
      await api.dashboard();
      return;
    } catch (error) {
      if (isUpgrading(error)) {
        showUpgrading(root);
        await new Promise((resolve) => setTimeout(resolve, pollMs));
        continue;
      }
      if (isLocked(error)) await showUnlock(root, api);
      return;
    }
  }
}
