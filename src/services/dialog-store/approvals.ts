import type { ApprovalChatOutcome, DialogRepository } from '../../dialog/ports.js';
import { localDateOf } from '../../domain/calendar/index.js';
import type { Tx } from '../../store/database.js';
import { queueReturnNotices } from '../approval-notices.js';
import { approvalStepIn } from '../approval.js';
import { UserError } from '../errors.js';
import { reportRepository } from './reports.js';

/**
 * A step of a period's approval taken in the chat, inside the dialog step's transaction; the messages
 * of a return are queued in it too. They go to the chat each official used last (Telegram or Zalo):
 * the delivery worker of an instance that serves that channel sends them.
 */
export function approvalRepository(
  tx: Tx,
  timeZone: string,
): Pick<DialogRepository, 'approvePeriod' | 'returnedItems'> {
  return {
    async returnedItems(officialId, eventId) {
      const event = await tx.approvalEvent.findUnique({
        where: { id: eventId },
        include: { period: { include: { approval: true } } },
      });
      // Only while the return stands: once checked again or approved, the button of an old message is spent.
      if (!event || event.action !== 'return' || event.period.approval?.state !== 'returned') return [];
      const codes = event.indicators ? event.indicators.split(',') : [];
      const reports = await tx.report.findMany({
        where: { officialId, periodId: event.periodId, indicator: { code: { in: codes }, archivedAt: null } },
        include: { indicator: { select: { position: true } } },
        orderBy: { indicator: { position: 'asc' } },
      });
      const reader = reportRepository(tx, timeZone);
      const items = await Promise.all(
        reports.map((r) =>
          reader.reportItem(officialId, { indicatorId: r.indicatorId, periodId: r.periodId }),
        ),
      );
      return items.filter((item) => item !== null);
    },

    async approvePeriod(officialId, input, now): Promise<ApprovalChatOutcome> {
      const official = await tx.official.findUniqueOrThrow({
        where: { id: officialId },
        include: { organization: { select: { code: true } } },
      });
      try {
        const outcome = await approvalStepIn(tx, {
          organizationCode: official.organization.code,
          campaignCode: input.campaignCode,
          periodKey: input.periodKey,
          actorCode: official.code,
          action: input.action,
          note: input.note,
          today: localDateOf(now, timeZone),
        });
        const notices = await queueReturnNotices(tx, outcome, {
          served: ['telegram', 'zalo'],
          preference: 'last_used',
          defaultLocale: 'vi',
          now,
        });
        return {
          ok: true,
          period: outcome.period.name,
          state: outcome.state,
          returnedTo: outcome.returned.length,
          unreachable: notices.unreachable,
        };
      } catch (error) {
        if (error instanceof UserError) return { ok: false, problem: error.userMessage };
        throw error;
      }
    },
  };
}
