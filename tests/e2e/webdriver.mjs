// A minimal W3C WebDriver client over HTTP: just what the end-to-end run needs.
// Plain Node (>= 18) with the global fetch; no npm dependencies.

/** The W3C key under which an element reference travels. */
const ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf";

/** A WebDriver error response, with the remote end's error code (e.g. "no such element"). */
export class WebDriverError extends Error {
  constructor(method, path, status, error, message) {
    super(`${method} ${path} -> HTTP ${status} ${error}: ${message}`);
    this.status = status;
    this.error = error;
  }
}

/** A wait for an element that ran out of time; the message describes the page. */
export class WaitTimedOut extends Error {}

/** Sends one WebDriver command and returns its `value`. */
export async function command(baseUrl, method, path, body, timeoutMs = 30_000) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json; charset=utf-8" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let payload;
  try {
    payload = text ? JSON.parse(text) : {};
  } catch {
    throw new WebDriverError(method, path, response.status, "invalid response", text.slice(0, 300));
  }
  if (!response.ok) {
    const value = payload?.value ?? {};
    throw new WebDriverError(method, path, response.status, value.error ?? "unknown error", value.message ?? text.slice(0, 300));
  }
  return payload?.value;
}

/** True when `GET /status` answers (the driver is up and ready for a session). */
export async function isReady(baseUrl) {
  try {
    const value = await command(baseUrl, "GET", "/status", undefined, 2_000);
    return value?.ready !== false;
  } catch {
    return false;
  }
}

/** An open WebDriver session. */
export class Session {
  /** Creates a session with the given `alwaysMatch` capabilities. */
  static async create(baseUrl, alwaysMatch, timeoutMs = 60_000) {
    const value = await command(baseUrl, "POST", "/session", { capabilities: { alwaysMatch } }, timeoutMs);
    if (!value?.sessionId) throw new Error(`POST /session returned no sessionId: ${JSON.stringify(value)}`);
    return new Session(baseUrl, value.sessionId);
  }

  constructor(baseUrl, id) {
    this.baseUrl = baseUrl;
    this.id = id;
  }

  cmd(method, path, body, timeoutMs) {
    return command(this.baseUrl, method, `/session/${this.id}${path}`, body, timeoutMs);
  }

  /** The element matching a CSS selector, or null when there is none (yet). */
  async find(selector, using = "css selector") {
    try {
      const value = await this.cmd("POST", "/element", { using, value: selector });
      return value?.[ELEMENT_KEY] ?? null;
    } catch (error) {
      if (error instanceof WebDriverError && error.error === "no such element") return null;
      throw error;
    }
  }

  /** Polls until `selector` matches (up to `timeoutMs`); returns the element id. */
  async waitFor(selector, { timeoutMs = 30_000, using = "css selector", onPoll } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const element = await this.find(selector, using);
      if (element) return element;
      if (onPoll) await onPoll();
      if (Date.now() > deadline) {
        throw new WaitTimedOut(`timed out after ${timeoutMs / 1000} s waiting for ${selector}; ${await this.describePage()}`);
      }
      await sleep(250);
    }
  }

  /** The rendered text of an element. */
  async text(element) {
    return String(await this.cmd("GET", `/element/${element}/text`));
  }

  /** The rendered text of the element matching `selector`, or null when none matches. */
  async textOf(selector) {
    const element = await this.find(selector);
    return element ? this.text(element) : null;
  }

  /** The page's URL, title and the start of its visible text: what to print when a wait fails. */
  async describePage() {
    try {
      const url = await this.cmd("GET", "/url", undefined, 5_000);
      const title = await this.cmd("GET", "/title", undefined, 5_000);
      const body = ((await this.textOf("body")) ?? "").replace(/\s+/g, " ").trim();
      return `page ${url} titled ${JSON.stringify(title)} shows: ${JSON.stringify(body.slice(0, 400))}`;
    } catch (error) {
      return `the page could not be read (${error.message})`;
    }
  }

  /** An element's attribute, or null when it has none. */
  async attribute(element, name) {
    const value = await this.cmd("GET", `/element/${element}/attribute/${encodeURIComponent(name)}`);
    return value === null || value === undefined ? null : String(value);
  }

  async click(element) {
    await this.cmd("POST", `/element/${element}/click`, {});
  }

  /** Types `text` into an element, as a keyboard would. */
  async sendKeys(element, text) {
    await this.cmd("POST", `/element/${element}/value`, { text });
  }

  /**
   * Runs `script` (a function body) in the page and returns what it returns. Element ids in `args`
   * are passed as `asElement(id)`, and arrive as DOM elements in `arguments`.
   */
  async execute(script, args = [], timeoutMs = 30_000) {
    return this.cmd("POST", "/execute/sync", { script, args }, timeoutMs);
  }

  /**
   * Runs `script` (a function body) asynchronously: the page calls the last argument with the
   * result, and that is what this returns.
   */
  async executeAsync(script, args = [], timeoutMs = 60_000) {
    return this.cmd("POST", "/execute/async", { script, args }, timeoutMs);
  }

  /**
   * Presses keys as the keyboard would, on whatever has focus: `keys` is a list of chords, each a
   * list of key values pressed together (modifiers first), e.g. [["\uE009", "k"]] for Ctrl+K.
   */
  async pressKeys(chords) {
    const actions = [];
    for (const chord of chords) {
      for (const key of chord) actions.push({ type: "keyDown", value: key });
      for (const key of [...chord].reverse()) actions.push({ type: "keyUp", value: key });
    }
    await this.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
    await this.cmd("DELETE", "/actions").catch(() => undefined);
  }

  /** Sets the window's size in CSS pixels (the outer window; the page is a little smaller). */
  async setWindowSize(width, height) {
    return this.cmd("POST", "/window/rect", { width, height });
  }

  /** A PNG of the window, as a Buffer. */
  async screenshot(timeoutMs = 30_000) {
    return Buffer.from(String(await this.cmd("GET", "/screenshot", undefined, timeoutMs)), "base64");
  }

  async delete() {
    await this.cmd("DELETE", "", undefined, 15_000);
  }
}

/** WebDriver's key values for the modifier and special keys the shortcuts use. */
export const KEY = {
  CONTROL: "\uE009",
  SHIFT: "\uE008",
  ALT: "\uE00A",
  ENTER: "\uE007",
  ESCAPE: "\uE00C",
  TAB: "\uE004",
  ARROW_DOWN: "\uE015",
  ARROW_UP: "\uE013",
  F1: "\uE031",
};

/** An element id in the form `execute` passes to the page as a DOM element. */
export function asElement(id) {
  return { [ELEMENT_KEY]: id };
}

/**
 * Polls `check` every 250 ms until it returns something other than undefined/null/false, and
 * returns that; throws WaitTimedOut naming `what` after `timeoutMs`.
 */
export async function waitUntil(check, { what, timeoutMs = 30_000 }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new WaitTimedOut(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(250);
  }
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
