#!/usr/bin/env node
// End-to-end run of the real desktop app: a fresh register made by the CLI, the app driven through
// tauri-driver + WebKitWebDriver (W3C WebDriver over HTTP), and what the window shows checked
// against `workbench status --json` for the same register. Then the policy scenario: edit a new
// draft in the window, see the preview follow, publish it, export it as HTML and PDF, and check the
// files on disk against the register (`workbench policy list/show --json`). Then the requests
// scenario: import an .eml through "Import mail…", see the request in the inbox, open it, check its
// due date and rule against `workbench requests list --json` (and the PDPO 40-day rule with the
// Hong Kong holiday roll-forward), move it to identity check, and check the dashboard's request
// counts against the register.
//
//   xvfb-run -a node tests/e2e/run.mjs        (from the repository root; Xvfb is the caller's)
//
// Environment:
//   WORKBENCH_APP     desktop binary      (default target/debug/workbench-desktop)
//   WORKBENCH_CLI     CLI binary          (default target/debug/workbench)
//   TAURI_DRIVER      tauri-driver        (default: on PATH, else ~/.cargo/bin/tauri-driver)
//   WEBKIT_WEBDRIVER  native driver path  (optional; passed as --native-driver)
//   E2E_SCREENSHOT    save a PNG of the loaded dashboard here (optional)
//   E2E_SCREENSHOT_DIR  save PNGs of the main screens here, for the README (optional)
//   E2E_KEEP_TMP=1    keep the temporary directory after a successful run
//
// The app saves exports without a native dialog into $WORKBENCH_E2E_SAVE_DIR (<tmp>/exports here),
// and its open dialog "chooses" the files in $WORKBENCH_E2E_OPEN_FILES (the .eml this run writes;
// several are joined with the platform's path-list delimiter).
//
// Exit 0 when every check passes, 1 otherwise. On failure the reason is printed, a screenshot is
// saved to <tmp>/failure.png when the window can still be reached, and the temporary directory
// (register, driver log) is kept for inspection.

import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { accessSync, constants, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, delimiter, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { findTauriDriver, freePort, onPath } from "./driver.mjs";
import { asElement, isReady, Session, sleep, WaitTimedOut, waitUntil } from "./webdriver.mjs";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The dashboard count cards the window must show, as named in `status --json`'s `counts`. */
const COUNT_KEYS = [
  "policy_versions",
  "processors",
  "merchants",
  "platforms",
  "scopes",
  "authorizations",
  "requests",
  "retention_rules",
  "audit_entries",
];

const started = Date.now();
function step(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  console.log(`[e2e ${seconds}s] ${message}`);
}

/** A failed expectation: the message is the whole story, no stack needed. */
class CheckFailed extends Error {}
function fail(message) {
  throw new CheckFailed(message);
}

/** An env path (relative to the working directory) or a default (relative to the repo root). */
function pathFrom(envName, fallback) {
  const given = process.env[envName];
  if (given) return resolve(process.cwd(), given);
  return resolve(REPO_ROOT, fallback);
}

function requireExecutable(path, what, hint) {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    fail(`${what} not found or not executable at ${path}. ${hint}`);
  }
}

/** Runs the CLI against the temporary register; returns stdout, or fails with its output. */
function cli(cliPath, env, args) {
  try {
    return execFileSync(cliPath, args, { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
  } catch (error) {
    fail(
      `\`workbench ${args.join(" ")}\` failed (exit ${error.status ?? error.signal ?? "?"}):\n` +
        `${error.stdout ?? ""}${error.stderr ?? ""}`.trim(),
    );
  }
}

function tail(path, lines = 40) {
  try {
    return readFileSync(path, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

// ---------------------------------------------------------------------------------------------

const tmp = mkdtempSync(join(tmpdir(), "workbench-e2e-"));
const db = join(tmp, "register.db");
const driverLog = join(tmp, "tauri-driver.log");
const exportsDir = join(tmp, "exports");
const mailDir = join(tmp, "mail");
let driver = null;
let driverExited = null; // set to a description once the driver process ends
let session = null;
let cleaningUp = null;

async function main() {
  const appPath = pathFrom("WORKBENCH_APP", "target/debug/workbench-desktop");
  const cliPath = pathFrom("WORKBENCH_CLI", "target/debug/workbench");
  const driverPath = findTauriDriver();
  step(`app ${appPath}`);
  step(`cli ${cliPath}`);
  step(`tauri-driver ${driverPath}`);
  requireExecutable(appPath, "The desktop app", "Build it first: `cargo build -p workbench-desktop` (after `npm ci && npm run build` in ui/).");
  requireExecutable(cliPath, "The workbench CLI", "Build it first: `cargo build`.");
  requireExecutable(driverPath, "tauri-driver", "Install it with `cargo install tauri-driver --locked`, or set TAURI_DRIVER.");
  if (!process.env.WEBKIT_WEBDRIVER && !onPath("WebKitWebDriver")) {
    fail("WebKitWebDriver is not on PATH. Install it with `apt-get install webkit2gtk-driver`, or set WEBKIT_WEBDRIVER.");
  }

  // Measured here: the window draws under Xvfb with compositing on, and WebKitGTK 2.50 answers
  // WebDriver screenshots only then. If windows ever come up blank, set
  // WEBKIT_DISABLE_COMPOSITING_MODE=1 (screenshots then fall back to ImageMagick's import).
  mkdirSync(exportsDir, { recursive: true });
  const mail = writeAccessRequestMail(mailDir);
  const env = {
    ...process.env,
    WORKBENCH_DB: db,
    // Exports skip the native save dialog and land here, under the suggested file name.
    WORKBENCH_E2E_SAVE_DIR: exportsDir,
    // "Import mail…" skips the native open dialog and imports these files.
    WORKBENCH_E2E_OPEN_FILES: [mail.path].join(delimiter),
    WEBKIT_DISABLE_COMPOSITING_MODE: process.env.WEBKIT_DISABLE_COMPOSITING_MODE ?? "0",
    // The officer's preferences (the UI language) live here, not in the tester's home.
    WORKBENCH_CONFIG_DIR: join(tmp, "config"),
  };

  step(`temporary register ${db}`);
  const initOutput = cli(cliPath, env, ["--db", db, "init"]).trim();
  if (initOutput) console.log(initOutput.replace(/^/gm, "    "));

  // 1. tauri-driver, on ports that are free now.
  const port = await freePort();
  let nativePort = await freePort();
  while (nativePort === port) nativePort = await freePort();
  const args = ["--port", String(port), "--native-port", String(nativePort)];
  if (process.env.WEBKIT_WEBDRIVER) args.push("--native-driver", resolve(process.cwd(), process.env.WEBKIT_WEBDRIVER));
  step(`starting tauri-driver ${args.join(" ")} (log: ${driverLog})`);
  const log = createWriteStream(driverLog);
  // Its own process group, so cleanup can end it together with WebKitWebDriver and the app.
  driver = spawn(driverPath, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  driver.stdout.pipe(log, { end: false });
  driver.stderr.pipe(log, { end: false });
  driver.on("error", (error) => (driverExited = `could not start: ${error.message}`));
  driver.on("exit", (code, signal) => (driverExited = `exited with ${signal ?? `code ${code}`}`));

  const baseUrl = `http://127.0.0.1:${port}`;
  const readyBy = Date.now() + 20_000;
  while (!(await isReady(baseUrl))) {
    if (driverExited) fail(`tauri-driver ${driverExited} before answering /status.\n${tail(driverLog)}`);
    if (Date.now() > readyBy) fail(`tauri-driver did not answer GET ${baseUrl}/status within 20 s.\n${tail(driverLog)}`);
    await sleep(200);
  }
  step("tauri-driver is ready");

  // 2. A session: tauri-driver launches the app under WebKitWebDriver.
  session = await Session.create(baseUrl, {
    browserName: "wry",
    "tauri:options": { application: appPath },
  });
  step(`session ${session.id} started; waiting for the dashboard`);

  await session.waitFor('[data-testid="dashboard"]', {
    timeoutMs: 30_000,
    onPoll: async () => {
      const alert = await session.textOf('[role="alert"]');
      if (alert !== null) fail(`the window shows an error instead of the dashboard: ${alert}`);
    },
  });
  step("dashboard loaded");

  // A new register: the dashboard explains the registers and offers the next three actions.
  const welcome = await session.execute(
    `const w = document.querySelector('[data-testid="welcome"]'); if (!w) return null;
     return ["welcome-import-mail", "welcome-import-processors", "welcome-review-policy"].filter((id) => w.querySelector('[data-testid="' + id + '"]'));`,
  );
  if (!welcome || welcome.length !== 3) fail(`a new register's dashboard shows no "Getting started" panel with its three actions (found ${JSON.stringify(welcome)})`);
  step("first run: the dashboard's Getting started panel offers importing the mailbox, importing the processors spreadsheet and reviewing the policy");

  if (process.env.E2E_SCREENSHOT) {
    const target = resolve(process.cwd(), process.env.E2E_SCREENSHOT);
    mkdirSync(dirname(target), { recursive: true });
    step(await saveScreenshot(target));
  }

  await shot("dashboard");

  // 3. What the window shows.
  const shown = {};
  for (const key of COUNT_KEYS) {
    const text = await session.textOf(`[data-testid="count-${key}"]`);
    if (text === null) fail(`the dashboard has no count card for "${key}" ([data-testid="count-${key}"])`);
    shown[key] = text.trim().replace(/[,\s]/g, ""); // counts show with the locale's separators
  }
  const shownLabel = await session.textOf('[data-testid="policy-label"]');
  // Dates show in the officer's locale ("31 May 2026"); the ISO date is the <time>'s datetime.
  const shownDate = await session.execute(
    `const e = document.querySelector('[data-testid="policy-date"]'); if (!e) return null;
     const t = e.matches("time") ? e : e.querySelector("time"); return t ? t.getAttribute("datetime") : e.textContent;`,
  );
  step(`window counts ${JSON.stringify(shown)}`);
  step(`window policy label ${JSON.stringify(shownLabel)}, Last updated ${JSON.stringify(shownDate)}`);

  // 4. What the register holds, says the CLI.
  const statusText = cli(cliPath, env, ["--db", db, "status", "--json"]);
  let status;
  try {
    status = JSON.parse(statusText);
  } catch (error) {
    fail(`\`workbench status --json\` printed something that is not JSON (${error.message}):\n${statusText.slice(0, 500)}`);
  }
  if (!status || typeof status.counts !== "object") fail(`\`workbench status --json\` has no "counts" object:\n${statusText.slice(0, 500)}`);
  step(`cli counts ${JSON.stringify(status.counts)}`);

  const mismatches = [];
  for (const key of COUNT_KEYS) {
    const expected = status.counts[key];
    if (typeof expected !== "number") mismatches.push(`${key}: status --json has no number (got ${JSON.stringify(expected)})`);
    else if (shown[key] !== String(expected)) mismatches.push(`${key}: window shows ${JSON.stringify(shown[key])}, register has ${expected}`);
  }
  const policy = status.published_policy ?? null;
  if (policy) {
    if (shownDate?.trim() !== policy.effective_date) {
      mismatches.push(`policy "Last updated": window shows ${JSON.stringify(shownDate)}, register has ${JSON.stringify(policy.effective_date)}`);
    }
    if (typeof policy.label === "string" && shownLabel?.trim() !== policy.label) {
      mismatches.push(`policy label: window shows ${JSON.stringify(shownLabel)}, register has ${JSON.stringify(policy.label)}`);
    }
  } else if (shownDate) {
    mismatches.push(`the window shows a policy date ${JSON.stringify(shownDate)} but the register has no published policy`);
  }
  if (mismatches.length) fail(`the dashboard disagrees with \`workbench status --json\`:\n  - ${mismatches.join("\n  - ")}`);
  step("dashboard counts and policy date match the register");

  // 5. Audit: verify the chain from the window.
  const auditLink =
    (await session.find('nav [data-testid="nav-audit"]')) ??
    (await session.find('//nav//*[self::a or self::button][normalize-space()="Audit"]', "xpath"));
  if (!auditLink) fail('no "Audit" item in the navigation');
  await session.click(auditLink);
  step("opened Audit");
  const verifyButton = await session.waitFor('//button[normalize-space()="Verify chain"]', { using: "xpath", timeoutMs: 15_000 });
  await session.click(verifyButton);
  step("clicked Verify chain");
  const verifiedBy = Date.now() + 15_000;
  let verdict = "";
  for (;;) {
    verdict = ((await session.textOf('[data-testid="verify-result"]')) ?? "").trim();
    if (/intact/i.test(verdict)) break;
    if (/broken/i.test(verdict)) fail(`the audit chain did not verify: ${verdict}`);
    const alert = await session.textOf('[data-testid="verify-result"] [role="alert"]');
    if (alert) fail(`verifying the audit chain failed: ${alert}`);
    if (Date.now() > verifiedBy) fail(`no "intact" verdict within 15 s; the result area shows ${JSON.stringify(verdict)}`);
    await sleep(250);
  }
  step(`verdict: ${verdict}`);
  const verifiedEntries = /intact:\s*([\d,]+)/i.exec(verdict)?.[1]?.replace(/,/g, "");
  if (verifiedEntries !== undefined && Number(verifiedEntries) !== status.counts.audit_entries) {
    fail(`the chain check covered ${verifiedEntries} entries, but the register has ${status.counts.audit_entries}`);
  }

  // 6. Policy: draft, edit, preview, save, publish, export; then the files against the register.
  await policyScenario(cliPath, env);

  // 7. Requests: import an email in the window, follow it to its detail, act on it.
  await requestsScenario(cliPath, env, mail);

  // 8. Registers: add a processor in the window (tests/e2e/registers.mjs), export it, check the CSV and the register.
  await (await import("./registers.mjs")).registersScenario({ session, step, fail, cli: (args) => cli(cliPath, env, args), db, exportsDir, shot });

  // 9. Checks and reports (tests/e2e/reports.mjs): dashboard checks against `workbench check`; the pack as PDF from the window.
  await (await import("./reports.mjs")).reportsScenario({ session, step, fail, cliPath, env, db, exportsDir, shot });

  // 10. The desk (tests/e2e/desk.mjs): axe-core over every screen, 200 % zoom, the keyboard, and both
  // languages (with the README's Chinese screenshots), remembered across a restart.
  const requestId = JSON.parse(cli(cliPath, env, ["--db", db, "requests", "list", "--json"]))[0]?.id;
  const restart = async () => {
    await session.delete();
    session = await Session.create(baseUrl, { browserName: "wry", "tauri:options": { application: appPath } });
    await session.waitFor('[data-testid="dashboard"]', { timeoutMs: 30_000 });
    return session;
  };
  session = await (await import("./desk.mjs")).deskScenario({ session, restart, step, fail, shot, requestId });

  // 11. Lock-down (tests/e2e/lockdown.mjs): script planted in a draft never runs; ungranted commands are refused;
  // `workbench restore` is refused while the window has the register open. Last: it leaves a draft unsaved.
  await (await import("./lockdown.mjs")).lockdownScenario({ session, step, fail, shot, cliPath, env, db });

  // 12. An encrypted register (tests/e2e/unlock.mjs): end this session, encrypt the register with
  // the CLI, start the app again: it asks for the passphrase before anything else.
  const first = session;
  session = null;
  await first.delete();
  step("first session deleted");
  const startSession = async () => {
    session = await Session.create(baseUrl, { browserName: "wry", "tauri:options": { application: appPath } });
    return session;
  };
  await (await import("./unlock.mjs")).unlockScenario({ startSession, step, fail, cliPath, env, db, shot });

  // 13. A register from an older release (tests/e2e/upgrade.mjs): end this session, put the
  // schema-1 fixture in the register's place, start the app: it upgrades it behind its window.
  const unlocked = session;
  session = null;
  await unlocked.delete();
  step("encrypted-register session deleted");
  await (await import("./upgrade.mjs")).upgradeScenario({ startSession, step, fail, cliPath, env, db, repoRoot: REPO_ROOT });
}

/** The sentence the scenario adds at the end of section 6 of the policy. */
const NEW_SENTENCE = "We never sell personal data to anyone.";
const NEW_DATE_LINE = "Last updated: 1 July 2026";
const OLD_DATE_LINE = "Last updated: 31 May 2026";

/** `workbench policy list --json`, as an array of versions. */
function policyList(cliPath, env) {
  const text = cli(cliPath, env, ["--db", db, "policy", "list", "--json"]);
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    fail(`\`workbench policy list --json\` printed something that is not JSON (${error.message}):\n${text.slice(0, 500)}`);
  }
  const list = Array.isArray(parsed) ? parsed : parsed?.versions;
  if (!Array.isArray(list)) fail(`\`workbench policy list --json\` printed no list of versions:\n${text.slice(0, 500)}`);
  return list;
}

/** `workbench policy show LABEL --json`: `{ version, snapshots }`. */
function policyShow(cliPath, env, label) {
  const text = cli(cliPath, env, ["--db", db, "policy", "show", label, "--json"]);
  try {
    return JSON.parse(text);
  } catch (error) {
    fail(`\`workbench policy show ${label} --json\` printed something that is not JSON (${error.message}):\n${text.slice(0, 500)}`);
  }
}

/** The policy text with the new date and the new sentence at the end of section 6. */
function editedPolicy(markdown) {
  if (!markdown.includes(OLD_DATE_LINE)) fail(`the new draft's text has no "${OLD_DATE_LINE}" line:\n${markdown.slice(0, 300)}`);
  const text = markdown.replace(OLD_DATE_LINE, NEW_DATE_LINE);
  const section6 = /^#{1,6}\s*6\.[^\n]*$/m.exec(text);
  if (!section6) fail(`the new draft's text has no heading "6. …":\n${text.slice(0, 300)}`);
  const afterHeading = section6.index + section6[0].length;
  const next = /^#{1,6}\s/m.exec(text.slice(afterHeading));
  const end = next ? afterHeading + next.index : text.length;
  const body = text.slice(afterHeading, end).replace(/\s+$/, "");
  return `${text.slice(0, afterHeading)}${body} ${NEW_SENTENCE}\n\n${text.slice(end)}`;
}

/** Fails with the text of an alert inside `scope`, if one is showing. */
async function failOnAlert(scope, doing) {
  const alert = await session.textOf(`${scope} [role="alert"]`);
  if (alert) fail(`${doing} failed; the window says: ${alert.trim()}`);
}

/** A clickable element by data-testid, or fail naming it. */
async function byTestId(id, timeoutMs = 15_000) {
  return session.waitFor(`[data-testid="${id}"]`, { timeoutMs });
}

/** Clicks an export button and waits for its result; returns the exported file's path and bytes. */
async function exportFrom(format, timeoutMs) {
  const name = format.toUpperCase();
  await session.click(await byTestId(`policy-export-${format}`));
  step(`clicked Export ${name}`);
  const result = await session.waitFor(`[data-testid="export-result"][data-format="${format}"]`, {
    timeoutMs,
    onPoll: () => failOnAlert(".export-panel", `exporting ${name}`),
  });
  const resultText = (await session.text(result)).replace(/\s+/g, " ").trim();
  step(`export result: ${resultText}`);
  if ((await session.attribute(result, "data-outcome")) === "cancelled") {
    fail(`the ${name} export was cancelled: the app opened a save dialog instead of saving into WORKBENCH_E2E_SAVE_DIR (${exportsDir})`);
  }
  const shownPath = ((await session.textOf('[data-testid="export-result"] [data-testid="export-path"]')) ?? "").trim();
  const shownSha = ((await session.textOf('[data-testid="export-result"] [data-testid="export-sha256"]')) ?? "").trim();
  if (!/snapshot recorded/i.test(resultText)) fail(`the ${name} export of a published version shows no "snapshot recorded": ${resultText}`);
  const path = resolve(shownPath);
  const inside = relative(exportsDir, path);
  if (!shownPath || inside.startsWith("..") || isAbsolute(inside)) {
    fail(`the ${name} export went to ${JSON.stringify(shownPath)}, not into ${exportsDir}; files there: ${JSON.stringify(readdirSync(exportsDir))}`);
  }
  if (!existsSync(path)) fail(`the window says it exported ${path}, but there is no such file; ${exportsDir} holds ${JSON.stringify(readdirSync(exportsDir))}`);
  const bytes = readFileSync(path);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (shownSha && shownSha !== sha256) fail(`the window shows SHA-256 ${shownSha} for ${path}, but the file's is ${sha256}`);
  step(`${name} file ${basename(path)}: ${bytes.length} bytes, SHA-256 ${sha256}`);
  return { path, bytes, sha256 };
}

/** Checks that the register holds exactly one `format` snapshot of `label`, of the file's hash. */
function checkSnapshot(cliPath, env, label, format, sha256) {
  const shown = policyShow(cliPath, env, label);
  const snapshots = (shown?.snapshots ?? []).filter((s) => s.format === format);
  if (snapshots.length !== 1) {
    fail(`\`workbench policy show ${label} --json\` lists ${snapshots.length} ${format} snapshots, expected 1: ${JSON.stringify(shown?.snapshots)}`);
  }
  if (snapshots[0].file_sha256 !== sha256) {
    fail(`the register's ${format} snapshot of ${label} has SHA-256 ${snapshots[0].file_sha256}, but the exported file's is ${sha256}`);
  }
  step(`register: one ${format} snapshot of ${label}, SHA-256 matches the file`);
}

async function policyScenario(cliPath, env) {
  const before = policyList(cliPath, env);
  const knownLabels = new Set(before.map((v) => v.label));
  const inForce = before.find((v) => v.status === "published");
  if (!inForce) fail(`the fresh register has no published policy version: ${JSON.stringify(before)}`);
  step(`register: ${before.length} policy version(s); ${inForce.label} in force, Last updated ${inForce.effective_date}`);

  const policyLink =
    (await session.find('nav [data-testid="nav-policy"]')) ??
    (await session.find('//nav//*[self::a or self::button][normalize-space()="Policy"]', "xpath"));
  if (!policyLink) fail('no "Policy" item in the navigation');
  await session.click(policyLink);
  step("opened Policy");
  await session.waitFor('[data-testid="policy-editor-panel"]', {
    timeoutMs: 15_000,
    onPoll: () => failOnAlert('[data-testid="policy"]', "opening the Policy screen"),
  });

  await session.click(await byTestId("policy-new-draft"));
  step("clicked New draft");
  const panel = await waitUntil(
    async () => {
      await failOnAlert('[data-testid="policy"]', "starting a new draft");
      const el = await session.find('[data-testid="policy-editor-panel"][data-status="draft"]');
      if (!el) return null;
      const label = await session.attribute(el, "data-version");
      return label && !knownLabels.has(label) ? { el, label } : null;
    },
    { what: "the editor to show a new draft", timeoutMs: 15_000 },
  );
  const label = panel.label;
  step(`the editor shows the new draft ${label}`);

  const editor = await byTestId("policy-editor");
  const original = await session.execute("return arguments[0].value;", [asElement(editor)]);
  if (typeof original !== "string" || original.length === 0) fail(`the draft's editor is empty (got ${JSON.stringify(original)})`);
  const edited = editedPolicy(original);
  // Typing 4 KB key by key is slow; set the value and tell the page, as typing would.
  await session.execute(
    "const t = arguments[0]; t.focus(); t.value = arguments[1]; t.dispatchEvent(new Event('input', { bubbles: true }));",
    [asElement(editor), edited],
  );
  step(`replaced the text (${original.length} -> ${edited.length} characters): "${NEW_DATE_LINE}", and "${NEW_SENTENCE}" at the end of section 6`);

  await waitUntil(
    async () => {
      await failOnAlert('[data-testid="policy-preview"]', "rendering the preview");
      return ((await session.textOf('[data-testid="policy-preview"]')) ?? "").includes(NEW_SENTENCE);
    },
    { what: `the preview to contain "${NEW_SENTENCE}"`, timeoutMs: 10_000 },
  );
  step("the preview shows the new sentence");
  await shot("policy-editor");

  await session.click(await byTestId("policy-save"));
  step("clicked Save");
  const saved = await waitUntil(
    async () => {
      await failOnAlert('[data-testid="policy-editor-alert"]', "saving the draft");
      const state = ((await session.textOf('[data-testid="policy-save-state"]')) ?? "").trim();
      return /^Saved/.test(state) ? state : null;
    },
    { what: "the draft to be saved", timeoutMs: 15_000 },
  );
  step(`save state: ${saved}`);

  await session.click(await byTestId("policy-publish"));
  step("clicked Publish…");
  const effective = await byTestId("publish-effective");
  await session.execute(
    "const i = arguments[0]; i.value = arguments[1]; i.dispatchEvent(new Event('input', { bubbles: true })); i.dispatchEvent(new Event('change', { bubbles: true }));",
    [asElement(effective), "2026-07-01"],
  );
  const material = await byTestId("publish-material");
  if ((await session.execute("return arguments[0].checked;", [asElement(material)])) !== true) await session.click(material);
  await session.sendKeys(await byTestId("publish-summary"), "Clarified that we never sell personal data.");
  step("publish dialog: effective 2026-07-01, material change, summary filled in");
  await session.click(await byTestId("publish-confirm"));
  step("clicked Publish in the dialog");
  await session.waitFor(`[data-testid="policy-editor-panel"][data-status="published"][data-version="${label}"]`, {
    timeoutMs: 15_000,
    onPoll: () => failOnAlert('[data-testid="publish-dialog"]', "publishing"),
  });
  const statusShown = ((await session.textOf('[data-testid="policy-status"]')) ?? "").trim();
  if (statusShown !== "published") fail(`after publishing, the status shows ${JSON.stringify(statusShown)}`);
  step(`the window shows ${label} as published`);

  // The register agrees: the new version in force from 1 July 2026, the old one retired.
  const after = policyList(cliPath, env);
  const mine = after.find((v) => v.label === label);
  if (!mine) fail(`\`workbench policy list --json\` has no version ${label}: ${JSON.stringify(after)}`);
  if (mine.status !== "published" || mine.effective_date !== "2026-07-01") {
    fail(`the register has ${label} as ${mine.status} with effective_date ${mine.effective_date}; expected published, 2026-07-01`);
  }
  const old = after.find((v) => v.effective_date === "2026-05-31");
  if (!old) fail(`\`workbench policy list --json\` has no version with effective_date 2026-05-31: ${JSON.stringify(after)}`);
  if (old.status !== "retired") fail(`the 2026-05-31 version ${old.label} is ${old.status} in the register, expected retired`);
  step(`register: ${label} published, effective 2026-07-01; ${old.label} (2026-05-31) retired`);

  const html = await exportFrom("html", 60_000);
  const text = html.bytes.toString("utf8");
  if (!text.includes(NEW_SENTENCE)) fail(`the exported HTML ${html.path} does not contain "${NEW_SENTENCE}"`);
  if (/<script/i.test(text)) fail(`the exported HTML ${html.path} contains "<script"`);
  step(`the HTML holds "${NEW_SENTENCE}" and no <script`);
  checkSnapshot(cliPath, env, label, "html", html.sha256);

  // Typesetting a PDF in a debug build takes a while.
  const pdf = await exportFrom("pdf", 180_000);
  const magic = pdf.bytes.subarray(0, 5).toString("latin1");
  if (magic !== "%PDF-") fail(`the exported PDF ${pdf.path} starts with ${JSON.stringify(magic)}, not "%PDF-"`);
  step("the PDF starts with %PDF-");
  checkSnapshot(cliPath, env, label, "pdf", pdf.sha256);
}

// --- requests ----------------------------------------------------------------------------------

const REQUESTER = "tai.man.chan@example.hk";
const MAIL_MESSAGE_ID = "e2e-access-1@example.hk";
/** Days the mail is dated before today, and the PDPO s.19 period. */
const MAIL_AGE_DAYS = 3;
const PDPO_ACCESS_DAYS = 40;
const HK_OFFSET_MS = 8 * 3600 * 1000;

const DAY_MS = 24 * 3600 * 1000;
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A calendar date (a UTC midnight Date) as YYYY-MM-DD. */
const isoDate = (d) => d.toISOString().slice(0, 10);
/** YYYY-MM-DD as a UTC midnight Date. */
const dateOf = (iso) => new Date(`${iso}T00:00:00Z`);

/**
 * Writes a plain-text access request in the PDPO's terms, dated MAIL_AGE_DAYS before today at
 * 10:15 in Hong Kong (RFC 2822, +0800). Returns its path and the Hong Kong date it was received.
 */
function writeAccessRequestMail(dir) {
  mkdirSync(dir, { recursive: true });
  // Hong Kong's wall clock, read through the UTC accessors.
  const hk = new Date(Date.now() + HK_OFFSET_MS - MAIL_AGE_DAYS * DAY_MS);
  const day = new Date(Date.UTC(hk.getUTCFullYear(), hk.getUTCMonth(), hk.getUTCDate()));
  const pad = (n) => String(n).padStart(2, "0");
  const date = `${WEEKDAYS[day.getUTCDay()]}, ${pad(day.getUTCDate())} ${MONTHS[day.getUTCMonth()]} ${day.getUTCFullYear()} 10:15:00 +0800`;
  const text = [
    "From: Chan Tai Man <tai.man.chan@example.hk>",
    "To: contact@wesmond.com",
    "Subject: Data access request",
    `Date: ${date}`,
    `Message-ID: <${MAIL_MESSAGE_ID}>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 7bit",
    "",
    "Dear Wesmond, under the PDPO I request access to my personal data that you hold. Regards, Chan Tai Man",
    "",
  ].join("\r\n");
  const path = join(dir, "data-access-request.eml");
  writeFileSync(path, text);
  return { path, date, receivedOn: isoDate(day) };
}

/** Hong Kong general holidays from data/holidays/hk.toml, as YYYY-MM-DD strings. */
function hongKongHolidays() {
  const file = join(REPO_ROOT, "data", "holidays", "hk.toml");
  const text = readFileSync(file, "utf8");
  const years = /^years\s*=\s*\[([^\]]*)\]/m.exec(text)?.[1]?.split(",").map((y) => Number(y.trim())) ?? [];
  const dates = new Set([...text.matchAll(/^date\s*=\s*"?(\d{4}-\d{2}-\d{2})"?/gm)].map((m) => m[1]));
  if (dates.size === 0) fail(`no holiday dates found in ${file}`);
  return { dates, years };
}

/**
 * The PDPO s.19 due date worked out here, independently of the app: received + 40 days, moved
 * forward past Sundays and Hong Kong general holidays (Cap. 1 s.71). A fresh register records no
 * gale or black-rainstorm warning days.
 */
function expectedPdpoDue(receivedOn) {
  const { dates, years } = hongKongHolidays();
  let due = new Date(dateOf(receivedOn).getTime() + PDPO_ACCESS_DAYS * DAY_MS);
  const unrolled = isoDate(due);
  if (!years.includes(due.getUTCFullYear())) fail(`data/holidays/hk.toml does not cover ${due.getUTCFullYear()}; add that year's holidays`);
  while (due.getUTCDay() === 0 || dates.has(isoDate(due))) due = new Date(due.getTime() + DAY_MS);
  return { due: isoDate(due), unrolled };
}

/** `workbench requests list --json`, as an array of rows. */
function requestList(cliPath, env) {
  const text = cli(cliPath, env, ["--db", db, "requests", "list", "--json"]);
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    fail(`\`workbench requests list --json\` printed something that is not JSON (${error.message}):\n${text.slice(0, 500)}`);
  }
  if (!Array.isArray(parsed)) fail(`\`workbench requests list --json\` printed no list:\n${text.slice(0, 500)}`);
  return parsed;
}

/** Clicks a navigation item by its data-testid (or its visible label). */
async function navigate(id, label) {
  const link =
    (await session.find(`nav [data-testid="nav-${id}"]`)) ??
    (await session.find(`//nav//*[self::a or self::button][normalize-space()="${label}"]`, "xpath"));
  if (!link) fail(`no "${label}" item in the navigation`);
  await session.click(link);
  step(`opened ${label}`);
}

async function requestsScenario(cliPath, env, mail) {
  const before = requestList(cliPath, env);
  if (before.some((r) => r.requester_email === REQUESTER)) fail(`the fresh register already holds a request from ${REQUESTER}`);
  step(`register: ${before.length} request(s) before the import; the mail is dated ${mail.date} (${mail.path})`);

  await navigate("requests", "Requests");
  await session.waitFor('[data-testid="requests"]', { timeoutMs: 15_000, onPoll: () => failOnAlert("main", "opening the Requests screen") });
  const hint = ((await session.textOf('[data-testid="requests-drop-hint"]')) ?? "").trim();
  if (!/Drop \.eml or \.mbox files/.test(hint)) fail(`the Requests screen shows no drop hint (got ${JSON.stringify(hint)})`);

  await session.click(await byTestId("requests-import"));
  step("clicked Import mail…");
  const result = await session.waitFor('[data-testid="import-result"]', {
    timeoutMs: 30_000,
    onPoll: () => failOnAlert('[data-testid="import-monitor"]', "importing the mail"),
  });
  const outcome = await session.attribute(result, "data-outcome");
  const resultText = (await session.text(result)).replace(/\s+/g, " ").trim();
  step(`import result (${outcome}): ${resultText}`);
  if (outcome === "cancelled") fail(`the import was cancelled: the app opened a file dialog instead of importing WORKBENCH_E2E_OPEN_FILES (${mail.path})`);
  if (outcome !== "imported") fail(`the import did not succeed: ${resultText}`);
  const created = ((await session.textOf('[data-testid="import-result"] [data-testid="import-created"]')) ?? "").trim();
  if (created !== "1") fail(`the import result shows ${JSON.stringify(created)} new requests, expected 1`);

  // The inbox reloads after the import.
  const shownRow = await waitUntil(
    async () => {
      await failOnAlert('[data-testid="requests"]', "reloading the inbox");
      const rows = await session.execute(
        "return Array.from(document.querySelectorAll('[data-testid=\"request-row\"]')).map((r) => ({ id: r.dataset.id, type: r.dataset.type, status: r.dataset.status, urgency: r.dataset.urgency, text: r.textContent }));",
      );
      return (rows ?? []).find((r) => r.text.includes(REQUESTER)) ?? null;
    },
    { what: `a request row for ${REQUESTER} in the inbox`, timeoutMs: 15_000 },
  );
  step(`inbox row: request ${shownRow.id}, type ${shownRow.type}, status ${shownRow.status}, urgency ${shownRow.urgency}`);
  if (shownRow.type !== "access") fail(`the inbox shows request ${shownRow.id} as type ${JSON.stringify(shownRow.type)}, expected access`);
  await shot("requests");

  await session.click(await session.waitFor(`[data-testid="request-row"][data-id="${shownRow.id}"] a`, { timeoutMs: 5_000 }));
  step(`opened request ${shownRow.id}`);
  await session.waitFor(`[data-testid="request-detail"][data-id="${shownRow.id}"]`, {
    timeoutMs: 15_000,
    onPoll: () => failOnAlert("main", `opening request ${shownRow.id}`),
  });
  const shownDue = String(
    (await session.execute(
      `const e = document.querySelector('[data-testid="request-due"]'); if (!e) return "";
       const t = e.matches("time") ? e : e.querySelector("time"); return t ? t.getAttribute("datetime") : e.textContent;`,
    )) ?? "",
  ).trim();
  const shownRule = ((await session.textOf('[data-testid="request-rule"]')) ?? "").trim();
  const shownType = ((await session.textOf('[data-testid="request-type"]')) ?? "").trim();
  step(`detail: type ${JSON.stringify(shownType)}, due ${JSON.stringify(shownDue)}, rule ${JSON.stringify(shownRule)}`);

  // The register agrees, and so does the law worked out here.
  const mine = requestList(cliPath, env).find((r) => r.requester_email === REQUESTER);
  if (!mine) fail(`\`workbench requests list --json\` has no request from ${REQUESTER}`);
  step(`register: request ${mine.id}, ${mine.type}, ${mine.status}, ${mine.jurisdiction}, received ${mine.received_on}, due ${mine.due_date} (${mine.rule})`);
  const mismatches = [];
  if (String(mine.id) !== shownRow.id) mismatches.push(`the inbox row is request ${shownRow.id}, the register's is ${mine.id}`);
  if (mine.type !== "access") mismatches.push(`the register has type ${mine.type}, expected access`);
  if (shownDue !== mine.due_date) mismatches.push(`the window shows due ${JSON.stringify(shownDue)}, the register has ${JSON.stringify(mine.due_date)}`);
  if (!/PDPO/.test(mine.rule ?? "")) mismatches.push(`the register's rule ${JSON.stringify(mine.rule)} does not mention PDPO`);
  if (!shownRule.includes(mine.rule ?? "\u0000")) mismatches.push(`the window shows rule ${JSON.stringify(shownRule)}, the register has ${JSON.stringify(mine.rule)}`);
  if (mine.received_on !== mail.receivedOn) mismatches.push(`the register has received_on ${mine.received_on}, the mail is dated ${mail.receivedOn} in Hong Kong`);
  const expected = expectedPdpoDue(mail.receivedOn);
  if (mine.due_date !== expected.due) {
    mismatches.push(`the register's due date ${mine.due_date} is not ${expected.due} (received ${mail.receivedOn} + ${PDPO_ACCESS_DAYS} days = ${expected.unrolled}, moved past Sundays and Hong Kong holidays)`);
  }
  if (mismatches.length) fail(`request ${shownRow.id} disagrees:\n  - ${mismatches.join("\n  - ")}`);
  step(`due date ${shownDue} matches the register and ${mail.receivedOn} + ${PDPO_ACCESS_DAYS} days${expected.unrolled === expected.due ? "" : ` (${expected.unrolled} moved to the next working day)`}`);

  await session.click(await byTestId("request-action-identity_check"));
  step("clicked Start identity check");
  await session.waitFor('[data-testid="request-status"][data-status="identity_check"]', {
    timeoutMs: 15_000,
    onPoll: () => failOnAlert('[data-testid="request-detail"]', "moving the request to identity check"),
  });
  const after = requestList(cliPath, env).find((r) => r.id === mine.id);
  if (after?.status !== "identity_check") fail(`after the click, the register has request ${mine.id} as ${after?.status}, expected identity_check`);
  step(`the window and the register both have request ${mine.id} in identity_check`);
  await shot("request-detail");

  // The dashboard's request counts against the register.
  await navigate("dashboard", "Dashboard");
  await session.waitFor('[data-testid="dashboard"]', { timeoutMs: 15_000, onPoll: () => failOnAlert("main", "opening the dashboard") });
  const rows = requestList(cliPath, env);
  const open = rows.filter((r) => !["completed", "refused", "withdrawn"].includes(r.status));
  const expectedCounts = {
    requests: rows.length,
    open: open.length,
    overdue: open.filter((r) => r.overdue).length,
    "due-this-week": open.filter((r) => r.days_left !== null && r.days_left >= 0 && r.days_left <= 7).length,
  };
  const shownCounts = {};
  for (const key of Object.keys(expectedCounts)) {
    const text = await session.textOf(`[data-testid="count-${key}"]`);
    if (text === null) fail(`the dashboard has no [data-testid="count-${key}"] card`);
    shownCounts[key] = text.trim();
  }
  step(`dashboard request counts ${JSON.stringify(shownCounts)}; register ${JSON.stringify(expectedCounts)}`);
  const wrong = Object.entries(expectedCounts).filter(([key, n]) => shownCounts[key] !== String(n));
  if (wrong.length) fail(`the dashboard's request counts disagree with \`workbench requests list --json\`: ${wrong.map(([k, n]) => `${k} shows ${shownCounts[k]}, register ${n}`).join("; ")}`);
  step("dashboard request counts match the register");
}

/**
 * Saves a PNG of the window: from WebDriver, else of the whole X display with ImageMagick's
 * `/usr/bin/import` (the `/usr/bin` one: another `import` on PATH may be something else).
 * Never throws; says what it did.
 */
let webdriverScreenshotsHang = false;
/** Saves a screenshot named `name` into E2E_SCREENSHOT_DIR, when it is set. */
async function shot(name) {
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (!dir) return;
  const target = resolve(process.cwd(), dir, `${name}.png`);
  mkdirSync(dirname(target), { recursive: true });
  step(await saveScreenshot(target));
}

async function saveScreenshot(target) {
  let why = "WebDriver's screenshot timed out earlier in this run";
  if (!webdriverScreenshotsHang) {
    try {
      writeFileSync(target, await session.screenshot(15_000));
      return `screenshot saved to ${target}`;
    } catch (error) {
      why = error.message;
      webdriverScreenshotsHang = error?.name === "TimeoutError";
    }
  }
  if (process.env.DISPLAY && existsSync("/usr/bin/import")) {
    try {
      execFileSync("/usr/bin/import", ["-window", "root", target], { stdio: "ignore", timeout: 15_000 });
      return `screenshot of the display saved to ${target} (WebDriver's failed: ${why})`;
    } catch (error) {
      why += `; /usr/bin/import failed: ${error.message}`;
    }
  }
  return `WARNING: no screenshot saved to ${target}: ${why}` +
    (process.env.WEBKIT_DISABLE_COMPOSITING_MODE === "0" ? "" : " (with WEBKIT_DISABLE_COMPOSITING_MODE=1 WebKitGTK may never answer; install imagemagick, or set WEBKIT_DISABLE_COMPOSITING_MODE=0)");
}

/** Ends the session and tauri-driver (with WebKitWebDriver and the app in its process group). */
async function cleanup() {
  if (session) {
    const ending = session;
    session = null;
    try {
      await ending.delete();
      step("session deleted");
    } catch (error) {
      step(`could not delete the session: ${error.message}`);
    }
  }
  if (driver && driver.pid && !driverExited) {
    const group = -driver.pid;
    try {
      process.kill(group, "SIGTERM");
    } catch {
      /* already gone */
    }
    const by = Date.now() + 5_000;
    while (!driverExited && Date.now() < by) await sleep(100);
    try {
      process.kill(group, "SIGKILL"); // anything in the group that ignored SIGTERM
    } catch {
      /* the whole group is gone */
    }
    step("tauri-driver stopped");
  }
  driver?.stdout?.destroy();
  driver?.stderr?.destroy();
}

function cleanupOnce() {
  cleaningUp ??= cleanup();
  return cleaningUp;
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    console.error(`[e2e] interrupted by ${signal}; cleaning up`);
    cleanupOnce().finally(() => process.exit(130));
  });
}

let exitCode = 0;
try {
  await main();
  step(
    "PASS: the desktop app shows what the register holds, the audit chain verifies, a policy edited in the window publishes and exports as the register records, " +
      "an email imported in the window becomes a request with the register's statutory due date, " +
      "every screen passes axe-core and fits 200 % zoom in English and Traditional Chinese, the keyboard reaches the frequent actions, the language choice is remembered, script planted in a draft never runs and ungranted commands are refused, an encrypted register asks for its passphrase first, and a register from an older release is brought up to date behind the window",
  );
} catch (error) {
  exitCode = 1;
  const reason = error instanceof CheckFailed || error instanceof WaitTimedOut ? error.message : (error?.stack ?? String(error));
  console.error(`\n[e2e] FAIL: ${reason}\n`);
  if (session) console.error(`[e2e] ${await saveScreenshot(join(tmp, "failure.png"))}`);
  if (existsSync(driverLog)) console.error(`[e2e] last lines of ${driverLog}:\n${tail(driverLog, 30)}`);
} finally {
  await cleanupOnce();
}

if (exitCode === 0 && !process.env.E2E_KEEP_TMP) {
  rmSync(tmp, { recursive: true, force: true });
} else {
  console.error(`[e2e] temporary files kept in ${tmp}`);
}
process.exit(exitCode);
