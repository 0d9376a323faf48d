import { randomBytes } from 'node:crypto';
import type pg from 'pg';

/**
 * The sliding send window of one bot token, kept in PostgreSQL so that every instance sending with the
 * token counts the same grants (the `SendWindow` row of `scope`). The rule is the one of the in-memory
 * pacer (src/delivery/pacer.ts), on the database's clock: at most `perWindow` grants in any `windowMs`
 * counted from the *answer* to the grant `perWindow` back (or its grant plus `inFlightAllowanceMs` while
 * no answer is known), never two closer than `minSpacingMs`, and none before the pause a 429 asked for.
 *
 * Slots are reserved in small blocks: one reservation grants an instance up to `want` send instants
 * (now or a little later, within `horizonMs`), and carries the answers to its earlier grants and the
 * slots it did not use. A round trip per message, and a transaction per answer, held two instances to
 * ~18 msg/s together: the row was locked for most of every second. A reservation is a read and one
 * conditional UPDATE (optimistic: it applies only if the row is still as read, and is retried
 * otherwise), so no lock is held between the two and nothing waits for another instance's transaction.
 */

export interface WindowRules {
  perWindow: number;
  windowMs: number;
  minSpacingMs: number;
  inFlightAllowanceMs: number;
}

export interface Grant {
  id: string;
  /** the send instant granted (database clock, ms) */
  at: number;
  /** when its answer came back (database clock), null while unknown */
  settledAt: number | null;
}

export interface WindowState {
  pausedUntil: number;
  /** the last grants, oldest first, at most `perWindow` */
  grants: Grant[];
}

/** What an instance learnt of its grants since it last asked: answered ones and ones it never used. */
export interface WindowReport {
  answered: { id: string; at: number }[];
  unused: string[];
}

export interface ReserveRequest {
  want: number;
  horizonMs: number;
  report: WindowReport;
}

export interface Reservation {
  /** the database's clock when the row was read */
  now: number;
  /** the instants granted to this instance, in order (database clock) */
  slots: { id: string; at: number }[];
  /** with no slot: how long until the next may be granted, and whether an answer may end the wait sooner */
  waitMs: number;
  onAnswer: boolean;
}

export interface SendWindowStore {
  reserve(scope: string, rules: WindowRules, request: ReserveRequest): Promise<Reservation>;
  /** Records answers and unused slots without asking for more (an instance going quiet). */
  report(scope: string, report: WindowReport): Promise<void>;
  /** Nobody sends with this token for `ms` from now (a 429's retry_after). */
  pause(scope: string, ms: number): Promise<void>;
}

/** When the next grant may be made, and whether the wait depends on an answer still unknown. */
export function nextGrantAt(state: WindowState, rules: WindowRules): { at: number; onAnswer: boolean } {
  const { grants } = state;
  let at = state.pausedUntil;
  const last = grants.at(-1);
  if (last) at = Math.max(at, last.at + rules.minSpacingMs);
  let onAnswer = false;
  if (grants.length >= rules.perWindow) {
    const oldest = grants[grants.length - rules.perWindow] as Grant;
    const bound =
      oldest.settledAt !== null
        ? oldest.settledAt + rules.windowMs
        : oldest.at + rules.windowMs + rules.inFlightAllowanceMs;
    if (bound > at) {
      at = bound;
      onAnswer = oldest.settledAt === null;
    }
  }
  return { at, onAnswer };
}

/** The window with an instance's report applied: answers written, unused slots taken out. */
export function applyReport(state: WindowState, report: WindowReport): WindowState {
  if (report.answered.length === 0 && report.unused.length === 0) return state;
  const answered = new Map(report.answered.map((a) => [a.id, a.at]));
  const unused = new Set(report.unused);
  const grants = state.grants
    .filter((g) => !unused.has(g.id))
    .map((g) => {
      const at = answered.get(g.id);
      // never before the grant itself: a clock estimate may be off by a round trip
      return at !== undefined && g.settledAt === null ? { ...g, settledAt: Math.max(at, g.at) } : g;
    });
  return { ...state, grants };
}

/** Up to `want` grants from `now` within `horizonMs`, each by the rule above. */
export function planSlots(
  state: WindowState,
  rules: WindowRules,
  options: { now: number; want: number; horizonMs: number; newId: () => string },
): { state: WindowState; slots: Grant[]; waitMs: number; onAnswer: boolean } {
  let grants = state.grants;
  const slots: Grant[] = [];
  while (slots.length < options.want) {
    const next = nextGrantAt({ ...state, grants }, rules);
    const at = Math.max(next.at, options.now);
    if (at > options.now + options.horizonMs) {
      if (slots.length === 0)
        return { state, slots, waitMs: at - options.now - options.horizonMs, onAnswer: next.onAnswer };
      break;
    }
    const grant = { id: options.newId(), at, settledAt: null };
    slots.push(grant);
    grants = [...grants, grant].slice(-rules.perWindow);
  }
  return { state: { ...state, grants }, slots, waitMs: 0, onAnswer: false };
}

/** The database's clock in epoch milliseconds: one clock for every instance. */
const NOW = `(extract(epoch FROM clock_timestamp()) * 1000)::float8`;
/** Conditional writes lost to another instance's in a row before giving up (the caller paces alone then). */
const MAX_RACES = 20;

interface Row {
  pausedUntil: number;
  grants: string;
  now: number;
}

export function createSendWindowStore(pool: pg.Pool): SendWindowStore {
  const select = `SELECT "pausedUntil", grants, ${NOW} AS now FROM "SendWindow" WHERE scope = $1`;
  const newId = (): string => randomBytes(6).toString('hex');

  async function read(scope: string): Promise<Row> {
    const found = await pool.query<Row>(select, [scope]);
    if (found.rows[0]) return found.rows[0];
    await pool.query(`INSERT INTO "SendWindow" (scope) VALUES ($1) ON CONFLICT DO NOTHING`, [scope]);
    return (await pool.query<Row>(select, [scope])).rows[0] as Row;
  }

  /** Reads the row, lets `change` compute the new grants, and writes them if the row is unchanged. */
  async function update<T>(
    scope: string,
    change: (state: WindowState, now: number) => { grants: Grant[] | null; result: T },
  ): Promise<T> {
    for (let race = 0; race < MAX_RACES; race += 1) {
      const row = await read(scope);
      const state = { pausedUntil: row.pausedUntil, grants: JSON.parse(row.grants) as Grant[] };
      const { grants, result } = change(state, row.now);
      if (!grants) return result;
      const written = await pool.query(
        `UPDATE "SendWindow" SET grants = $2
         WHERE scope = $1 AND grants = $3 AND "pausedUntil" = $4::float8`,
        [scope, JSON.stringify(grants), row.grants, row.pausedUntil],
      );
      if (written.rowCount === 1) return result;
    }
    throw new Error(`send window ${scope}: lost ${MAX_RACES} writes in a row to other instances`);
  }

  return {
    reserve(scope, rules, request) {
      return update<Reservation>(scope, (stored, now) => {
        const reported = applyReport(stored, request.report);
        const plan = planSlots(reported, rules, {
          now,
          want: request.want,
          horizonMs: request.horizonMs,
          newId,
        });
        const changed = plan.slots.length > 0 || reported !== stored;
        const slots = plan.slots.map(({ id, at }) => ({ id, at }));
        return {
          grants: changed ? plan.state.grants : null,
          result: { now, slots, waitMs: plan.waitMs, onAnswer: plan.onAnswer },
        };
      });
    },

    report(scope, report) {
      return update(scope, (stored) => {
        const reported = applyReport(stored, report);
        return { grants: reported === stored ? null : reported.grants, result: undefined };
      });
    },

    async pause(scope, ms) {
      await read(scope);
      await pool.query(
        `UPDATE "SendWindow" SET "pausedUntil" = GREATEST("pausedUntil", ${NOW} + $2) WHERE scope = $1`,
        [scope, ms],
      );
    },
  };
}
