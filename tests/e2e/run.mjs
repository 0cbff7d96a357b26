#!/usr/bin/env node
// End-to-end run of the real desktop app: a fresh register made by the CLI, the app driven through
// tauri-driver + WebKitWebDriver (W3C WebDriver over HTTP), and what the window shows checked
// against `workbench status --json` for the same register.
//
//   xvfb-run -a node tests/e2e/run.mjs        (from the repository root; Xvfb is the caller's)
//
// Environment:
//   WORKBENCH_APP     desktop binary      (default target/debug/workbench-desktop)
//   WORKBENCH_CLI     CLI binary          (default target/debug/workbench)
//   TAURI_DRIVER      tauri-driver        (default: on PATH, else ~/.cargo/bin/tauri-driver)
//   WEBKIT_WEBDRIVER  native driver path  (optional; passed as --native-driver)
//   E2E_SCREENSHOT    save a PNG of the loaded dashboard here (optional)
//   E2E_KEEP_TMP=1    keep the temporary directory after a successful run
//
// Exit 0 when every check passes, 1 otherwise. On failure the reason is printed, a screenshot is
// saved to <tmp>/failure.png when the window can still be reached, and the temporary directory
// (register, driver log) is kept for inspection.

import { execFileSync, spawn } from "node:child_process";
import { accessSync, constants, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { delimiter, dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isReady, Session, sleep, WaitTimedOut } from "./webdriver.mjs";

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

function onPath(name) {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* keep looking */
    }
  }
  return null;
}

function findTauriDriver() {
  if (process.env.TAURI_DRIVER) {
    const given = process.env.TAURI_DRIVER;
    return isAbsolute(given) || given.includes("/") ? resolve(process.cwd(), given) : (onPath(given) ?? given);
  }
  return onPath("tauri-driver") ?? join(homedir(), ".cargo", "bin", "tauri-driver");
}

/** A TCP port that was free a moment ago on the loopback interface. */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
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
  const env = {
    ...process.env,
    WORKBENCH_DB: db,
    WEBKIT_DISABLE_COMPOSITING_MODE: process.env.WEBKIT_DISABLE_COMPOSITING_MODE ?? "0",
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

  if (process.env.E2E_SCREENSHOT) {
    const target = resolve(process.cwd(), process.env.E2E_SCREENSHOT);
    mkdirSync(dirname(target), { recursive: true });
    step(await saveScreenshot(target));
  }

  // 3. What the window shows.
  const shown = {};
  for (const key of COUNT_KEYS) {
    const text = await session.textOf(`[data-testid="count-${key}"]`);
    if (text === null) fail(`the dashboard has no count card for "${key}" ([data-testid="count-${key}"])`);
    shown[key] = text.trim();
  }
  const shownLabel = await session.textOf('[data-testid="policy-label"]');
  const shownDate = await session.textOf('[data-testid="policy-date"]');
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
  const verifiedEntries = /intact:\s*(\d+)/i.exec(verdict)?.[1];
  if (verifiedEntries !== undefined && Number(verifiedEntries) !== status.counts.audit_entries) {
    fail(`the chain check covered ${verifiedEntries} entries, but the register has ${status.counts.audit_entries}`);
  }
}

/**
 * Saves a PNG of the window: from WebDriver, else of the whole X display with ImageMagick's
 * `/usr/bin/import` (the `/usr/bin` one: another `import` on PATH may be something else).
 * Never throws; says what it did.
 */
let webdriverScreenshotsHang = false;
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
  step("PASS: the desktop app shows what the register holds, and the audit chain verifies");
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
