/**
 * The meeting point of the one HTTP server (src/web) and the channels that receive by webhook
 * (src/channels/telegram, src/channels/zalo), neither of which may import the other: the composition
 * root declares which paths are webhooks (from the configuration), the web server serves them, and a
 * channel attaches its endpoint once it starts. A path with no endpoint attached (before the start,
 * after the stop) answers 503, so that the platform delivers again later.
 */

/** What a channel brings to its webhook path: how a request is checked, stored and answered. */
export interface WebhookEndpoint {
  /** the channel, first word of every log line ("telegram") and the label of its metrics */
  name: string;
  /** the path of the webhook URL the platform was given */
  path: string;
  secret: string;
  /** the header the platform puts the secret in, lower-case */
  secretHeader: string;
  /** Whether an authentic request is taken now; if not, 503. */
  accepting(): boolean;
  /** Whether a parsed JSON body is one the channel reads; if not, 400. */
  isBody(value: unknown): boolean;
  /** Stores the body (the durable inbox); the 200 follows once it settles, a rejection answers 503. */
  receive(body: unknown): Promise<void>;
  /** The answer's content, in the form the platform expects. */
  answer(status: number): { contentType: string; body: string };
}

/** A webhook path the server serves, declared before it listens. */
export interface WebhookSlot {
  name: string;
  path: string;
}

export interface Webhooks {
  readonly slots: readonly WebhookSlot[];
  /** At most one line about refused requests per this long, per webhook (ms). */
  readonly refusalLogMs: number;
  /** Serves `endpoint` on its path until the returned handle is closed; throws for an undeclared path. */
  attach(endpoint: WebhookEndpoint): { close(): Promise<void> };
  /** The endpoint attached to `path` now, if any. */
  find(path: string): WebhookEndpoint | undefined;
}

/** A scan or a flood must not fill the disk: one line a minute about refused requests. */
export const REFUSAL_LOG_MS = 60_000;

/** The path a webhook URL is served on. */
export function webhookPath(url: string): string {
  return new URL(url).pathname;
}

export function createWebhooks(
  slots: readonly WebhookSlot[],
  options: { refusalLogMs?: number } = {},
): Webhooks {
  const attached = new Map<string, WebhookEndpoint>();
  return {
    slots,
    refusalLogMs: options.refusalLogMs ?? REFUSAL_LOG_MS,
    attach(endpoint) {
      if (!slots.some((slot) => slot.path === endpoint.path))
        throw new Error(`${endpoint.name}: no webhook route for ${endpoint.path} on the HTTP server`);
      attached.set(endpoint.path, endpoint);
      return {
        close: async () => {
          if (attached.get(endpoint.path) === endpoint) attached.delete(endpoint.path);
        },
      };
    },
    find: (path) => attached.get(path),
  };
}
