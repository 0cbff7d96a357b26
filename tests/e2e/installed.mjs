#!/usr/bin/env node
// The installed app: starts the binary the .deb put on PATH (not the build tree's) through
// tauri-driver on a fresh register, and reads its window — the title, the dashboard and the
// language it speaks — then closes it. Run by tests/package/deb.sh between `dpkg -i` and `dpkg -r`.
//
//   xvfb-run -a node tests/e2e/installed.mjs /usr/bin/compliance-workbench /usr/bin/workbench

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findTauriDriver, startDriver } from "./driver.mjs";
import { Session } from "./webdriver.mjs";

const [appPath, cliPath] = process.argv.slice(2);
if (!appPath || !cliPath) {
  console.error("usage: installed.mjs <installed app> <installed cli>");
  process.exit(2);
}

const tmp = mkdtempSync(join(tmpdir(), "workbench-installed-"));
const db = join(tmp, "register.db");
const env = { ...process.env, WORKBENCH_DB: db, WORKBENCH_CONFIG_DIR: join(tmp, "config") };
let driver = null;
let session = null;
let failure = null;
try {
  execFileSync(cliPath, ["--db", db, "init"], { env, stdio: ["ignore", "pipe", "pipe"] });
  driver = await startDriver({ driverPath: findTauriDriver(), env, logPath: join(tmp, "tauri-driver.log") });
  session = await Session.create(driver.baseUrl, { browserName: "wry", "tauri:options": { application: appPath } });
  await session.waitFor('[data-testid="dashboard"]', { timeoutMs: 30_000 });
  const title = await session.execute("return document.title;");
  const heading = await session.textOf("h1");
  const lang = await session.execute("return document.documentElement.lang;");
  console.log(`[installed] window title ${JSON.stringify(title)}, heading ${JSON.stringify(heading)}, lang ${JSON.stringify(lang)}`);
  if (typeof title !== "string" || !title.includes("Compliance Workbench")) failure = `the window title is ${JSON.stringify(title)}`;
  else if (!heading) failure = "the installed app's window shows no heading";
} catch (error) {
  failure = error?.message ?? String(error);
} finally {
  try {
    await session?.delete();
  } catch {
    /* the app is going anyway */
  }
  await driver?.stop();
}
if (failure) {
  console.error(`[installed] FAIL: ${failure} (files kept in ${tmp})`);
  process.exit(1);
}
rmSync(tmp, { recursive: true, force: true });
console.log("[installed] PASS: the installed app opened a register and drew its dashboard");
