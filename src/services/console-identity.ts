import type { Role } from '../domain/plan/plan.js';
import type { Db } from '../store/database.js';

export interface ConsolePersona {
  userId: string;
  code: string;
  name: string;
  role: Role;
  organization: string;
}

/**
 * The console chat is for whoever runs the bot on this machine (an administrator trying it, a
 * developer): `/as CODE` becomes that official without an invite. It is never reachable remotely.
 */
export async function consolePersonas(db: Db): Promise<ConsolePersona[]> {
  const officials = await db.official.findMany({
    where: { active: true },
    include: { organization: true },
    orderBy: [{ organization: { code: 'asc' } }, { code: 'asc' }],
  });
  return officials.map((o) => ({
    userId: `console-${o.id}`,
    code:
      o.organization.code === officials[0]?.organization.code ? o.code : `${o.organization.code}/${o.code}`,
    name: o.name,
    role: o.role as Role,
    organization: o.organization.name,
  }));
}

/** `ct` or `quang-trung/ct`; links the console chat to that official. */
export async function becomePersona(db: Db, code: string): Promise<ConsolePersona | null> {
  const [organizationCode, officialCode] = code.includes('/') ? code.split('/', 2) : [undefined, code];
  const official = await db.official.findFirst({
    where: {
      code: officialCode,
      active: true,
      ...(organizationCode ? { organization: { code: organizationCode } } : {}),
    },
    include: { organization: true },
    orderBy: { organization: { code: 'asc' } },
  });
  if (!official) return null;
  const userId = `console-${official.id}`;
  await db.chatLink.upsert({
    where: { channel_externalUserId: { channel: 'console', externalUserId: userId } },
    create: { channel: 'console', externalUserId: userId, chatId: userId, officialId: official.id },
    update: { officialId: official.id },
  });
  return {
    userId,
    code,
    name: official.name,
    role: official.role as Role,
    organization: official.organization.name,
  };
}
