import type { FastifyInstance, FastifyReply } from 'fastify';
import { hashWebToken } from '../../services/web-links.js';
import {
  changedBetween,
  checkDraft,
  documentFromForm,
  draftIdOfSession,
  formIsWhole,
  importDraft,
  latestOpenDraftId,
  loadDraft,
  saveDraft,
  type FieldProblem,
  type FormBody,
  type StoredDraft,
} from '../../services/web-plan-draft/index.js';
import type { Message } from '../../domain/message.js';
import { verifyCsrf } from '../csrf.js';
import { requireSession, sendPage, type Session, type WebContext } from '../context.js';
import { draftView } from './draft-view.js';

/**
 * The plan review (issue 15, point 5): the draft a `draft` link opens, as an editable table. "Lưu bản
 * nháp" stores the page whole, "Nhập kế hoạch" imports exactly what it shows through the chat's
 * importer. Everything is scoped to the session's organization.
 */

interface PageState {
  problems?: FieldProblem[];
  general?: Message[];
  saved?: boolean;
  /** refused as stale: what differs from the page that was posted */
  changed?: string[];
}

function renderDraft(
  ctx: WebContext,
  reply: FastifyReply,
  session: Session,
  draft: StoredDraft,
  state: PageState,
) {
  const t = ctx.i18n.forLocale(session.locale);
  return sendPage(ctx, reply, 'draft', session.locale, {
    title: t('web:draft.title'),
    official: session.official,
    csrf: session.csrf,
    draft,
    view: draftView(draft.document, state.problems ?? checkDraft(draft.document).problems, t),
    general: state.general ?? [],
    saved: state.saved ?? false,
    changed: state.changed ?? null,
    styles: ['/static/draft.css'],
    scripts: ['/static/draft.js'],
  });
}

async function sessionDraft(ctx: WebContext, session: Session): Promise<StoredDraft | null> {
  const { db } = ctx.database;
  const draftId =
    (await draftIdOfSession(db, hashWebToken(session.token))) ??
    (await latestOpenDraftId(db, session.official.organizationId));
  return draftId ? loadDraft(db, draftId, session.official.organizationId) : null;
}

function sendNotice(ctx: WebContext, reply: FastifyReply, session: Session, message: Message, status = 200) {
  const t = ctx.i18n.forLocale(session.locale);
  return sendPage(ctx, reply.code(status), 'draft-notice', session.locale, {
    title: t('web:draft.title'),
    official: session.official,
    message,
  });
}

const POST_SCHEMA = {
  body: {
    type: 'object',
    required: ['_csrf', 'version', 'action'],
    maxProperties: 8000,
    properties: {
      _csrf: { type: 'string', maxLength: 100 },
      version: { type: 'string', pattern: '^[0-9]{1,9}$' },
      action: { type: 'string', enum: ['save', 'import'] },
    },
    additionalProperties: {
      anyOf: [
        { type: 'string', maxLength: 500 },
        { type: 'array', maxItems: 60, items: { type: 'string', maxLength: 60 } },
      ],
    },
  },
} as const;

export function registerDraftRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Querystring: { saved?: string } }>(
    '/draft',
    { schema: { querystring: { type: 'object', properties: { saved: { type: 'string', enum: ['1'] } } } } },
    async (request, reply) => {
      const session = await requireSession(ctx, request, reply, 'draft');
      if (!session) return reply;
      const draft = await sessionDraft(ctx, session);
      if (!draft) return sendNotice(ctx, reply, session, { key: 'web:draft.none' });
      if (draft.importedAt) return sendNotice(ctx, reply, session, { key: 'web:draft.already_imported' });
      return renderDraft(ctx, reply, session, draft, { saved: request.query.saved === '1' });
    },
  );

  app.post<{ Body: FormBody & { _csrf: string; version: string; action: 'save' | 'import' } }>(
    '/draft',
    { schema: POST_SCHEMA },
    async (request, reply) => {
      const session = await requireSession(ctx, request, reply, 'draft');
      if (!session) return reply;
      if (!verifyCsrf(ctx.secret, session.token, request.body._csrf))
        return sendPage(ctx, reply.code(403), 'error', session.locale, {
          title: ctx.i18n.t('web:error.csrf'),
          message: 'web:error.csrf',
        });
      const stored = await sessionDraft(ctx, session);
      if (!stored) return sendNotice(ctx, reply, session, { key: 'web:draft.none' }, 404);
      if (stored.importedAt)
        return sendNotice(ctx, reply, session, { key: 'web:draft.already_imported' }, 409);
      if (!formIsWhole(request.body, stored.document))
        return sendPage(ctx, reply.code(400), 'error', session.locale, {
          title: ctx.i18n.t('web:error.bad_request'),
          message: 'web:error.bad_request',
        });
      const document = documentFromForm(request.body, stored.document);
      const edit = {
        draftId: stored.id,
        organizationId: session.official.organizationId,
        version: Number(request.body.version),
        document,
      };
      const outcome =
        request.body.action === 'import'
          ? await importDraft(ctx.database.db, edit, {
              officialId: session.official.id,
              now: ctx.now(),
              timeZone: ctx.config.timeZone,
            })
          : await saveDraft(ctx.database.db, edit);
      switch (outcome.status) {
        case 'saved':
          return reply.redirect('/draft?saved=1', 303);
        case 'gone':
          return sendNotice(ctx, reply, session, { key: 'web:draft.none' }, 404);
        case 'imported':
          return sendNotice(ctx, reply, session, { key: 'web:draft.already_imported' }, 409);
        case 'stale':
          return renderDraft(ctx, reply.code(409), session, outcome.draft, {
            changed: changedBetween(document, outcome.draft.document),
          });
        case 'refused':
          return renderDraft(ctx, reply.code(422), session, outcome.draft, {
            problems: outcome.problems,
            general: outcome.general,
          });
        case 'done':
          return sendNotice(ctx, reply, session, {
            key: 'web:draft.imported',
            params: { title: outcome.campaignTitle, ...outcome.indicators },
          });
      }
    },
  );
}
