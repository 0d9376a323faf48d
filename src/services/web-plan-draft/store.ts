import type { Message } from '../../domain/message.js';
import type { Db } from '../../store/database.js';
import { importReviewedPlan } from '../plan-review.js';
import { parseDraftDocument, type DraftDocument } from './document.js';
import { checkDraft, type FieldProblem } from './plan-file.js';

/**
 * Plan drafts kept on the server while they are reviewed: the chat stores each draft it shows, the
 * web's review page edits it (a version refuses a stale save) and imports it through the chat's own
 * importer. Always scoped to one organization: another's draft is not found.
 */

export interface StoredDraft {
  id: string;
  fileName: string;
  version: number;
  document: DraftDocument;
  importedAt: Date | null;
  updatedAt: Date;
}

// A document's text may hold lone surrogate halves (a damaged or hostile file): Prisma's JSON protocol
// refuses them ("lone leading surrogate"), so each becomes U+FFFD before the draft is stored.
const LONE_SURROGATE = /[\uD800-\uDFFF]/gu;

function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

function serialize(document: DraftDocument): string {
  return JSON.stringify(document, (_key, value: unknown) =>
    typeof value === 'string' ? wellFormed(value) : value,
  );
}

/** Stores a new draft for the organization of the official who sent it; its id. */
export async function storePlanDraft(
  db: Db,
  input: { officialId: string; fileName: string; document: DraftDocument },
): Promise<string> {
  const official = await db.official.findUniqueOrThrow({ where: { id: input.officialId } });
  const row = await db.planDraft.create({
    data: {
      organizationId: official.organizationId,
      officialId: official.id,
      fileName: wellFormed(input.fileName),
      content: serialize(input.document),
    },
  });
  return row.id;
}

/** The organization's latest draft not imported yet: what a `draft` link without a draft opens. */
export async function latestOpenDraftId(db: Db, organizationId: string): Promise<string | null> {
  const row = await db.planDraft.findFirst({
    where: { organizationId, importedAt: null },
    orderBy: { createdAt: 'desc' },
    select: { id: true },
  });
  return row?.id ?? null;
}

export async function loadDraft(
  db: Db,
  draftId: string,
  organizationId: string,
): Promise<StoredDraft | null> {
  const row = await db.planDraft.findUnique({ where: { id: draftId } });
  if (!row || row.organizationId !== organizationId) return null;
  const document = parseDraftDocument(row.content);
  if (!document) return null;
  return {
    id: row.id,
    fileName: row.fileName,
    version: row.version,
    document,
    importedAt: row.importedAt,
    updatedAt: row.updatedAt,
  };
}

export interface DraftEdit {
  draftId: string;
  organizationId: string;
  /** the version the page showed */
  version: number;
  document: DraftDocument;
}

export type SaveOutcome =
  | { status: 'saved'; draft: StoredDraft; problems: FieldProblem[] }
  /** changed meanwhile (another tab, another administrator): nothing stored */
  | { status: 'stale'; draft: StoredDraft }
  | { status: 'imported'; draft: StoredDraft }
  | { status: 'gone' };

export type ImportOutcome =
  | {
      status: 'done';
      campaignTitle: string;
      indicators: { created: number; updated: number; removed: number };
    }
  /** the check or the importer refused the plan: the edits are kept, nothing of the plan imported */
  | { status: 'refused'; draft: StoredDraft; problems: FieldProblem[]; general: Message[] }
  | Exclude<SaveOutcome, { status: 'saved' }>;

type Outcome = SaveOutcome | ImportOutcome;

/**
 * Stores the page's document whole (never a part of it) when the page showed the stored version, then
 * checks it; with `importAs`, imports it in the same transaction through the chat's importer.
 */
async function write(
  db: Db,
  edit: DraftEdit,
  importAs: { officialId: string; now: Date; timeZone: string } | null,
): Promise<Outcome> {
  const current = await loadDraft(db, edit.draftId, edit.organizationId);
  if (!current) return { status: 'gone' };
  if (current.importedAt) return { status: 'imported', draft: current };
  const checked = checkDraft(edit.document);
  return db.$transaction(
    async (tx): Promise<Outcome> => {
      const updated = await tx.planDraft.updateMany({
        where: { id: edit.draftId, version: edit.version, importedAt: null },
        data: { content: serialize(edit.document), version: { increment: 1 } },
      });
      if (updated.count !== 1) return { status: 'stale', draft: current };
      const draft: StoredDraft = {
        ...current,
        version: edit.version + 1,
        document: edit.document,
        updatedAt: new Date(),
      };
      if (!importAs) return { status: 'saved', draft, problems: checked.problems };
      if (checked.problems.length > 0)
        return { status: 'refused', draft, problems: checked.problems, general: [] };
      const imported = await importReviewedPlan(
        tx,
        importAs.officialId,
        checked.yaml,
        importAs.now,
        importAs.timeZone,
      );
      if (!imported.ok) return { status: 'refused', draft, problems: [], general: imported.problems };
      await tx.planDraft.update({ where: { id: edit.draftId }, data: { importedAt: importAs.now } });
      return { status: 'done', campaignTitle: imported.campaignTitle, indicators: imported.indicators };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

export async function saveDraft(db: Db, edit: DraftEdit): Promise<SaveOutcome> {
  return (await write(db, edit, null)) as SaveOutcome;
}

/** "Nhập kế hoạch": exactly the document shown, or nothing of it (the edits are kept as the draft). */
export async function importDraft(
  db: Db,
  edit: DraftEdit,
  as: { officialId: string; now: Date; timeZone: string },
): Promise<ImportOutcome> {
  return (await write(db, edit, as)) as ImportOutcome;
}

/** The draft a page's session opens: the one its link was made for, else the organization's latest. */
export async function draftIdOfSession(db: Db, sessionTokenHash: string): Promise<string | null> {
  const row = await db.webToken.findUnique({
    where: { tokenHash: sessionTokenHash },
    select: { draftId: true },
  });
  return row?.draftId ?? null;
}
