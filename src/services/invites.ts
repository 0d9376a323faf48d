import { createHash, randomInt } from 'node:crypto';
import type { Db } from '../store/database.js';
import { UserError } from './errors.js';
import { resolveOrganization } from './scope.js';

/** No 0/O, 1/I/L: the code is read aloud and typed on phones. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const INVITE_CODE_LENGTH = 10;
export const DEFAULT_INVITE_DAYS = 7;

export function generateInviteCode(): string {
  return Array.from({ length: INVITE_CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

/** "abcde-fghjk", "ABCDE FGHJK" → "ABCDEFGHJK": what an official types back, as it was issued. */
export function normalizeInviteCode(input: string): string {
  return input.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Only this is stored: a leaked database gives no usable code. */
export function hashInviteCode(code: string): string {
  return createHash('sha256').update(normalizeInviteCode(code)).digest('hex');
}

/** "ABCDE-FGHJK": easier to read out than ten letters in a row. */
export function displayInviteCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

export interface CreatedInvite {
  code: string;
  expiresAt: Date;
  official: { code: string; name: string };
}

/**
 * A single-use code for one official, valid `days` days. Older unused codes of the same official
 * stop working, so only the latest one handed out can link a chat.
 */
export async function createInvite(
  db: Db,
  input: { organizationCode?: string | undefined; officialCode: string; days: number; now: Date },
): Promise<CreatedInvite> {
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > 90)
    throw new UserError('common:invite.bad_days', { max: 90 });
  const organization = await resolveOrganization(db, input.organizationCode);
  const official = await db.official.findUnique({
    where: { organizationId_code: { organizationId: organization.id, code: input.officialCode } },
  });
  if (!official || !official.active)
    throw new UserError('report:error.unknown_official', { code: input.officialCode });
  const code = generateInviteCode();
  const expiresAt = new Date(input.now.getTime() + input.days * 86_400_000);
  await db.$transaction(async (tx) => {
    await tx.invite.updateMany({
      where: { officialId: official.id, usedAt: null, expiresAt: { gt: input.now } },
      data: { expiresAt: input.now },
    });
    await tx.invite.create({ data: { officialId: official.id, codeHash: hashInviteCode(code), expiresAt } });
  });
  return { code, expiresAt, official: { code: official.code, name: official.name } };
}
