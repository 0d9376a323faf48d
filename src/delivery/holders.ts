import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from '../store/database.js';

/**
 * Who holds an outbox row while sending it (`lockedBy`): `<host>/<pid>/<start>/<role>`, the same
 * `<host>/<pid>/<start>` for every holder of one process (its delivery workers, the replies it sends at
 * once). A process restarted on the same host can then tell the rows its dead predecessor held, and take
 * them back at once instead of waiting for their hold to run out: after a crash, the replies the dead
 * process had not sent reach their chats within a second of the restart.
 *
 * Rows held by another host wait for their hold, as before: whether that process lives cannot be known
 * from here. Instances on one host must have distinct host names or process ids (the default for
 * processes and for containers alike).
 */
const PROCESS = `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;

/** A holder name of this process for `role` ("replies", "telegram"…). */
export function holderOf(role: string): string {
  return `${PROCESS}/${role}`;
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `holder` was a process of this host that is gone (an earlier start of this one included). */
export function deadHere(holder: string): boolean {
  const [host, pid, start] = holder.split('/');
  if (host !== hostname() || !pid || !start || !/^\d+$/.test(pid)) return false;
  if (Number(pid) === process.pid) return !holder.startsWith(`${PROCESS}/`);
  return !running(Number(pid));
}

/**
 * Releases the rows still held by dead processes of this host (due at once for any worker); how many.
 * Called as a worker starts.
 */
export async function releaseDeadHolders(database: Database, now: Date): Promise<number> {
  const { db } = database;
  const holders = await db.outboxMessage.findMany({
    where: { status: 'sending', lockedUntil: { gte: now } },
    distinct: ['lockedBy'],
    select: { lockedBy: true },
  });
  const dead = holders.flatMap((row) => (row.lockedBy && deadHere(row.lockedBy) ? [row.lockedBy] : []));
  if (dead.length === 0) return 0;
  const { count } = await db.outboxMessage.updateMany({
    where: { status: 'sending', lockedBy: { in: dead } },
    data: { lockedUntil: new Date(now.getTime() - 1) },
  });
  return count;
}
