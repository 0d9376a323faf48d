import { randomBytes } from 'node:crypto';
import type pg from 'pg';

/**
 * The sliding send window of one bot token, kept in PostgreSQL so that every instance sending with the
 * token counts the same grants (the `SendWindow` row of `scope`). The rule is the one of the in-memory
 * pacer (src/delivery/pacer.ts), on the database's clock: at most `perWindow` grants in any `windowMs`
 * counted from the *answer* to the grant `perWindow` back (or its grant plus `inFlightAllowanceMs` while
 * unanswered), never two closer than `minSpacingMs`, and none before the pause a 429 asked for.
 *
 * Each grant is one short transaction that locks the row (`SELECT … FOR UPDATE`): instances queue for a
 * few milliseconds, never for a send. A waiter first reads without locking, so waiting costs no lock.
 */

export interface WindowRules {
  perWindow: number;
  windowMs: number;
  minSpacingMs: number;
  inFlightAllowanceMs: number;
}

export type WindowAnswer =
  | { granted: true; id: string }
  /** `onAnswer`: the wait ends earlier when the request awaited is answered (poll, do not sleep it all) */
  | { granted: false; waitMs: number; onAnswer: boolean };

export interface SendWindowStore {
  acquire(scope: string, rules: WindowRules): Promise<WindowAnswer>;
  /** The request of grant `id` was answered now. */
  settle(scope: string, id: string): Promise<void>;
  /** Nobody sends with this token for `ms` from now (a 429's retry_after). */
  pause(scope: string, ms: number): Promise<void>;
}

export interface Grant {
  id: string;
  at: number;
  settledAt: number | null;
}

export interface WindowState {
  pausedUntil: number;
  /** the last grants, oldest first, at most `perWindow` */
  grants: Grant[];
}

/** When the next grant may be made, and whether the wait depends on an answer still awaited. */
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

/** The database's clock in epoch milliseconds: one clock for every instance. */
const NOW = `(extract(epoch FROM clock_timestamp()) * 1000)::float8`;

interface Row {
  pausedUntil: number;
  grants: string;
  now: number;
}

function stateOf(row: Row): WindowState {
  return { pausedUntil: row.pausedUntil, grants: JSON.parse(row.grants) as Grant[] };
}

export function createSendWindowStore(pool: pg.Pool): SendWindowStore {
  const select = `SELECT "pausedUntil", grants, ${NOW} AS now FROM "SendWindow" WHERE scope = $1`;

  async function read(scope: string): Promise<Row> {
    const found = await pool.query<Row>(select, [scope]);
    if (found.rows[0]) return found.rows[0];
    await pool.query(`INSERT INTO "SendWindow" (scope) VALUES ($1) ON CONFLICT DO NOTHING`, [scope]);
    return (await pool.query<Row>(select, [scope])).rows[0] as Row;
  }

  /** Runs `change` on the locked row; writes the grants it returns, if any. */
  async function locked<T>(
    scope: string,
    change: (state: WindowState, now: number) => { grants: Grant[] | null; result: T },
  ): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const row = (await client.query<Row>(`${select} FOR UPDATE`, [scope])).rows[0] as Row;
      const { grants, result } = change(stateOf(row), row.now);
      if (grants)
        await client.query(`UPDATE "SendWindow" SET grants = $2 WHERE scope = $1`, [
          scope,
          JSON.stringify(grants),
        ]);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  return {
    async acquire(scope, rules) {
      const seen = await read(scope);
      const early = nextGrantAt(stateOf(seen), rules);
      if (early.at > seen.now)
        return { granted: false, waitMs: early.at - seen.now, onAnswer: early.onAnswer };
      return locked<WindowAnswer>(scope, (state, now) => {
        const next = nextGrantAt(state, rules);
        if (next.at > now)
          return { grants: null, result: { granted: false, waitMs: next.at - now, onAnswer: next.onAnswer } };
        const id = randomBytes(6).toString('hex');
        const grants = [...state.grants, { id, at: now, settledAt: null }].slice(-rules.perWindow);
        return { grants, result: { granted: true, id } };
      });
    },

    settle(scope, id) {
      return locked(scope, (state, now) => {
        if (!state.grants.some((g) => g.id === id)) return { grants: null, result: undefined };
        const grants = state.grants.map((g) =>
          g.id === id && g.settledAt === null ? { ...g, settledAt: now } : g,
        );
        return { grants, result: undefined };
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
