// The desk scenario: what makes the app fit for the officers' desks, checked in the real window.
//   1. axe-core over every screen: no serious or critical accessibility violation.
//   2. 200 % zoom: at half the width (640 CSS px) no screen needs horizontal scrolling.
//   3. The keyboard: the shortcut help, the command palette, search, and visible focus.
//   4. Both languages: switched in settings, the whole window speaks Traditional Chinese (the
//      README's screenshots are taken here in both languages), the choice survives a restart, and
//      switching back restores English.

import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { KEY, waitUntil } from "./webdriver.mjs";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Every screen of the navigation, by its hash id. */
export const SCREEN_IDS = ["dashboard", "policy", "requests", "processors", "merchants", "retention", "reports", "audit", "settings"];

let axeSource = null;
function axe() {
  axeSource ??= readFileSync(join(REPO_ROOT, "ui", "node_modules", "axe-core", "axe.min.js"), "utf8");
  return axeSource;
}

/** Shows `#/<id>` and waits until its screen has replaced the loading placeholder. */
export async function showScreen(session, id) {
  await session.execute(`window.location.hash = "#/${id}";`);
  await waitUntil(
    async () => session.execute(`const s = document.querySelector(".screen-region > *"); return !!s && !s.classList.contains("loading") && !document.querySelector(".screen-region .loading");`),
    { what: `the ${id} screen to load`, timeoutMs: 20_000 },
  );
}

/** The serious and critical axe-core violations on the page as it is now. */
async function axeViolations(session) {
  const loaded = await session.execute("return typeof window.axe === 'object' && typeof window.axe.run === 'function';");
  if (!loaded) await session.execute(`${axe()}\nreturn typeof window.axe;`, [], 60_000);
  const outcome = await session.executeAsync(
    `const done = arguments[arguments.length - 1];
     window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] })
       .then((r) => done(JSON.stringify({ passes: r.passes.length, violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map((n) => n.target.join(" ") + (n.failureSummary ? " — " + n.failureSummary.split("\\n").slice(1, 2).join(" ").trim() : "")) })) })))
       .catch((e) => done("ERROR " + (e && e.message)));`,
  );
  if (typeof outcome !== "string" || outcome.startsWith("ERROR")) throw new Error(`axe-core did not run: ${outcome}`);
  const { passes, violations } = JSON.parse(outcome);
  // A run that checked nothing would pass vacuously: axe always has rules that pass on a real page.
  if (passes < 5) throw new Error(`axe-core checked almost nothing (${passes} rules passed)`);
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** axe-core over every screen; fails listing every serious violation. */
export async function accessibilityCheck({ session, step, fail, label = "" }) {
  const problems = [];
  for (const id of SCREEN_IDS) {
    await showScreen(session, id);
    for (const v of await axeViolations(session)) problems.push(`${id}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.join("; ")}`);
  }
  if (problems.length) fail(`axe-core finds serious accessibility violations${label}:\n  ${problems.join("\n  ")}`);
  step(`axe-core${label}: no serious or critical violation on ${SCREEN_IDS.length} screens`);
}

/** At 640 CSS px (1280 px at 200 % zoom) every screen fits its width and the navigation stays usable. */
export async function zoomCheck({ session, step, fail }) {
  const before = await session.execute("return [window.outerWidth, window.outerHeight];");
  await session.setWindowSize(640, 560);
  try {
    const width = await waitUntil(async () => {
      const w = await session.execute("return window.innerWidth;");
      return w <= 660 ? w : null;
    }, { what: "the window to narrow to 640 CSS px", timeoutMs: 10_000 });
    const problems = [];
    for (const id of SCREEN_IDS) {
      await showScreen(session, id);
      const overflow = await session.execute("return document.documentElement.scrollWidth - window.innerWidth;");
      if (overflow > 1) problems.push(`${id} scrolls ${overflow} px sideways`);
      const navVisible = await session.execute(`const a = document.querySelector('[data-testid="nav-requests"]'); if (!a) return false; const r = a.getBoundingClientRect(); return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth;`);
      if (!navVisible) problems.push(`${id}: the navigation's Requests link is off screen`);
    }
    if (problems.length) fail(`at 200 % zoom (${width} CSS px wide):\n  ${problems.join("\n  ")}`);
    step(`200 % zoom: ${SCREEN_IDS.length} screens fit ${width} CSS px without sideways scrolling`);
  } finally {
    await session.setWindowSize(before[0], before[1]);
  }
}

export { KEY };

/** Blurs whatever has focus, so single-key shortcuts count as not typing. */
async function blur(session) {
  await session.execute("if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();");
}

/** The keyboard: search, the shortcut help, the command palette, and a visible focus ring. */
export async function keyboardCheck({ session, step, fail }) {
  await showScreen(session, "dashboard");
  await blur(session);
  // Ctrl+K from the dashboard: the requests screen opens with its search field focused.
  await session.pressKeys([[KEY.CONTROL, "k"]]);
  await waitUntil(
    async () => session.execute(`return location.hash.startsWith("#/requests") && document.activeElement && document.activeElement.getAttribute("data-shortcut") === "search";`),
    { what: "Ctrl+K to open Requests with the search field focused", timeoutMs: 10_000 },
  );
  step("keyboard: Ctrl+K opened Requests with the search field focused");

  // "?" (not typing): the shortcut help, listing every shortcut; Escape closes it.
  await blur(session);
  await session.pressKeys([["?"]]);
  const rows = await waitUntil(
    async () => session.execute(`const d = document.querySelector('[data-testid="shortcut-help"]'); return d ? d.querySelectorAll("tr").length : null;`),
    { what: "the shortcut help after pressing ?", timeoutMs: 10_000 },
  );
  if (rows < 8) fail(`the shortcut help lists ${rows} rows; expected every shortcut (at least 8)`);
  await session.pressKeys([[KEY.ESCAPE]]);
  await waitUntil(async () => session.execute(`return !document.querySelector('[data-testid="shortcut-help"]');`), { what: "Escape to close the shortcut help", timeoutMs: 5_000 });
  step(`keyboard: ? showed the shortcut help (${rows} rows), Escape closed it`);

  // F1: the command palette; typing filters, Enter runs the first match.
  await session.pressKeys([[KEY.F1]]);
  await waitUntil(async () => session.execute(`return document.activeElement && document.activeElement.getAttribute("data-testid") === "palette-filter";`), {
    what: "F1 to open the command palette with its filter focused",
    timeoutMs: 10_000,
  });
  await session.pressKeys([["a"], ["u"], ["d"], ["i"], ["t"]]);
  await sleepBriefly();
  await session.pressKeys([[KEY.ENTER]]);
  await waitUntil(async () => session.execute(`return location.hash.startsWith("#/audit") && !document.querySelector('[data-testid="palette"]');`), {
    what: 'the palette to run "audit" and close',
    timeoutMs: 10_000,
  });
  step("keyboard: F1 opened the command palette; typing \"audit\" and Enter went to the audit log");

  // Tab from the top: the skip link comes first, and focus is drawn visibly.
  await blur(session);
  await session.execute("window.scrollTo(0, 0); document.body.focus();");
  await session.pressKeys([[KEY.TAB]]);
  const focus = await session.execute(
    `const e = document.activeElement; if (!e) return null; const s = getComputedStyle(e);
     return { testid: e.getAttribute("data-testid"), outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2, shadow: s.boxShadow !== "none" };`,
  );
  if (!focus || focus.testid !== "skip-link") fail(`the first Tab lands on ${JSON.stringify(focus?.testid)}, not the skip link`);
  if (!focus.outline && !focus.shadow) fail("the focused skip link has no visible focus outline");
  step("keyboard: the first Tab reaches the skip link, drawn with a visible focus outline");
}

function sleepBriefly() {
  return new Promise((r) => setTimeout(r, 300));
}

/** Chooses `language` in the settings screen, as the officer would, and waits for the window to speak it. */
export async function chooseLanguage({ session, language }) {
  await showScreen(session, "settings");
  await session.waitFor('[data-testid="settings-language"]', { timeoutMs: 10_000 });
  const option = await session.find(`[data-testid="settings-language"] option[value="${language}"]`);
  if (option) await session.click(option);
  const switched = async () => session.execute(`return document.documentElement.lang === arguments[0];`, [language]);
  const by = Date.now() + 2_000;
  while (!(await switched()) && Date.now() < by) await new Promise((r) => setTimeout(r, 100));
  if (!(await switched())) {
    // Some WebKitWebDriver versions select the option without firing "change": choose it as the select would.
    await session.execute(
      `const s = document.querySelector('[data-testid="settings-language"]'); s.value = arguments[0]; s.dispatchEvent(new Event("change", { bubbles: true }));`,
      [language],
    );
  }
  await waitUntil(async () => session.execute(`return document.documentElement.lang === arguments[0];`, [language]), {
    what: `the window to switch to ${language}`,
    timeoutMs: 10_000,
  });
}

/** The navigation's labels as shown. */
export async function navLabels(session) {
  return session.execute(`return Array.from(document.querySelectorAll('nav a[data-testid^="nav-"]'), (a) => a.textContent.trim());`);
}

/**
 * The interface words still in English on the screen: headings, buttons, labels, captions, column
 * headers and legends that hold an English word and no Chinese. The dashboard's title is the
 * organisation's name (data), so it is left out.
 */
async function untranslated(session) {
  return session.execute(`
    const found = [];
    for (const e of document.querySelectorAll(".screen-region h1, .screen-region h2, .screen-region h3, .screen-region button, .screen-region th, .screen-region label, .screen-region caption, .screen-region legend, nav a, nav button")) {
      if (e.matches('[data-testid="dashboard"] h1') || e.closest(".policy-preview, .diff, pre, [data-register-data]")) continue;
      const text = e.textContent.replace(/\s+/g, " ").trim();
      if (/[A-Za-z]{4,}/.test(text) && !/[\u3400-\u9fff]/.test(text)) found.push(text);
    }
    return found;`);
}

/** Whether a text is Traditional Chinese rather than English words. */
export function isChinese(text) {
  return /[\u3400-\u9fff]/.test(text) && !/[A-Za-z]{4,}/.test(text.replace(/Compliance Workbench/g, ""));
}

/**
 * The whole desk scenario. `restart` ends the app and starts it again on the same register and
 * preferences, resolving to the new session once its dashboard is drawn. Returns the session in use
 * at the end (English again).
 */
export async function deskScenario({ session, restart, step, fail, shot, requestId }) {
  await accessibilityCheck({ session, step, fail });
  await zoomCheck({ session, step, fail });
  await keyboardCheck({ session, step, fail });

  // Traditional Chinese, chosen in settings.
  await chooseLanguage({ session, language: "zh-HK" });
  const labels = await navLabels(session);
  const english = labels.filter((l) => !isChinese(l));
  if (english.length) fail(`after choosing 繁體中文, the navigation still shows ${JSON.stringify(english)}`);
  step(`language: 繁體中文 chosen in settings; the navigation reads ${labels.join(" · ")}`);
  for (const [id, name] of [["dashboard", "dashboard"], ["policy", "policy"], ["requests", "requests"], [`requests/${requestId}`, "request-detail"], ["processors", "processors"], ["merchants", "merchants"], ["reports", "reports"], ["settings", "settings"]]) {
    await showScreen(session, id);
    const english = await untranslated(session);
    if (english.length) fail(`in Traditional Chinese the ${id} screen still shows English: ${JSON.stringify(english.slice(0, 12))}`);
    await shot(`${name}-zh-HK`);
  }
  step("language: on every main screen the headings, buttons, labels, captions and column headers are in Traditional Chinese");
  await accessibilityCheck({ session, step, fail, label: " in Traditional Chinese" });

  // Remembered: the app starts again in Chinese.
  session = await restart();
  const lang = await session.execute("return document.documentElement.lang;");
  const afterRestart = await navLabels(session);
  if (lang !== "zh-HK" || !afterRestart.every(isChinese)) fail(`after a restart the window is in ${lang} (navigation ${JSON.stringify(afterRestart)}); the choice was not remembered`);
  step(`language: remembered across a restart (lang ${lang}, navigation ${afterRestart.slice(0, 3).join(" · ")} …)`);

  // And back to English.
  await chooseLanguage({ session, language: "en" });
  const back = await navLabels(session);
  if (!back.includes("Requests")) fail(`after choosing English again the navigation reads ${JSON.stringify(back)}`);
  step("language: English again");
  await showScreen(session, "dashboard");
  return session;
}
