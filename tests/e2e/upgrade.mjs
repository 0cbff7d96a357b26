// End-to-end scenario for a register from an older release, called from run.mjs after the
// encrypted-register session has ended: the register file is replaced by the schema-1 fixture
// (tests/fixtures/schema-1/register.sqlite, two requests), the app starts on it, brings it to the
// current schema behind its window (saying so while it works), and draws the dashboard with the
// fixture's counts; the CLI then reads the same register at the current schema.

import { spawnSync } from "node:child_process";
import { copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { sleep } from "./webdriver.mjs";

/**
 * @param {object} ctx
 * @param {() => Promise<import("./webdriver.mjs").Session>} ctx.startSession  starts a new app session
 * @param {(message: string) => void} ctx.step
 * @param {(message: string) => never} ctx.fail
 * @param {string} ctx.cliPath
 * @param {object} ctx.env  the environment the app runs with
 * @param {string} ctx.db
 * @param {string} ctx.repoRoot
 */
export async function upgradeScenario({ startSession, step, fail, cliPath, env, db, repoRoot }) {
  const run = (args) => spawnSync(cliPath, ["--db", db, ...args], { env, encoding: "utf8", timeout: 120_000 });
  // The last session's app may take a moment to let go of the register.
  for (let attempt = 0; attempt < 40; attempt++) {
    try {
      for (const suffix of ["", "-wal", "-shm"]) rmSync(db + suffix, { force: true });
      copyFileSync(join(repoRoot, "tests", "fixtures", "schema-1", "register.sqlite"), db);
      break;
    } catch (error) {
      if (attempt === 39) fail(`could not put the schema-1 register in place: ${error}`);
      await sleep(250);
    }
  }
  step("upgrade: the register file is now the schema-1 fixture (an older release's register)");

  const session = await startSession();
  step(`upgrade: session ${session.id} started on the schema-1 register`);
  await session.waitFor('[data-testid="dashboard"]', { timeoutMs: 60_000 });
  const shown = ((await session.textOf('[data-testid="count-requests"]')) ?? "").trim();
  if (shown !== "2") fail(`after the upgrade the dashboard shows ${JSON.stringify(shown)} requests; the fixture has 2`);
  step("upgrade: the app brought it up to date behind its window and drew the dashboard: 2 requests");

  // The window keeps the register open; reading it alongside is what the CLI may do.
  const status = run(["status", "--json"]);
  if (status.status !== 0) fail(`\`workbench status --json\` after the upgrade failed: ${status.stderr}`);
  const s = JSON.parse(status.stdout);
  if (s.counts.requests !== 2) fail(`the upgraded register holds ${s.counts.requests} requests; the fixture has 2`);
  if (/bringing the register/.test(status.stderr)) fail("the CLI upgraded the register again: the app had not");
  step(`upgrade: \`workbench status --json\` reads it at the current schema (${s.schema_version ?? "latest"}), no upgrade left`);
}
