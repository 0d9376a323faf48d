/**
 * A small client of the Zalo Bot Platform API over Node's fetch: `POST <apiRoot>/bot<TOKEN>/<method>` with
 * a JSON body, answered `{ ok, result, error_code, description }`. Every call has a timeout; a refusal
 * (`ok: false`, or an HTTP error without a readable answer) throws a ZaloApiError with its code. The
 * token never appears in an error message.
 */

export const ZALO_API_ROOT = 'https://bot-api.zaloplatforms.com';
/** getUpdates' "nothing yet" */
export const ZALO_NO_UPDATE = 408;

export class ZaloApiError extends Error {
  override readonly name = 'ZaloApiError';
  constructor(
    readonly method: string,
    /** `error_code`, else the HTTP status; 0 for a network failure or a timeout */
    readonly code: number,
    readonly description: string,
  ) {
    super(`zalo ${method}: ${code} ${description}`);
  }
}

/**
 * What a refusal means, by the documentation's table of error codes (docs "Bảng mã lỗi": 400 bad request,
 * 401 token expired or invalid, **403 internal server error**, 404 not found, 408 request timeout, 429
 * quota exceeded). The platform documents no "blocked by the user" answer and no retry-after:
 * - `nothing`: 408, getUpdates' empty poll (in the body or as the HTTP status);
 * - `retry`: 403 (the platform's own failure, never the official's refusal), 5xx, a timeout or the
 *   network (code 0): the same call later;
 * - `quota`: 429, backed off exponentially (no retry-after to honour);
 * - `bad_token`: 401, fatal at start (nothing will work until the token is fixed);
 * - `refused`: 400, 404 and other 4xx: our mistake, sending it again would not help.
 */
export type ZaloFailure = 'nothing' | 'retry' | 'quota' | 'bad_token' | 'refused';

export function zaloFailure(error: unknown): ZaloFailure {
  if (!(error instanceof ZaloApiError)) return 'retry';
  const { code } = error;
  if (code === ZALO_NO_UPDATE) return 'nothing';
  if (code === 429) return 'quota';
  if (code === 401) return 'bad_token';
  if (code === 403 || code === 0 || code >= 500) return 'retry';
  if (code >= 400) return 'refused';
  return 'retry';
}

export interface ZaloBotInfo {
  id?: string | number;
  account_name?: string;
  display_name?: string;
  [field: string]: unknown;
}

export interface ZaloApi {
  call(method: string, body?: Record<string, unknown>, options?: CallOptions): Promise<unknown>;
  getMe(options?: CallOptions): Promise<ZaloBotInfo>;
  /** one update, or null when Zalo answered 408 (nothing yet) */
  getUpdates(timeoutSec: number, options?: CallOptions): Promise<unknown>;
  setWebhook(url: string, secretToken: string, options?: CallOptions): Promise<unknown>;
  deleteWebhook(options?: CallOptions): Promise<unknown>;
  sendMessage(chatId: string, text: string, options?: CallOptions): Promise<unknown>;
  sendPhoto(chatId: string, photoUrl: string, caption?: string, options?: CallOptions): Promise<unknown>;
}

export interface CallOptions {
  /** aborts the call (the error is then the AbortError, not a ZaloApiError) */
  signal?: AbortSignal;
  /** default: the client's */
  timeoutMs?: number;
}

export interface ZaloApiOptions {
  token: string;
  apiRoot?: string;
  /** default 15 s */
  timeoutMs?: number;
}

export function createZaloApi(options: ZaloApiOptions): ZaloApi {
  const root = (options.apiRoot ?? ZALO_API_ROOT).replace(/\/+$/, '');
  const defaultTimeout = options.timeoutMs ?? 15_000;
  const redact = (text: string): string => text.split(options.token).join('<token>');

  async function call(
    method: string,
    body: Record<string, unknown> = {},
    callOptions: CallOptions = {},
  ): Promise<unknown> {
    const timeout = AbortSignal.timeout(callOptions.timeoutMs ?? defaultTimeout);
    const signal = callOptions.signal ? AbortSignal.any([callOptions.signal, timeout]) : timeout;
    let response: Response;
    let raw: string;
    try {
      response = await fetch(`${root}/bot${options.token}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal,
      });
      raw = await response.text();
    } catch (error) {
      if (callOptions.signal?.aborted) throw error;
      const reason = timeout.aborted
        ? 'timeout'
        : error instanceof Error
          ? `network: ${error.message}`
          : 'network';
      throw new ZaloApiError(method, 0, redact(reason));
    }
    let answer: unknown;
    try {
      answer = JSON.parse(raw);
    } catch {
      throw new ZaloApiError(method, response.status, `unreadable answer (HTTP ${response.status})`);
    }
    if (typeof answer !== 'object' || answer === null)
      throw new ZaloApiError(method, response.status, 'unreadable answer');
    const {
      ok,
      result,
      error_code: code,
      description,
    } = answer as { ok?: unknown; result?: unknown; error_code?: unknown; description?: unknown };
    if (ok === true) return result;
    throw new ZaloApiError(
      method,
      typeof code === 'number' ? code : response.ok ? 0 : response.status,
      redact(typeof description === 'string' ? description : 'refused'),
    );
  }

  return {
    call,
    async getMe(o) {
      const me = await call('getMe', {}, o);
      return typeof me === 'object' && me !== null ? (me as ZaloBotInfo) : {};
    },
    async getUpdates(timeoutSec, o) {
      try {
        // The HTTP call outlives the long poll by a margin.
        return await call(
          'getUpdates',
          { timeout: String(timeoutSec) },
          { timeoutMs: (timeoutSec + 10) * 1000, ...o },
        );
      } catch (error) {
        if (error instanceof ZaloApiError && error.code === ZALO_NO_UPDATE) return null;
        throw error;
      }
    },
    setWebhook: (url, secretToken, o) => call('setWebhook', { url, secret_token: secretToken }, o),
    deleteWebhook: (o) => call('deleteWebhook', {}, o),
    sendMessage: (chatId, text, o) => call('sendMessage', { chat_id: chatId, text }, o),
    sendPhoto: (chatId, photo, caption, o) =>
      call('sendPhoto', { chat_id: chatId, photo, ...(caption ? { caption } : {}) }, o),
  };
}
