import type { FastifyInstance } from 'fastify';
import { APPROVAL_ACTIONS, type ApprovalAction } from '../../domain/approval/index.js';
import { actFromDashboard, isOwnCampaign } from '../../services/web-approval.js';
import { verifyCsrf } from '../csrf.js';
import { requireSession, sendPage, type WebContext } from '../context.js';
import { renderDashboard } from './dashboard-page.js';

type ApprovalBody = {
  _csrf: string;
  campaign: string;
  period: string;
  action: ApprovalAction;
  note?: string;
};

/**
 * A step of the period's approval from the dashboard (docs/approval.md): check, approve, return with a
 * reason, reopen. Who may take which is the service's (the chat's rules); taken, the page comes back
 * with what was done (303); refused, the page shows why beside the buttons, the reason typed kept (422).
 */
export function registerApprovalStep(app: FastifyInstance, ctx: WebContext): void {
  app.post<{ Body: ApprovalBody }>(
    '/dashboard/approval',
    {
      schema: {
        body: {
          type: 'object',
          required: ['_csrf', 'campaign', 'period', 'action'],
          properties: {
            _csrf: { type: 'string', maxLength: 100 },
            campaign: { type: 'string', maxLength: 64 },
            period: { type: 'string', maxLength: 32 },
            action: { type: 'string', enum: [...APPROVAL_ACTIONS] },
            // longer than the service's limit is refused by it, beside the field, the text kept
            note: { type: 'string', maxLength: 4000 },
          },
        },
      },
    },
    async (request, reply) => {
      const session = await requireSession(ctx, request, reply, 'dashboard');
      if (!session) return reply;
      if (!verifyCsrf(ctx.secret, session.token, request.body._csrf))
        return sendPage(ctx, reply.code(403), 'error', session.locale, {
          title: ctx.i18n.t('web:error.csrf'),
          message: 'web:error.csrf',
        });
      const { campaign, period, action } = request.body;
      if (!(await isOwnCampaign(ctx.database.db, session.official.organizationId, campaign)))
        return reply.callNotFound();
      const note = request.body.note ?? '';
      const outcome = await actFromDashboard(ctx.database.db, {
        official: session.official,
        campaignCode: campaign,
        periodKey: period,
        action,
        note: action === 'return' ? note : undefined,
        now: ctx.now(),
        timeZone: ctx.config.timeZone,
      });
      if (!outcome.ok)
        return renderDashboard(ctx, reply.code(422), session, campaign, {
          approvalProblem: { message: outcome.problem, note },
        });
      const query = new URLSearchParams({
        campaign,
        approval: outcome.action,
        count: String(outcome.returnedTo),
        unreachable: outcome.unreachable.join(','),
      });
      return reply.redirect(`/dashboard?${query.toString()}#approval`, 303);
    },
  );
}
