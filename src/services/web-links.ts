import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../domain/plan/plan.js';
import type { Config } from '../config.js';
import type { Db, Tx } from '../store/database.js';
import { UserError } from './errors.js';
import { resolveOrganization } from './scope.js';

/**
 * The web's secrets. A **link** is handed out in the chat (or by `tiendo web link`) for one official
 * and one purpose; opening it once exchanges it for a **session** (a cookie), so the token leaves the
 * address bar and the history. An **image** token is a short-lived URL of the progress chart that a
 * platform fetches without a session (Zalo's sendPhoto). Every token is 256 random bits, and only its
 * sha256 is stored: a leaked database opens nothing.
 */
export const WEB_PURPOSES = ['report', 'dashboard', 'draft'] as const;
export type WebPurpose = (typeof WEB_PURPOSES)[number];

/** Who may open which page: the form is anyone's (a chairman may have indicators too). */
export const PURPOSE_ROLES: Record<WebPurpose, readonly Role[]> = {
  report: ['officer', 'chairman', 'vice_chairman', 'admin'],
  dashboard: ['chairman', 'vice_chairman', 'admin'],
  draft: ['chairman', 'admin'],
};

export const DEFAULT_LINK_TTL_HOURS = 24;
/** Long enough for a platform to fetch the picture it was just given, short enough not to matter after. */
export const IMAGE_TTL_MINUTES = 15;
const HOUR_MS = 3_600_000;
const TOKEN_BYTES = 32;

export function isWebPurpose(value: string): value is WebPurpose {
  return (WEB_PURPOSES as readonly string[]).includes(value);
}

export function mayOpen(role: string, purpose: WebPurpose): boolean {
  return (PURPOSE_ROLES[purpose] as readonly string[]).includes(role);
}

export function newWebToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

export function hashWebToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A token as it may appear in a URL: base64url of 32 bytes, nothing else reaches the database. */
export function looksLikeWebToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export interface WebOfficial {
  id: string;
  code: string;
  name: string;
  role: Role;
  /** a vice-chairman given the right to approve a period's figures (docs/approval.md) */
  mayApprove: boolean;
  organizationId: string;
  organizationCode: string;
  organizationName: string;
  /** the language the official chose in the chat (the most recently used chat), if any */
  locale: 'vi' | 'en' | null;
}

export interface CreatedWebLink {
  token: string;
  /** `/l/<token>`: append it to the public base URL */
  path: string;
  purpose: WebPurpose;
  expiresAt: Date;
  official: { code: string; name: string };
}

const officialInclude = {
  organization: { select: { code: true, name: true } },
  chatLinks: { orderBy: { lastSeenAt: 'desc' }, take: 1, select: { locale: true } },
} as const;

type OfficialRow = {
  id: string;
  code: string;
  name: string;
  role: string;
  active: boolean;
  mayApprove: boolean;
  organizationId: string;
  organization: { code: string; name: string };
  chatLinks: { locale: string | null }[];
};

function webOfficial(row: OfficialRow): WebOfficial {
  const locale = row.chatLinks[0]?.locale;
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    role: row.role as Role,
    mayApprove: row.mayApprove,
    organizationId: row.organizationId,
    organizationCode: row.organization.code,
    organizationName: row.organization.name,
    locale: locale === 'vi' || locale === 'en' ? locale : null,
  };
}

async function issue(
  db: Db,
  official: { id: string; code: string; name: string; role: string; active: boolean },
  purpose: WebPurpose,
  now: Date,
  ttlHours: number,
  draftId: string | null = null,
): Promise<CreatedWebLink> {
  if (!official.active) throw new UserError('report:error.unknown_official', { code: official.code });
  if (!mayOpen(official.role, purpose))
    throw new UserError('web:error.purpose_role', { official: official.code, purpose });
  return db.$transaction((tx) => store(tx, official, purpose, now, ttlHours, draftId));
}

/** Writes a new link, revoking the one before; inside the caller's transaction. */
async function store(
  tx: Tx,
  official: { id: string; code: string; name: string },
  purpose: WebPurpose,
  now: Date,
  ttlHours: number,
  draftId: string | null = null,
): Promise<CreatedWebLink> {
  const token = newWebToken();
  const expiresAt = new Date(now.getTime() + ttlHours * HOUR_MS);
  // Only the latest link of a purpose opens its page: one forwarded by mistake can be replaced.
  await tx.webToken.updateMany({
    where: { officialId: official.id, kind: 'link', purpose, revokedAt: null, usedAt: null },
    data: { revokedAt: now },
  });
  await tx.webToken.create({
    data: {
      kind: 'link',
      purpose,
      officialId: official.id,
      tokenHash: hashWebToken(token),
      expiresAt,
      // a draft link opens one draft; the session it is exchanged for keeps it
      draftId: purpose === 'draft' ? draftId : null,
    },
  });
  return {
    token,
    path: `/l/${token}`,
    purpose,
    expiresAt,
    official: { code: official.code, name: official.name },
  };
}

/**
 * The link the chat hands an official it knows (by id): "Mở bảng nhập số liệu" is
 * `createWebLinkFor(db, official.id, 'report', now, config.web.linkTtlHours)`.
 */
export async function createWebLinkFor(
  db: Db,
  officialId: string,
  purpose: WebPurpose,
  now: Date,
  ttlHours: number = DEFAULT_LINK_TTL_HOURS,
): Promise<CreatedWebLink> {
  const official = await db.official.findUnique({ where: { id: officialId } });
  if (!official) throw new UserError('report:error.unknown_official', { code: officialId });
  return issue(db, official, purpose, now, ttlHours);
}

/**
 * The link the dialog hands out, inside the dialog step's transaction: null when the official may not
 * open that page (the chat offers nothing rather than failing the step).
 */
export async function createWebLinkInTransaction(
  tx: Tx,
  officialId: string,
  purpose: WebPurpose,
  now: Date,
  ttlHours: number = DEFAULT_LINK_TTL_HOURS,
  draftId: string | null = null,
): Promise<CreatedWebLink | null> {
  const official = await tx.official.findUnique({ where: { id: officialId } });
  if (!official || !official.active || !mayOpen(official.role, purpose)) return null;
  return store(tx, official, purpose, now, ttlHours, draftId);
}

/** `tiendo web link --official CODE --purpose P`: by the official's code in an organization. */
export async function createWebLink(
  db: Db,
  input: {
    organizationCode?: string | undefined;
    officialCode: string;
    purpose: WebPurpose;
    now: Date;
    ttlHours?: number;
    /** for `draft`: the draft to open (the organization's latest one not imported when not given) */
    draftId?: string | undefined;
  },
): Promise<CreatedWebLink> {
  const organization = await resolveOrganization(db, input.organizationCode);
  const official = await db.official.findUnique({
    where: { organizationId_code: { organizationId: organization.id, code: input.officialCode } },
  });
  if (!official) throw new UserError('report:error.unknown_official', { code: input.officialCode });
  const draftId = input.purpose === 'draft' ? await draftToOpen(db, organization.id, input.draftId) : null;
  return issue(db, official, input.purpose, input.now, input.ttlHours ?? DEFAULT_LINK_TTL_HOURS, draftId);
}

/** The draft a `draft` link made by the command line opens: the one named, of this organization. */
async function draftToOpen(db: Db, organizationId: string, draftId: string | undefined): Promise<string> {
  const draft = await db.planDraft.findFirst({
    where: draftId ? { id: draftId, organizationId } : { organizationId, importedAt: null },
    orderBy: { createdAt: 'desc' },
    select: { id: true },
  });
  if (!draft)
    throw draftId
      ? new UserError('web:cli.link.unknown_draft', { draft: draftId })
      : new UserError('web:cli.link.no_draft');
  return draft.id;
}

export interface OpenedSession {
  token: string;
  purpose: WebPurpose;
  officialId: string;
  expiresAt: Date;
}

async function newSession(
  db: Db,
  officialId: string,
  purpose: WebPurpose,
  now: Date,
  ttlHours: number,
  draftId: string | null = null,
): Promise<OpenedSession> {
  const token = newWebToken();
  const expiresAt = new Date(now.getTime() + ttlHours * HOUR_MS);
  await db.webToken.create({
    data: { kind: 'session', purpose, officialId, tokenHash: hashWebToken(token), expiresAt, draftId },
  });
  return { token, purpose, officialId, expiresAt };
}

export type ExchangeOutcome =
  | { status: 'opened'; session: OpenedSession }
  /** opened before: the browser that opened it may still hold its session */
  | { status: 'used'; purpose: WebPurpose; officialId: string }
  | { status: 'invalid' };

/**
 * Opening a link: once, before it expires or is replaced, for an official still active and allowed
 * the page. Anything else is `invalid` (the page says only "ask for a new link in the chat").
 */
export async function exchangeWebLink(
  db: Db,
  token: string,
  now: Date,
  ttlHours: number = DEFAULT_LINK_TTL_HOURS,
): Promise<ExchangeOutcome> {
  if (!looksLikeWebToken(token)) return { status: 'invalid' };
  const row = await db.webToken.findUnique({
    where: { tokenHash: hashWebToken(token) },
    include: { official: true },
  });
  if (!row || row.kind !== 'link' || !isWebPurpose(row.purpose)) return { status: 'invalid' };
  if (row.revokedAt !== null || row.expiresAt <= now) return { status: 'invalid' };
  if (!row.official.active || !mayOpen(row.official.role, row.purpose)) return { status: 'invalid' };
  if (row.usedAt !== null) return { status: 'used', purpose: row.purpose, officialId: row.officialId };
  // Two tabs opening the same link at once: only one of them gets the session.
  const claimed = await db.webToken.updateMany({
    where: { id: row.id, usedAt: null, revokedAt: null },
    data: { usedAt: now },
  });
  if (claimed.count !== 1) return { status: 'used', purpose: row.purpose, officialId: row.officialId };
  return {
    status: 'opened',
    session: await newSession(db, row.officialId, row.purpose, now, ttlHours, row.draftId),
  };
}

/** A session for an official authenticated otherwise (a Telegram Mini App's initData). */
export async function openWebSession(
  db: Db,
  officialId: string,
  purpose: WebPurpose,
  now: Date,
  ttlHours: number = DEFAULT_LINK_TTL_HOURS,
): Promise<OpenedSession | null> {
  const official = await db.official.findUnique({ where: { id: officialId } });
  if (!official || !official.active || !mayOpen(official.role, purpose)) return null;
  return newSession(db, officialId, purpose, now, ttlHours);
}

/** The official behind a session cookie, for one purpose; null when it is unknown, expired or revoked. */
export async function resumeWebSession(
  db: Db,
  token: string,
  purpose: WebPurpose,
  now: Date,
): Promise<WebOfficial | null> {
  if (!looksLikeWebToken(token)) return null;
  const row = await db.webToken.findUnique({
    where: { tokenHash: hashWebToken(token) },
    include: { official: { include: officialInclude } },
  });
  if (!row || row.kind !== 'session' || row.purpose !== purpose) return null;
  if (row.revokedAt !== null || row.expiresAt <= now) return null;
  // The role is checked again: an official moved off the chairman's seat loses the dashboard at once.
  if (!row.official.active || !mayOpen(row.official.role, purpose)) return null;
  return webOfficial(row.official);
}

/** Every link, session and download address of an official ends now (`/dangxuat`, an official removed). */
export async function revokeAllWebTokens(db: Tx, officialId: string, now: Date): Promise<number> {
  const revoked = await db.webToken.updateMany({
    where: { officialId, revokedAt: null, expiresAt: { gt: now } },
    data: { revokedAt: now },
  });
  return revoked.count;
}

/** The official a chat account is linked to (a Mini App's Telegram user). */
export async function officialForChatUser(
  db: Db,
  channel: 'telegram' | 'zalo',
  userId: string,
): Promise<WebOfficial | null> {
  const link = await db.chatLink.findUnique({
    where: { channel_externalUserId: { channel, externalUserId: userId } },
    include: { official: { include: officialInclude } },
  });
  if (!link || !link.official.active) return null;
  return webOfficial(link.official);
}

/**
 * A URL path of the progress chart that needs no session, for a chairman's chat on a platform that
 * fetches pictures by URL: `/chart/<token>.png`, valid IMAGE_TTL_MINUTES.
 */
export async function createChartImageToken(
  db: Db,
  officialId: string,
  now: Date,
  minutes: number = IMAGE_TTL_MINUTES,
): Promise<{ token: string; path: string; expiresAt: Date }> {
  const official = await db.official.findUnique({ where: { id: officialId } });
  if (!official || !official.active || !mayOpen(official.role, 'dashboard'))
    throw new UserError('web:error.purpose_role', {
      official: official?.code ?? officialId,
      purpose: 'dashboard',
    });
  const token = newWebToken();
  const expiresAt = new Date(now.getTime() + minutes * 60_000);
  await db.webToken.create({
    data: { kind: 'image', purpose: 'dashboard', officialId, tokenHash: hashWebToken(token), expiresAt },
  });
  return { token, path: `/chart/${token}.png`, expiresAt };
}

/**
 * A token that opens one file without a session, for a platform that fetches it by URL: `image`, the
 * progress chart (Zalo's sendPhoto, IMAGE_TTL_MINUTES), or `file`, the Excel report (a download link
 * on a channel that sends no files, the links' lifetime). Bound to the dashboard's purpose: null for an
 * official who may not see it. Opened any number of times while valid: a chat's link preview may fetch
 * it before the official taps it.
 */
async function createDownloadToken(
  tx: Tx,
  officialId: string,
  kind: DownloadKind,
  now: Date,
  minutes: number,
): Promise<{ token: string; expiresAt: Date } | null> {
  const official = await tx.official.findUnique({ where: { id: officialId } });
  if (!official || !official.active || !mayOpen(official.role, 'dashboard')) return null;
  const token = newWebToken();
  const expiresAt = new Date(now.getTime() + minutes * 60_000);
  await tx.webToken.create({
    data: { kind, purpose: 'dashboard', officialId, tokenHash: hashWebToken(token), expiresAt },
  });
  return { token, expiresAt };
}

export type DownloadKind = 'image' | 'file';

/** The chart's URL for the dialog, in its transaction: null for an official who may not see the dashboard. */
export async function createChartImageTokenInTransaction(
  tx: Tx,
  officialId: string,
  now: Date,
): Promise<{ path: string } | null> {
  const created = await createDownloadToken(tx, officialId, 'image', now, IMAGE_TTL_MINUTES);
  return created ? { path: `/chart/${created.token}.png` } : null;
}

/** The Excel report's download URL for the dialog, in its transaction (`/xlsx/<token>.xlsx`). */
export async function createSpreadsheetTokenInTransaction(
  tx: Tx,
  officialId: string,
  now: Date,
  ttlHours: number = DEFAULT_LINK_TTL_HOURS,
): Promise<{ path: string; expiresAt: Date } | null> {
  const created = await createDownloadToken(tx, officialId, 'file', now, ttlHours * 60);
  return created ? { path: `/xlsx/${created.token}.xlsx`, expiresAt: created.expiresAt } : null;
}

/** The chairman a chart URL was made for, while it is valid. */
export function resolveChartImageToken(db: Db, token: string, now: Date): Promise<WebOfficial | null> {
  return resolveDownloadToken(db, token, 'image', now);
}

/** The official a download token (of this kind) was made for, while it is valid and they may see it. */
export async function resolveDownloadToken(
  db: Db,
  token: string,
  kind: DownloadKind,
  now: Date,
): Promise<WebOfficial | null> {
  if (!looksLikeWebToken(token)) return null;
  const row = await db.webToken.findUnique({
    where: { tokenHash: hashWebToken(token) },
    include: { official: { include: officialInclude } },
  });
  if (!row || row.kind !== kind || row.revokedAt !== null || row.expiresAt <= now) return null;
  if (!row.official.active || !mayOpen(row.official.role, 'dashboard')) return null;
  return webOfficial(row.official);
}

/**
 * The page's address as a Telegram Mini App: the launcher `/tg/<purpose>`, which posts Telegram's
 * signed initData for a session. Only behind https (Telegram opens nothing else), for an official who
 * may open the page.
 */
export async function miniAppUrlFor(
  tx: Tx,
  base: string,
  officialId: string,
  purpose: WebPurpose,
): Promise<string | null> {
  if (!base.startsWith('https://')) return null;
  const official = await tx.official.findUnique({ where: { id: officialId } });
  if (!official || !official.active || !mayOpen(official.role, purpose)) return null;
  return webLinkUrl(base, `/tg/${purpose}`);
}

/** A link's full address: the public base URL, or the local server when there is none. */
export function webLinkUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/** Where links point: the public address, or this machine's web server when there is none. */
export function webBaseUrl(config: Pick<Config, 'web'>): string {
  if (config.web.publicUrl) return config.web.publicUrl;
  const host = config.web.host === '0.0.0.0' || config.web.host === '::' ? '127.0.0.1' : config.web.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.web.port}`;
}
