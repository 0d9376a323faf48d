import type { DialogRepository, OfficialView, RedeemOutcome } from '../../dialog/ports.js';
import type { Role } from '../../domain/plan/plan.js';
import type { Tx } from '../../store/database.js';
import { hashInviteCode, INVITE_CODE_LENGTH, normalizeInviteCode } from '../invites.js';

/** How stale a chat link's lastSeenAt may be before a message refreshes it. */
export const LAST_SEEN_PRECISION_MS = 60_000;

/** Who writes from a chat: chat links, invites redeemed, the chosen language. */
export function officialRepository(
  tx: Tx,
): Pick<DialogRepository, 'officialFor' | 'redeemInvite' | 'setLocale'> {
  return {
    async officialFor(chat) {
      const link = await tx.chatLink.findUnique({
        where: { channel_externalUserId: { channel: chat.channel, externalUserId: chat.userId } },
        include: { official: { include: { organization: true } } },
      });
      if (!link || !link.official.active) return null;
      // Where the official was seen last: reminders go to the channel they use. Written at most once a
      // minute: a quarter reported message by message would otherwise add a write to every step.
      const now = new Date();
      if (now.getTime() - link.lastSeenAt.getTime() >= LAST_SEEN_PRECISION_MS)
        await tx.chatLink.update({ where: { id: link.id }, data: { lastSeenAt: now } });
      // Writing to the bot again unblocks it: reminders may resume.
      if (link.official.unreachableSince !== null)
        await tx.official.update({ where: { id: link.officialId }, data: { unreachableSince: null } });
      return officialView(link);
    },

    redeemInvite: (code, chat, locale, now) => redeemInvite(tx, code, chat, locale, now),

    async setLocale(chat, locale) {
      await tx.chatLink.updateMany({
        where: { channel: chat.channel, externalUserId: chat.userId },
        data: { locale },
      });
    },
  };
}

type RedeemArgs = Parameters<DialogRepository['redeemInvite']>;

async function redeemInvite(
  tx: Tx,
  code: RedeemArgs[0],
  chat: RedeemArgs[1],
  locale: RedeemArgs[2],
  now: RedeemArgs[3],
): Promise<RedeemOutcome> {
  const normalized = normalizeInviteCode(code);
  if (normalized.length !== INVITE_CODE_LENGTH) return { status: 'invalid' };
  const invite = await tx.invite.findUnique({
    where: { codeHash: hashInviteCode(normalized) },
    include: { official: true },
  });
  if (!invite || !invite.official.active) return { status: 'invalid' };
  if (invite.usedAt) return { status: 'used' };
  if (invite.expiresAt <= now) return { status: 'expired' };
  const key = { channel_externalUserId: { channel: chat.channel, externalUserId: chat.userId } };
  const existing = await tx.chatLink.findUnique({
    where: key,
    include: { official: { include: { organization: true } } },
  });
  if (existing && existing.officialId !== invite.officialId && existing.official.active)
    return { status: 'chat_taken' };
  if (existing && existing.officialId === invite.officialId)
    return { status: 'already_linked', official: officialView(existing) };
  const claimed = await tx.invite.updateMany({
    where: { id: invite.id, usedAt: null },
    data: { usedAt: now },
  });
  if (claimed.count !== 1) return { status: 'used' };
  const link = existing
    ? await tx.chatLink.update({
        where: key,
        data: { officialId: invite.officialId, chatId: chat.chatId, linkedAt: now },
        include: { official: { include: { organization: true } } },
      })
    : await tx.chatLink.create({
        data: {
          officialId: invite.officialId,
          channel: chat.channel,
          externalUserId: chat.userId,
          chatId: chat.chatId,
          locale,
          linkedAt: now,
        },
        include: { official: { include: { organization: true } } },
      });
  return { status: 'linked', official: officialView(link) };
}

function officialView(link: {
  locale: string | null;
  official: {
    id: string;
    code: string;
    name: string;
    role: string;
    mayApprove: boolean;
    organization: { name: string };
  };
}): OfficialView {
  return {
    id: link.official.id,
    code: link.official.code,
    name: link.official.name,
    role: link.official.role as Role,
    ...(link.official.mayApprove ? { mayApprove: true } : {}),
    organizationName: link.official.organization.name,
    locale: link.locale === 'vi' || link.locale === 'en' ? link.locale : null,
  };
}
