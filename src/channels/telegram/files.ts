import type { Telegraf } from 'telegraf';
import { bounded } from './bot-api.js';

/** Telegram lets a bot download files up to 20 MB; the engine sets its own, lower, limit. */
const TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 60_000;

/**
 * Downloads a file a user sent: getFile gives its path, then `<apiRoot>/file/bot<token>/<path>`.
 * The address holds the token: it is never logged, and an error names only the HTTP status.
 */
export function createFileReader(api: Telegraf['telegram'], apiRoot: string, token: string) {
  return async (fileId: string): Promise<Uint8Array> => {
    const file = await api.callApi('getFile', { file_id: fileId }, bounded());
    if (!file.file_path) throw new Error('telegram: the file has no path (too large to download?)');
    if (file.file_size !== undefined && file.file_size > TELEGRAM_DOWNLOAD_LIMIT)
      throw new Error('telegram: file too large');
    const response = await fetch(`${apiRoot.replace(/\/$/, '')}/file/bot${token}/${file.file_path}`, {
      signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`telegram: file download failed with HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > TELEGRAM_DOWNLOAD_LIMIT) throw new Error('telegram: file too large');
    return bytes;
  };
}
