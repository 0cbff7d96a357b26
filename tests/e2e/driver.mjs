// Finding and starting tauri-driver, shared by the end-to-end runs (run.mjs, installed.mjs).

import { spawn } from "node:child_process";
import { accessSync, constants, createWriteStream } from "node:fs";
import { createServer } from "node:net";
import { homedir } from "node:os";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { isReady, sleep } from "./webdriver.mjs";

/** The first executable called `name` on PATH, or null. */
export function onPath(name) {
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

/** tauri-driver: $TAURI_DRIVER, else on PATH, else ~/.cargo/bin. */
export function findTauriDriver() {
  if (process.env.TAURI_DRIVER) {
    const given = process.env.TAURI_DRIVER;
    return isAbsolute(given) || given.includes("/") ? resolve(process.cwd(), given) : (onPath(given) ?? given);
  }
  return onPath("tauri-driver") ?? join(homedir(), ".cargo", "bin", "tauri-driver");
}

/** A TCP port that was free a moment ago on the loopback interface. */
export function freePort() {
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

/**
 * Starts tauri-driver in its own process group (so stopping it ends WebKitWebDriver and the app
 * too), logging to `logPath`, and waits until it answers /status. Returns its base URL and `stop`.
 */
export async function startDriver({ driverPath, env, logPath, readyWithinMs = 20_000 }) {
  const port = await freePort();
  let nativePort = await freePort();
  while (nativePort === port) nativePort = await freePort();
  const args = ["--port", String(port), "--native-port", String(nativePort)];
  if (process.env.WEBKIT_WEBDRIVER) args.push("--native-driver", resolve(process.cwd(), process.env.WEBKIT_WEBDRIVER));
  const log = createWriteStream(logPath);
  const child = spawn(driverPath, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let exited = null;
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  child.on("error", (error) => (exited = `could not start: ${error.message}`));
  child.on("exit", (code, signal) => (exited = `exited with ${signal ?? `code ${code}`}`));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.pid && !exited) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
      const by = Date.now() + 5_000;
      while (!exited && Date.now() < by) await sleep(100);
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        /* the whole group is gone */
      }
    }
    child.stdout?.destroy();
    child.stderr?.destroy();
  };
  const readyBy = Date.now() + readyWithinMs;
  while (!(await isReady(baseUrl))) {
    if (exited) throw new Error(`tauri-driver ${exited} before answering /status (log: ${logPath})`);
    if (Date.now() > readyBy) {
      await stop();
      throw new Error(`tauri-driver did not answer GET ${baseUrl}/status within ${readyWithinMs / 1000} s (log: ${logPath})`);
    }
    await sleep(200);
  }
  return { baseUrl, args, stop, exited: () => exited };
}
