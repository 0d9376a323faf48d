import { sleep } from '../channels/backoff.js';
import type { Logger } from '../logger.js';
import type { Reservation, SendWindowStore, WindowReport, WindowRules } from '../store/send-window.js';
import type { Pacer } from './pacer.js';

/**
 * The global send limit of a bot token shared by every instance (src/store/send-window.ts), behind the
 * same `Pacer` face as the in-memory one. Send instants are reserved in blocks of up to `BLOCK` (as many
 * as requests wait here), the next block asked for while the last slots of this one are used; answers
 * are written with the next reservation, or `FLUSH_MS` after they came if none follows.
 *
 * Clocks: the database grants instants on its own clock. Each reservation brackets its `now` between
 * the local moments the request left and its answer came, which bounds the offset between the clocks
 * from both sides; a slot is mapped with the bound that makes it later here, an answer with the one that
 * makes it later there. An error of a round trip costs rate, never the limit.
 *
 * A slot used more than `LATE_MS` after its instant (a busy event loop) is given back instead: the other
 * instances assume an unanswered grant arrived within the window's in-flight allowance of its instant.
 * If the database cannot be asked, `fallback` (this process's own pacer) decides meanwhile, and the
 * trouble is logged once per outage.
 */
const BLOCK = 8;
/** How far ahead of now a reservation may grant: about a block at full rate. */
const HORIZON_MS = 250;
/** The next block is asked for when this many slots are left and requests still wait. */
const PREFETCH_LEFT = 2;
const LATE_MS = 100;
const FLUSH_MS = 50;
/** While the wait depends on an answer another instance has not yet written, the window is read this often. */
const ANSWER_POLL_MS = 20;

interface Slot {
  id: string;
  /** performance.now() instant of the slot, never earlier than the database's */
  at: number;
}

/** The offset database clock − local clock, bounded from both sides by the reservations seen. */
function createClockBounds() {
  let low = -Infinity;
  let high = Infinity;
  return {
    measure(sentAt: number, receivedAt: number, databaseNow: number): void {
      const newLow = databaseNow - receivedAt;
      const newHigh = databaseNow - sentAt;
      low = Math.max(low, newLow);
      high = Math.min(high, newHigh);
      // a clock stepped (NTP): start over from this measurement
      if (low > high) [low, high] = [newLow, newHigh];
    },
    /** a database instant here, no earlier than it really is */
    toLocal: (databaseAt: number): number => databaseAt - low,
    /** a local instant on the database's clock, no earlier than it really is */
    toDatabase: (localAt: number): number => localAt + high,
  };
}

/** This instance's reserved slots and what it has to tell the window about them. */
function createSlotBook() {
  const slots: Slot[] = [];
  let pending: WindowReport = { answered: [], unused: [] };
  return {
    slots,
    answered(id: string, at: number): void {
      pending.answered.push({ id, at });
    },
    /** Slots past their lateness are given back. */
    dropLate(now: number): void {
      while (slots.length > 0 && now > (slots[0] as Slot).at + LATE_MS)
        pending.unused.push((slots.shift() as Slot).id);
    },
    hasNews: (): boolean => pending.answered.length > 0 || pending.unused.length > 0,
    takeReport(): WindowReport {
      const report = pending;
      pending = { answered: [], unused: [] };
      return report;
    },
  };
}

export function createSharedPacer(options: {
  store: SendWindowStore;
  scope: string;
  rules: WindowRules;
  fallback: Pacer;
  log?: Logger | undefined;
}): Pacer {
  const { store, scope, rules, fallback, log } = options;
  const clock = createClockBounds();
  let turn: Promise<unknown> = Promise.resolve();
  let failing = false;
  let waiting = 0;
  const book = createSlotBook();
  const { slots } = book;
  let inFlight: Promise<Reservation | null> | null = null;
  let flushTimer: NodeJS.Timeout | null = null;

  function scheduleFlush(): void {
    if (flushTimer) return;
    flushTimer = setTimeout(() => {
      flushTimer = null;
      if (waiting === 0) book.dropLate(performance.now());
      if (inFlight || !book.hasNews()) {
        if (slots.length > 0 && waiting === 0) scheduleFlush();
        return;
      }
      const report = book.takeReport();
      store.report(scope, report).catch((error: unknown) => {
        // Unrecorded, the grants count as answered `inFlightAllowanceMs` after them: later, never sooner.
        log?.warn({ err: error, scope }, 'shared send window: answers not recorded');
      });
      if (slots.length > 0 && waiting === 0) scheduleFlush();
    }, FLUSH_MS);
    flushTimer.unref();
  }

  function reserve(): Promise<Reservation | null> {
    if (inFlight) return inFlight;
    const want = Math.max(1, Math.min(BLOCK, waiting - slots.length));
    const report = book.takeReport();
    const sentAt = performance.now();
    inFlight = store
      .reserve(scope, rules, { want, horizonMs: HORIZON_MS, report })
      .then((reservation) => {
        clock.measure(sentAt, performance.now(), reservation.now);
        for (const slot of reservation.slots) slots.push({ id: slot.id, at: clock.toLocal(slot.at) });
        if (failing) log?.info({ scope }, 'shared send window: the database answers again');
        failing = false;
        return reservation;
      })
      .catch((error: unknown) => {
        if (!failing)
          log?.error({ err: error, scope }, 'shared send window unavailable: this instance paces alone');
        failing = true;
        return null;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  }

  function settleLater(slot: Slot): () => void {
    let settled = false;
    return () => {
      if (settled) return;
      settled = true;
      book.answered(slot.id, clock.toDatabase(performance.now()));
      scheduleFlush();
    };
  }

  async function next(signal: AbortSignal): Promise<(() => void) | null> {
    for (;;) {
      if (signal.aborted) return null;
      const now = performance.now();
      book.dropLate(now);
      const slot = slots[0];
      if (slot) {
        if (slot.at > now) {
          if (!(await sleep(Math.ceil(slot.at - now), signal))) return null;
          continue;
        }
        slots.shift();
        if (slots.length <= PREFETCH_LEFT && waiting - 1 > slots.length) void reserve();
        return settleLater(slot);
      }
      const reservation = await reserve();
      if (!reservation) return fallback.acquire(signal);
      if (reservation.slots.length > 0) continue;
      const wait = reservation.onAnswer ? Math.min(reservation.waitMs, ANSWER_POLL_MS) : reservation.waitMs;
      if (!(await sleep(Math.max(1, Math.ceil(wait)), signal))) return null;
    }
  }

  return {
    acquire(signal) {
      waiting += 1;
      const granted = turn
        .then(() => next(signal))
        .finally(() => {
          waiting -= 1;
          if (waiting === 0 && slots.length > 0) scheduleFlush();
        });
      turn = granted.catch(() => undefined);
      return granted;
    },
  };
}
