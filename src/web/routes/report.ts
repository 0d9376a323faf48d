import type { FastifyInstance } from 'fastify';
import { groupBy } from '../../domain/group-by.js';
import {
  loadReportForm,
  saveReportForm,
  type FieldProblem,
  type FormEntry,
  type ReportForm,
} from '../../services/web-report-form.js';
import type { AnswerWarning } from '../../domain/indicators/plausibility.js';
import { verifyCsrf } from '../csrf.js';
import { requireSession, sendPage, type Session, type WebContext } from '../context.js';

type FormBody = Record<string, string>;

/**
 * The form's fields: x_<indicator id> the value typed, n_<indicator id> its note, v_<indicator id> the
 * version the page showed.
 */
function entriesOf(body: FormBody): FormEntry[] {
  const entries: FormEntry[] = [];
  for (const [name, text] of Object.entries(body)) {
    const id = /^x_([A-Za-z0-9_-]{1,64})$/.exec(name)?.[1];
    if (!id) continue;
    const version = Number(body[`v_${id}`] ?? '0');
    entries.push({
      indicatorId: id,
      text: text.slice(0, 200),
      note: body[`n_${id}`],
      version: Number.isInteger(version) ? version : -1,
    });
  }
  return entries;
}

interface PageState {
  typed?: Map<string, string>;
  /** the notes as sent, shown again when nothing was stored */
  notes?: Map<string, string>;
  problems?: FieldProblem[];
  warnings?: { indicatorId: string; warnings: AnswerWarning[] }[];
  saved?: number;
}

function renderForm(ctx: WebContext, session: Session, form: ReportForm, state: PageState) {
  const categories = [...groupBy(form.rows, (r) => r.category).entries()].map(([name, rows]) => ({
    name,
    rows,
  }));
  return ctx.pages.render('report', session.locale, {
    title: ctx.i18n.forLocale(session.locale)('web:report.title'),
    official: session.official,
    csrf: session.csrf,
    form,
    categories,
    typed: state.typed ?? new Map<string, string>(),
    notes: state.notes ?? new Map<string, string>(),
    problems: new Map((state.problems ?? []).map((p) => [p.indicatorId, p])),
    warnings: new Map((state.warnings ?? []).map((w) => [w.indicatorId, w.warnings])),
    confirming: (state.warnings ?? []).length > 0,
    saved: state.saved ?? null,
    scripts: ['/static/report.js'],
  });
}

export function registerReportRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Querystring: { period?: string; saved?: string } }>(
    '/report',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            period: { type: 'string', maxLength: 64 },
            saved: { type: 'string', pattern: '^[0-9]{1,4}$' },
          },
        },
      },
    },
    async (request, reply) => {
      const session = await requireSession(ctx, request, reply, 'report');
      if (!session) return reply;
      const form = await loadReportForm(ctx.database.db, session.official.id, {
        now: ctx.now(),
        timeZone: ctx.config.timeZone,
        periodId: request.query.period,
      });
      const saved = request.query.saved === undefined ? undefined : Number(request.query.saved);
      return reply
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(renderForm(ctx, session, form, saved === undefined ? {} : { saved }));
    },
  );

  app.post<{ Body: FormBody }>(
    '/report',
    {
      schema: {
        body: {
          type: 'object',
          required: ['_csrf', 'period'],
          // Three fields an indicator (value, note, version); a note longer than NOTE_MAX is refused
          // beside its field, with everything typed kept, rather than by the schema.
          maxProperties: 1000,
          properties: { _csrf: { type: 'string' }, period: { type: 'string', maxLength: 64 } },
          additionalProperties: { type: 'string', maxLength: 10_000 },
        },
      },
    },
    async (request, reply) => {
      const session = await requireSession(ctx, request, reply, 'report');
      if (!session) return reply;
      if (!verifyCsrf(ctx.secret, session.token, request.body._csrf))
        return sendPage(ctx, reply.code(403), 'error', session.locale, {
          title: ctx.i18n.t('web:error.csrf'),
          message: 'web:error.csrf',
        });
      const periodId = request.body.period ?? '';
      const entries = entriesOf(request.body);
      const outcome = await saveReportForm(ctx.database.db, session.official.id, {
        periodId,
        entries,
        confirmed: request.body.confirm === '1',
        now: ctx.now(),
        timeZone: ctx.config.timeZone,
      });
      const typed = new Map(entries.map((e) => [e.indicatorId, e.text]));
      const notes = new Map(entries.flatMap((e) => (e.note === undefined ? [] : [[e.indicatorId, e.note]])));
      if (outcome.status === 'saved') {
        ctx.metrics.webReports.inc({ outcome: 'created' }, outcome.created);
        ctx.metrics.webReports.inc({ outcome: 'revised' }, outcome.revised);
        const stored = outcome.created + outcome.revised;
        return reply.redirect(`/report?period=${encodeURIComponent(periodId)}&saved=${stored}`, 303);
      }
      const state: PageState =
        outcome.status === 'confirm'
          ? { typed, notes, warnings: outcome.warnings }
          : { typed, notes, problems: outcome.problems };
      return reply
        .code(outcome.status === 'refused' ? 422 : 200)
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(renderForm(ctx, session, outcome.form, state));
    },
  );
}
