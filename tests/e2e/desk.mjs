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
       .then((r) => done(JSON.stringify(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map((n) => n.target.join(" ") + (n.failureSummary ? " — " + n.failureSummary.split("\\n").slice(1, 2).join(" ").trim() : "")) })))))
       .catch((e) => done("ERROR " + (e && e.message)));`,
  );
  if (typeof outcome !== "string" || outcome.startsWith("ERROR")) throw new Error(`axe-core did not run: ${outcome}`);
  return JSON.parse(outcome).filter((v) => v.impact === "serious" || v.impact === "critical");
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
  await session.setWindowSize(660, 560);
  try {
    const width = await waitUntil(async () => {
      const w = await session.execute("return window.innerWidth;");
      return w <= 680 ? w : null;
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
