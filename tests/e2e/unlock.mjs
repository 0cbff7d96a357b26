// End-to-end scenario for an encrypted register (issue 7, item 1: "the desktop asks for the
// passphrase at start"), called from run.mjs after the first session has ended:
// `workbench passphrase set` encrypts the register the first session used, a second session
// starts the app (WORKBENCH_PASSPHRASE unset), the window shows the unlock screen before anything
// else, a wrong passphrase shows the library's sentence, the right one opens the dashboard, whose
// counts match `workbench status --json` read with the passphrase.

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { asElement, sleep, waitUntil } from "./webdriver.mjs";

const PASSPHRASE = "correct horse battery staple (e2e)";

/**
 * @param {object} ctx
 * @param {() => Promise<import("./webdriver.mjs").Session>} ctx.startSession  starts a new app session
 * @param {(message: string) => void} ctx.step
 * @param {(message: string) => never} ctx.fail
 * @param {string} ctx.cliPath
 * @param {object} ctx.env  the environment the app runs with (no WORKBENCH_PASSPHRASE)
 * @param {string} ctx.db
 * @param {(name: string) => Promise<void>} [ctx.shot]
 */
export async function unlockScenario({ startSession, step, fail, cliPath, env, db, shot }) {
  const run = (args, extra = {}) =>
    spawnSync(cliPath, ["--db", db, ...args], { env: { ...env, ...extra }, encoding: "utf8", timeout: 120_000 });

  // The first session's app may take a moment to let go of the register.
  let set;
  for (let attempt = 0; attempt < 40; attempt++) {
    set = run(["passphrase", "set"], { WORKBENCH_NEW_PASSPHRASE: PASSPHRASE });
    if (set.status === 0 || !/open in another/.test(set.stderr ?? "")) break;
    await sleep(250);
  }
  if (set.status !== 0) fail(`\`workbench passphrase set\` failed (exit ${set.status}): ${set.stderr}`);
  if (readFileSync(db).subarray(0, 15).toString("latin1") === "SQLite format 3") fail("the register is still plain after `passphrase set`");
  step("unlock: `workbench passphrase set` encrypted the register (WORKBENCH_NEW_PASSPHRASE)");

  const status = run(["status", "--json"], { WORKBENCH_PASSPHRASE: PASSPHRASE });
  if (status.status !== 0) fail(`\`workbench status --json\` with the passphrase failed: ${status.stderr}`);
  const counts = JSON.parse(status.stdout).counts;

  const session = await startSession();
  step(`unlock: session ${session.id} started on the encrypted register, WORKBENCH_PASSPHRASE unset`);
  await session.waitFor('[data-testid="unlock"]', { timeoutMs: 30_000 });
  if (await session.find('[data-testid="dashboard"]')) fail("the dashboard shows before the register is unlocked");
  if (await session.find("nav")) fail("the navigation shows before the register is unlocked");
  const field = await session.waitFor('[data-testid="unlock-passphrase"]');
  const type = await session.attribute(field, "type");
  const label = await session.execute("const i = arguments[0]; return i.labels && i.labels[0] ? i.labels[0].textContent : null;", [asElement(field)]);
  if (type !== "password" || !label) fail(`the passphrase field is type ${type}, labelled ${JSON.stringify(label)}`);
  step(`unlock: the window asks first: a password field labelled ${JSON.stringify(label)} and an Unlock button`);
  if (shot) await shot("unlock");

  await session.sendKeys(field, "not the passphrase");
  await session.click(await session.waitFor('[data-testid="unlock-submit"]'));
  const wrong = await waitUntil(
    async () => {
      const el = await session.find('[data-testid="unlock-error"]');
      if (!el) return null;
      const text = (await session.text(el)).trim();
      return text ? text : null;
    },
    { what: "the unlock screen to say the passphrase is wrong", timeoutMs: 15_000 },
  );
  if (!/passphrase does not open this register/i.test(wrong)) fail(`a wrong passphrase shows ${JSON.stringify(wrong)}`);
  if (await session.find('[data-testid="dashboard"]')) fail("a wrong passphrase opened the dashboard");
  step(`unlock: a wrong passphrase is refused: ${JSON.stringify(wrong)}`);

  await session.execute("arguments[0].value = ''; return true;", [asElement(field)]);
  await session.sendKeys(field, PASSPHRASE);
  await session.click(await session.waitFor('[data-testid="unlock-submit"]'));
  await session.waitFor('[data-testid="dashboard"]', { timeoutMs: 30_000 });
  const shown = ((await session.textOf('[data-testid="count-requests"]')) ?? "").trim();
  if (shown !== String(counts.requests)) fail(`after unlocking, the dashboard shows ${shown} requests; the register has ${counts.requests}`);
  const entries = ((await session.textOf('[data-testid="count-audit_entries"]')) ?? "").trim();
  if (entries !== String(counts.audit_entries)) fail(`after unlocking, the dashboard shows ${entries} audit entries; the register has ${counts.audit_entries}`);
  step(`unlock: the right passphrase opens the dashboard: ${shown} requests, ${entries} audit entries, as \`workbench status --json\` says`);
}
