import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The bot as it runs in production, `npm start` (`node [its flags] bin/tiendo.js start`), in a child process of its own, so that
 * its memory and CPU are the bot's and not the load generator's (which runs the fake Bot API and the
 * simulated officials in the parent).
 */
export interface BotProcess {
  pid: number;
  /** VmRSS and VmHWM (peak resident set) from /proc, in MiB */
  memory(): { rssMiB: number; peakMiB: number };
  /** CPU seconds (user + system) the process has used */
  cpuSeconds(): number;
  stop(): Promise<number | null>;
}

const BIN = fileURLToPath(new URL('../../bin/tiendo.js', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The Node flags of `npm start` (its heap settings: bench/README.md), read from package.json so that the
 * benchmark measures the command the README tells people to run.
 */
export function npmStartNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const words = pkg.scripts.start.split(/\s+/);
  if (words[0] !== 'node' || !words.includes('bin/tiendo.js'))
    throw new Error(`npm start is not "node [flags] bin/tiendo.js start": ${pkg.scripts.start}`);
  return words.slice(1, words.indexOf('bin/tiendo.js'));
}

function statusKiB(pid: number, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0);
}

/**
 * Office hours that exclude the present, so the child's reminder scheduler sends nothing to the
 * simulated officials during the run (their chats would receive messages the script does not expect).
 */
function closedOfficeHours(timeZone: string): string {
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone }).format(new Date()),
  );
  const closed = String((hour + 12) % 24).padStart(2, '0');
  return `${closed}:00-${closed}:01`;
}

/** `logPath` receives the bot's stderr (its JSON log, warnings and errors only). */
export async function startBotProcess(options: {
  databaseUrl: string;
  token: string;
  apiRoot: string;
  timeZone: string;
  logPath: string;
}): Promise<BotProcess> {
  // BENCH_BOT_NODE_ARGS: flags NODE_OPTIONS refuses (`--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the bot).
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...npmStartNodeFlags(),
      ...(process.env.BENCH_BOT_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      BIN,
      'start',
    ],
    {
      cwd: REPO,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        // Node flags for the bot only (a heap cap, say), to see what they change: bench/README.md.
        ...(process.env.BENCH_BOT_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_BOT_NODE_OPTIONS } : {}),
        DATABASE_URL: options.databaseUrl,
        TELEGRAM_BOT_TOKEN: options.token,
        TELEGRAM_API_ROOT: options.apiRoot,
        TIENDO_TIME_ZONE: options.timeZone,
        TIENDO_DEMO: 'off',
        TIENDO_CONSOLE: 'off',
        TIENDO_OFFICE_HOURS: closedOfficeHours(options.timeZone),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the bot process');
  let stderr = '';
  const logFile = createWriteStream(options.logPath);
  child.stderr?.on('data', (chunk: Buffer) => {
    logFile.write(chunk);
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  child.once('exit', () => logFile.end());
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`the bot did not start within 60 s: ${out} ${stderr}`)),
      60_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      // "Bot Telegram @… đang chạy" (cli:start.telegram_polling) once it polls
      if (/Telegram .*@/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the bot exited with ${code}: ${out} ${stderr}`));
    });
  });
  return {
    pid,
    memory: () => ({ rssMiB: statusKiB(pid, 'VmRSS') / 1024, peakMiB: statusKiB(pid, 'VmHWM') / 1024 }),
    cpuSeconds() {
      // utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 a second on Linux)
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
