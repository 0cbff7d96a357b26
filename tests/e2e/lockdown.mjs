// End-to-end scenario for the desktop's lock-down (issue 7, item 7), called last from run.mjs:
// a script planted in a policy draft never runs in the live preview, and a page that tried
// anyway could not call a command its capability does not grant.
//
// It opens Policy, starts a new draft and sets its text to a policy carrying five ways of
// planting script (a <script> element, an onerror handler, a javascript: link, an svg onload,
// a javascript: iframe), each of which would set `window.__planted`. Once the preview shows the
// text after them, it clicks the link if the preview kept one, then reads `window.__planted`
// (must be undefined) and the preview's DOM (no script/img/svg/iframe/object/embed, no on*
// attribute, no javascript: URL). Then, from the page itself, it calls two commands the
// capability does not grant (fs and shell plugins, which the app does not even include): both
// must be refused, and so must a core command the app has but does not grant (window title).
// Finally, the lock file: while the window has the register open, `workbench restore` of a
// backup just taken is refused in one sentence and the register's bytes stay as they were.
// The draft is left unsaved; nothing runs after this scenario.

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { asElement, sleep, waitUntil } from "./webdriver.mjs";

/** The text after the planted markup; its appearance in the preview means the preview is current. */
const AFTER = "Planted markup ends here.";

const PLANTED = [
  "# Privacy Policy",
  "",
  "Last updated: 2 July 2026",
  "",
  "<script>window.__planted = 'script'</script>",
  "",
  '<img src=x onerror="window.__planted=\'img\'">',
  "",
  "<a href=\"javascript:window.__planted='link'\">click</a>",
  "",
  "<svg onload=\"window.__planted='svg'\"></svg>",
  "",
  "<iframe src=\"javascript:parent.__planted='iframe'\"></iframe>",
  "",
  `[markdown link](javascript:window.__planted='mdlink') ${AFTER}`,
  "",
].join("\n");

// What the preview holds that could run: elements, handler attributes, javascript: URLs.
const INSPECT_PREVIEW = `
  const preview = arguments[0];
  const bad = [];
  for (const el of preview.querySelectorAll("script, img, svg, iframe, object, embed, frame, frameset, base, form, style, link, meta")) {
    bad.push("<" + el.tagName.toLowerCase() + ">");
  }
  for (const el of preview.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) bad.push(el.tagName.toLowerCase() + " " + attr.name);
      if (/^\\s*javascript:/i.test(attr.value)) bad.push(el.tagName.toLowerCase() + " " + attr.name + "=" + attr.value);
    }
  }
  return { bad, links: preview.querySelectorAll("a").length, html: preview.innerHTML.length };
`;

// Calls a command through Tauri's own IPC entry point, as a planted script would have to;
// the W3C async-script callback receives how it ended.
const TRY_COMMAND = `
  const done = arguments[arguments.length - 1];
  const [cmd, args] = [arguments[0], arguments[1]];
  const ipc = window.__TAURI_INTERNALS__;
  if (!ipc || typeof ipc.invoke !== "function") { done({ outcome: "no-ipc" }); return; }
  Promise.resolve()
    .then(() => ipc.invoke(cmd, args))
    .then((value) => done({ outcome: "resolved", value: JSON.stringify(value ?? null).slice(0, 200) }))
    .catch((error) => done({ outcome: "rejected", error: String(error?.message ?? error) }));
`;

/**
 * The lock-down scenario.
 *
 * @param {object} ctx
 * @param {import("./webdriver.mjs").Session} ctx.session  the WebDriver session on the app's window
 * @param {(message: string) => void} ctx.step  prints one step
 * @param {(message: string) => never} ctx.fail  fails the run with a message
 * @param {(name: string) => Promise<void>} [ctx.shot]  saves a screenshot
 * @param {string} ctx.cliPath  the workbench CLI
 * @param {object} ctx.env  the environment the app runs with (WORKBENCH_DB among it)
 * @param {string} ctx.db  the register's path
 */
export async function lockdownScenario({ session, step, fail, shot, cliPath, env, db }) {
  const byTestId = (id, timeoutMs = 15_000) => session.waitFor(`[data-testid="${id}"]`, { timeoutMs });
  const failOnAlert = async (scope, doing) => {
    const alert = await session.textOf(`${scope} [role="alert"]`);
    if (alert) fail(`${doing} failed; the window says: ${alert.trim()}`);
  };

  const policyLink =
    (await session.find('nav [data-testid="nav-policy"]')) ??
    (await session.find('//nav//*[self::a or self::button][normalize-space()="Policy"]', "xpath"));
  if (!policyLink) fail('no "Policy" item in the navigation');
  await session.click(policyLink);
  await session.waitFor('[data-testid="policy-editor-panel"]', {
    timeoutMs: 15_000,
    onPoll: () => failOnAlert('[data-testid="policy"]', "opening the Policy screen"),
  });
  const before = await session.execute(
    "const p = document.querySelector('[data-testid=\"policy-editor-panel\"]'); return p && p.getAttribute('data-version');",
  );
  await session.click(await byTestId("policy-new-draft"));
  const label = await waitUntil(
    async () => {
      await failOnAlert('[data-testid="policy"]', "starting a new draft");
      const el = await session.find('[data-testid="policy-editor-panel"][data-status="draft"]');
      if (!el) return null;
      const v = await session.attribute(el, "data-version");
      return v && v !== before ? v : null;
    },
    { what: "the editor to show a new draft", timeoutMs: 15_000 },
  );
  step(`lock-down: opened Policy, new draft ${label}`);

  // Nothing planted yet; make sure the marker starts out absent.
  await session.execute("delete window.__planted; return true;");
  const editor = await byTestId("policy-editor");
  await session.execute(
    "const t = arguments[0]; t.focus(); t.value = arguments[1]; t.dispatchEvent(new Event('input', { bubbles: true }));",
    [asElement(editor), PLANTED],
  );
  step("lock-down: the draft's text now holds <script>, <img onerror>, a javascript: link, <svg onload>, a javascript: <iframe> and a javascript: markdown link");

  await waitUntil(
    async () => {
      await failOnAlert('[data-testid="policy-preview"]', "rendering the preview");
      return ((await session.textOf('[data-testid="policy-preview"]')) ?? "").includes(AFTER);
    },
    { what: `the preview to show "${AFTER}"`, timeoutMs: 10_000 },
  );
  const preview = await byTestId("policy-preview");
  step("lock-down: the preview shows the text after the planted markup");

  // Click every link the preview kept, as a curious officer would.
  const found0 = (await session.cmd("POST", "/elements", { using: "css selector", value: '[data-testid="policy-preview"] a' })) ?? [];
  const links = [];
  let clicked = 0;
  for (const ref of found0) {
    const link = Object.values(ref)[0];
    links.push(await session.attribute(link, "href"));
    try {
      await session.click(link);
      clicked += 1;
    } catch (error) {
      step(`lock-down: clicking the preview link ${JSON.stringify(links.at(-1))} was not possible: ${error.message}`);
    }
  }
  // Give any handler (load, error, a navigation) time to have run.
  await sleep(1_000);
  if (shot) await shot("lockdown-preview");

  const planted = await session.execute("return typeof window.__planted === 'undefined' ? null : String(window.__planted);");
  if (planted !== null) fail(`a script planted in the draft ran in the window: window.__planted = ${JSON.stringify(planted)}`);
  const found = await session.execute(INSPECT_PREVIEW, [asElement(preview)]);
  if (!found || !Array.isArray(found.bad)) fail(`the preview could not be inspected: ${JSON.stringify(found)}`);
  if (found.bad.length > 0) fail(`the preview holds what could run: ${found.bad.join(", ")}`);
  step(
    `lock-down: window.__planted is undefined after ${clicked} link click(s) (hrefs ${JSON.stringify(links)}); the preview (${found.html} characters of HTML) holds no script, img, svg, iframe, on* attribute or javascript: URL`,
  );

  // A page that ran script anyway still could not reach what the capability does not grant.
  const attempts = [
    ["plugin:fs|read_text_file", { path: "/etc/passwd" }],
    ["plugin:shell|execute", { program: "sh", args: ["-c", "echo planted > /tmp/planted"], options: {} }],
    ["plugin:http|fetch", { clientConfig: { method: "GET", url: "https://example.com/" } }],
    // Built into every Tauri app, but not granted to this window.
    ["plugin:window|set_title", { label: "main", value: "planted" }],
  ];
  for (const [cmd, args] of attempts) {
    const r = await session.cmd("POST", "/execute/async", { script: TRY_COMMAND, args: [cmd, args] }, 15_000);
    if (r?.outcome === "no-ipc") fail("the page has no window.__TAURI_INTERNALS__; the command test cannot run");
    if (r?.outcome !== "rejected") fail(`the page called ${cmd}, which the capability does not grant: ${JSON.stringify(r)}`);
    step(`lock-down: invoke(${JSON.stringify(cmd)}) from the page was refused: ${r.error}`);
  }
  const stillPlanted = await session.execute("return typeof window.__planted === 'undefined' ? null : String(window.__planted);");
  if (stillPlanted !== null) fail(`window.__planted became ${JSON.stringify(stillPlanted)}`);
  step("lock-down: a planted script never ran, and commands outside the capability are refused");

  // The lock file: the window holds the register open, so replacing it from the CLI is refused.
  const run = (args) => spawnSync(cliPath, ["--db", db, ...args], { env, encoding: "utf8", timeout: 60_000 });
  const backup = join(dirname(db), "lockdown-backup.db");
  const made = run(["backup", "--out", backup]);
  if (made.status !== 0) fail(`\`workbench backup\` while the window is open failed (exit ${made.status}): ${made.stderr}`);
  const sha = () => createHash("sha256").update(readFileSync(db)).digest("hex");
  const bytesBefore = sha();
  const restore = run(["restore", backup]);
  const said = (restore.stderr ?? "").trim();
  if (restore.status !== 2 || !said.includes("open in another Compliance Workbench window or command")) {
    fail(`\`workbench restore\` while the window has the register open ended with exit ${restore.status}: ${said || restore.stdout}`);
  }
  if (sha() !== bytesBefore) fail("the refused restore changed the register's bytes");
  step(`lock-down: \`workbench backup\` worked while the window was open; \`workbench restore\` was refused (exit 2): ${said}`);
}
