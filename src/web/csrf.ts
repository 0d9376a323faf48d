import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A form's CSRF token: an HMAC of the session's own token under the server's secret. A page of
 * another site cannot read it (the same-origin policy), the session cookie alone does not carry it,
 * and it needs no storage; it changes with every session.
 */
export function csrfToken(secret: string, sessionToken: string): string {
  return createHmac('sha256', secret).update(`csrf:${sessionToken}`).digest('base64url');
}

export function verifyCsrf(secret: string, sessionToken: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 100) return false;
  const expected = Buffer.from(csrfToken(secret, sessionToken));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
