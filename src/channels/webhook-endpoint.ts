import type { Logger } from '../logger.js';
import { webhookPath, type WebhookEndpoint, type Webhooks } from '../webhooks.js';
import type { ErrorDescriber } from './describe-error.js';

/**
 * A channel's webhook, attached to the one HTTP server (src/web/routes/webhooks.ts checks the secret,
 * reads the JSON and answers): what the platform's requests look like, and how a body is stored.
 */
export interface ChannelWebhook {
  name: string;
  webhook: { url: string; secret: string };
  secretHeader: string;
  accepting: () => boolean;
  isBody: (value: unknown) => boolean;
  /** settles once the update may be acknowledged (stored); a rejection answers 503 */
  receive: (body: unknown) => Promise<void>;
  answer: WebhookEndpoint['answer'];
  log: Logger;
  describeError: ErrorDescriber;
}

/** Attaches the channel's endpoint; throws when the process has no HTTP server for it (a wiring error). */
export function attachWebhook(
  webhooks: Pick<Webhooks, 'attach'> | undefined,
  channel: ChannelWebhook,
): { close(): Promise<void> } {
  const { name, log, describeError } = channel;
  if (!webhooks) throw new Error(`${name}: a webhook is configured but there is no HTTP server to serve it`);
  const attached = webhooks.attach({
    name,
    path: webhookPath(channel.webhook.url),
    secret: channel.webhook.secret,
    secretHeader: channel.secretHeader,
    accepting: channel.accepting,
    isBody: channel.isBody,
    answer: channel.answer,
    async receive(body) {
      try {
        await channel.receive(body);
      } catch (error) {
        log.debug({ err: describeError(error) }, `${name}: webhook update not stored`);
        throw error;
      }
    },
  });
  log.info({ path: webhookPath(channel.webhook.url) }, `${name}: webhook attached to the HTTP server`);
  return attached;
}
