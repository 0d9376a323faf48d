import { Worker } from 'node:worker_threads';
import pLimit from 'p-limit';
import type { ReadPlan } from './extract.js';
import { DEFAULT_READER_LIMITS, type ReaderLimits } from './limits.js';
import { documentProblem } from './types.js';
import type { ReadJob } from './worker.js';

/**
 * Plan documents are read (mammoth, pdf.js) and their plan extracted in a worker thread with its own
 * heap limit and a wall-clock limit, so that the bot's only thread keeps answering the chats while a
 * document is read, and a document that would take gigabytes or minutes costs one refusal
 * (`too_complex`), not the bot. The refusal is an ordinary answer: the update completes and is not
 * retried.
 */

export interface DocumentReader {
  read(bytes: Uint8Array, fileName: string, today: string): Promise<ReadPlan>;
}

export type ReaderFailure = 'timeout' | 'memory' | 'crash';

export interface ReaderOptions extends Partial<ReaderLimits> {
  /** told when a reading was stopped, for the logs */
  onFailure?: (failure: ReaderFailure, detail: { fileName: string; bytes: number }) => void;
}

/**
 * The worker's file, next to this one: worker.js in the build; from the TypeScript sources (tsx,
 * vitest) a small bootstrap that registers tsx and loads worker.ts.
 */
function workerEntry(): URL {
  return new URL(import.meta.url.endsWith('.ts') ? './worker-tsx.js' : './worker.js', import.meta.url);
}

function readInWorker(
  job: ReadJob,
  limits: ReaderLimits,
  onFailure: ReaderOptions['onFailure'],
): Promise<ReadPlan> {
  const worker = new Worker(workerEntry(), {
    // the parent's flags (vitest's, a debugger's) are not the reader's
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    stdout: false,
    stderr: false,
  });
  return new Promise<ReadPlan>((resolve) => {
    let settled = false;
    const settle = (result: ReadPlan, failure?: ReaderFailure) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (failure) onFailure?.(failure, { fileName: job.fileName, bytes: job.bytes.byteLength });
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => settle(documentProblem('too_complex'), 'timeout'), limits.timeoutMs);
    worker.once('message', (result: ReadPlan) => settle(result));
    worker.once('error', (error: NodeJS.ErrnoException) =>
      settle(documentProblem('too_complex'), error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash'),
    );
    worker.once('exit', () => settle(documentProblem('too_complex'), 'crash'));
    worker.postMessage(job);
  });
}

/** One document at a time: each reading may take its whole heap limit, and plans are rarely sent. */
export function createDocumentReader(options: ReaderOptions = {}): DocumentReader {
  const limits: ReaderLimits = {
    heapMb: options.heapMb ?? DEFAULT_READER_LIMITS.heapMb,
    timeoutMs: options.timeoutMs ?? DEFAULT_READER_LIMITS.timeoutMs,
  };
  const queue = pLimit(1);
  return {
    read: (bytes, fileName, today) =>
      queue(() => readInWorker({ bytes, fileName, today }, limits, options.onFailure)),
  };
}
