// `node --import ./tests/support/record-imports.js …`: writes every module URL the process resolves (ES
// imports and dynamic imports) to the file named by RECORD_IMPORTS, one a line, when the process exits.
// Used to check that a command loads only what it needs.
import { writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const urls = new Set();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => urls.add(url));
port1.unref();
const hooks = `
let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  port.postMessage(resolved.url);
  return resolved;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, {
  data: { port: port2 },
  transferList: [port2],
});
process.on('exit', () => writeFileSync(process.env.RECORD_IMPORTS, [...urls].join('\n')));
