/**
 * Where the officer is in the inbox: the order and filters the inbox last showed, and the ids of a
 * window of that order. The request detail uses it for its "previous" and "next" links, so they
 * follow the list the officer came from (sorted, filtered, searched) without fetching the list:
 * at most one five-row page when the neighbour lies outside the window already known.
 *
 * Opened any other way (a link from the dashboard, a check or an import result), the detail has no
 * inbox to follow and steps through the register by request number instead.
 */
import type { Api, RequestQuery, RequestRow } from "../api";

/** How the detail's neighbours were ordered: the inbox the officer came from, or request numbers. */
export type TrailOrder = "inbox" | "number";

/** A stretch of an ordered list of requests. */
interface Trail {
  order: TrailOrder;
  /** The backend query that gives the order (its `offset` and `limit` are ignored). */
  query: RequestQuery;
  /** The ids from `offset` on, in order. */
  ids: number[];
  offset: number;
  /** How many requests the query matched when the window was read. */
  total: number;
  /** The hash of the inbox page that shows the request at a position in the order. */
  back: (position: number) => string;
}

/** The neighbours of one request, each null when there is none (or none could be found cheaply). */
export interface Neighbours {
  prev: number | null;
  next: number | null;
  order: TrailOrder;
  /** The inbox to go back to: the one the officer came from, with its filters and page. */
  back: string;
}

let trail: Trail | null = null;

/**
 * Called by the inbox after it shows a page: the order, the page's rows, the total, and the hash
 * of the inbox page that holds a position (so "back" returns to the page of the request shown).
 */
export function rememberInbox(query: RequestQuery, rows: readonly Pick<RequestRow, "id">[], total: number, back: (position: number) => string): void {
  trail = { order: "inbox", query: { ...query }, ids: rows.map((r) => r.id), offset: query.offset, total, back };
}

/** Forgets the inbox (tests; or a register that was replaced). */
export function forgetInbox(): void {
  trail = null;
}

/** The neighbours found in a window: the ids either side of position `i`, where the window allows. */
function fromWindow(t: Trail, i: number): { prev: number | null | undefined; next: number | null | undefined } {
  const position = t.offset + i;
  const prev = position === 0 ? null : i > 0 ? t.ids[i - 1] : undefined;
  const next = position + 1 >= t.total ? null : i + 1 < t.ids.length ? t.ids[i + 1] : undefined;
  return { prev, next };
}

/**
 * Reads the few rows around `position` in `t`'s order, and returns that window if `id` is in it.
 * Five rows, not three: a request that left a filtered list (it was closed) shifts the rest by one.
 */
async function around(api: Api, t: Trail, id: number, position: number): Promise<Trail | null> {
  const offset = Math.max(0, position - 2);
  const page = await api.listRequestsPage({ ...t.query, offset, limit: 5 });
  const ids = page.rows.map((r) => r.id);
  if (!ids.includes(id)) return null; // the list changed under us: no guess
  return { ...t, ids, offset, total: page.total };
}

/** The order by request number, from the first request up. */
const BY_NUMBER: RequestQuery = { sort: "id", descending: false, limit: 5, offset: 0 };

/**
 * The previous and next request of `id`: in the inbox the officer came from when `id` is in it,
 * otherwise by request number. Costs nothing when the inbox page holds both neighbours, and one
 * five-row page otherwise. What cannot be found for sure is left out (null), never guessed.
 */
export async function findNeighbours(api: Api, id: number): Promise<Neighbours> {
  const current = trail;
  const index = current ? current.ids.indexOf(id) : -1;
  if (current && index !== -1) {
    let window: Trail = current;
    let i = index;
    let { prev, next } = fromWindow(window, i);
    if (prev === undefined || next === undefined) {
      const read = await around(api, current, id, current.offset + index);
      if (read) {
        window = read;
        i = read.ids.indexOf(id);
        ({ prev, next } = fromWindow(window, i));
      }
    }
    // Keep the window that holds this request, so the next step starts from it.
    trail = window;
    return { prev: prev ?? null, next: next ?? null, order: "inbox", back: current.back(window.offset + i) };
  }
  // Not from the inbox: by number. Numbers are given in order, so request n sits at n - 1 unless
  // some are missing; then the window does not hold it and no link is offered.
  const byNumber: Trail = { order: "number", query: BY_NUMBER, ids: [], offset: 0, total: 0, back: () => "#/requests" };
  const read = await around(api, byNumber, id, Math.max(0, id - 1));
  if (!read) return { prev: null, next: null, order: "number", back: "#/requests" };
  const { prev, next } = fromWindow(read, read.ids.indexOf(id));
  return { prev: prev ?? null, next: next ?? null, order: "number", back: "#/requests" };
}
