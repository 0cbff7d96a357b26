import { describe, expect, it, vi } from "vitest";
import { setLocale } from "../src/i18n";
import { isLocked, isUpgrading, LOCKED, showUnlock, unlockIfNeeded, UPGRADING } from "../src/unlock";

const byTestId = <T extends Element = HTMLElement>(root: ParentNode, id: string) => root.querySelector<T>(`[data-testid="${id}"]`);
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function submit(root: HTMLElement, passphrase: string) {
  const input = byTestId<HTMLInputElement>(root, "unlock-passphrase");
  if (!input) throw new Error("no passphrase field");
  input.value = passphrase;
  byTestId<HTMLFormElement>(root, "unlock")?.querySelector("form")?.dispatchEvent(new Event("submit", { cancelable: true }));
}

describe("the unlock screen", () => {
  it("recognises the backend's locked sentence", () => {
    expect(isLocked(LOCKED)).toBe(true);
    expect(isLocked(new Error(LOCKED))).toBe(true);
    expect(isLocked("the passphrase does not open this register")).toBe(false);
  });

  it("has a labelled password field and an Unlock button", () => {
    const root = document.createElement("div");
    void showUnlock(root, { unlockRegister: async () => undefined });
    const input = byTestId<HTMLInputElement>(root, "unlock-passphrase");
    expect(input?.type).toBe("password");
    expect(root.querySelector(`label[for="${input?.id}"]`)?.textContent).toBe("Passphrase");
    expect(byTestId(root, "unlock-submit")?.textContent).toBe("Unlock");
    expect(byTestId(root, "unlock-error")?.hidden).toBe(true);
  });

  it("shows the backend's sentence for a wrong passphrase, then resolves on the right one", async () => {
    const root = document.createElement("div");
    const unlockRegister = vi.fn(async (p: string) => {
      if (p !== "right") throw "the passphrase does not open this register";
    });
    let done = false;
    const shown = showUnlock(root, { unlockRegister }).then(() => (done = true));
    submit(root, "wrong");
    await flush();
    expect(byTestId(root, "unlock-error")?.hidden).toBe(false);
    expect(byTestId(root, "unlock-error")?.textContent).toBe("The passphrase does not open this register");
    expect(done).toBe(false);
    submit(root, "right");
    await shown;
    expect(unlockRegister.mock.calls.map((c) => c[0])).toEqual(["wrong", "right"]);
    expect(byTestId<HTMLInputElement>(root, "unlock-passphrase")?.value).toBe("");
  });

  it("asks only when the backend says the register is locked", async () => {
    const root = document.createElement("div");
    await unlockIfNeeded(root, { dashboard: vi.fn(async () => ({}) as never), unlockRegister: vi.fn() });
    expect(byTestId(root, "unlock")).toBeNull();
    const unlockRegister = vi.fn(async () => undefined);
    const started = unlockIfNeeded(root, { dashboard: async () => Promise.reject(LOCKED), unlockRegister });
    await flush();
    expect(byTestId(root, "unlock")).not.toBeNull();
    submit(root, "secret");
    await started;
    expect(unlockRegister).toHaveBeenCalledWith("secret");
  });

  it("speaks the officer's language", () => {
    setLocale("zh-HK");
    try {
      const root = document.createElement("div");
      void showUnlock(root, { unlockRegister: async () => undefined });
      expect(root.querySelector("h1")?.textContent).toBe("解鎖登記冊");
      expect(root.querySelector("label")?.textContent).toBe("密碼短語");
      expect(byTestId(root, "unlock-submit")?.textContent).toBe("解鎖");
      submit(root, "");
      expect(byTestId(root, "unlock-error")?.textContent).toBe("請輸入登記冊的密碼短語。");
    } finally {
      setLocale("en");
    }
  });

  it("says the register is being brought up to date, and asks again until it is open", async () => {
    expect(isUpgrading(new Error(UPGRADING))).toBe(true);
    expect(isUpgrading(LOCKED)).toBe(false);
    const root = document.createElement("div");
    let answers = 0;
    const dashboard = vi.fn(async () => {
      answers += 1;
      if (answers < 3) throw UPGRADING;
      return {} as never;
    });
    const started = unlockIfNeeded(root, { dashboard, unlockRegister: vi.fn() }, 5);
    await flush();
    const screen = byTestId(root, "upgrading");
    expect(screen?.getAttribute("aria-busy")).toBe("true");
    expect(screen?.querySelector("h1")?.textContent).toBe("Bringing the register up to date");
    expect(screen?.querySelector('[role="status"]')?.textContent).toContain("once");
    await started;
    expect(dashboard).toHaveBeenCalledTimes(3);
    expect(byTestId(root, "unlock")).toBeNull();
  });

  it("after the upgrade, an encrypted register still asks for its passphrase", async () => {
    const root = document.createElement("div");
    const replies = [UPGRADING, LOCKED];
    const dashboard = async () => Promise.reject(replies.shift() ?? LOCKED);
    const unlockRegister = vi.fn(async () => undefined);
    const started = unlockIfNeeded(root, { dashboard, unlockRegister }, 5);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(byTestId(root, "unlock")).not.toBeNull();
    submit(root, "secret");
    await started;
    expect(unlockRegister).toHaveBeenCalledWith("secret");
  });
});
