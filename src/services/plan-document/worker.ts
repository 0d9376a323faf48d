import { parentPort } from 'node:worker_threads';
import { readAndExtract } from './extract.js';
import { documentProblem } from './types.js';

/**
 * The entry of the thread that reads one plan document (see reader.ts): it takes one job, answers
 * once, and is ended by its owner. Running it is its only purpose, hence the work at load time.
 */
export interface ReadJob {
  bytes: Uint8Array;
  fileName: string;
  today: string;
}

const port = parentPort;
port?.once('message', (job: ReadJob) => {
  readAndExtract(job.bytes, job.fileName, job.today)
    .catch(() => documentProblem('corrupt'))
    .then((result) => port.postMessage(result))
    .catch(() => port.postMessage(documentProblem('too_complex')));
});
