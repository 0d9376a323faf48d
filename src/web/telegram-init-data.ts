import { isExpiredError, parse, validate } from '@telegram-apps/init-data-node';

export type InitDataCheck =
  | { ok: true; userId: string; languageCode: string | null }
  | { ok: false; reason: 'invalid' | 'expired' | 'no_user' };

/**
 * A Telegram Mini App's `initData`, checked as Telegram documents it: the HMAC-SHA256 of its sorted
 * fields under a key derived from the bot token, and an `auth_date` no older than `maxAgeSeconds`
 * (the links' lifetime: a Mini App session is no longer-lived than a link).
 */
export function checkInitData(initData: string, botToken: string, maxAgeSeconds: number): InitDataCheck {
  if (initData.length === 0 || initData.length > 8192) return { ok: false, reason: 'invalid' };
  try {
    validate(initData, botToken, { expiresIn: maxAgeSeconds });
  } catch (error) {
    return { ok: false, reason: isExpiredError(error) ? 'expired' : 'invalid' };
  }
  const user = parse(initData).user;
  if (!user) return { ok: false, reason: 'no_user' };
  return { ok: true, userId: String(user.id), languageCode: user.language_code ?? null };
}
