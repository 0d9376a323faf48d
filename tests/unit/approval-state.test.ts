import { describe, expect, it } from 'vitest';
import {
  APPROVAL_ACTIONS,
  APPROVAL_STATES,
  approvalStep,
  availableActions,
  isLocked,
  returnedMessage,
  type ApprovalActor,
} from '../../src/domain/approval/index.js';

const chairman: ApprovalActor = { role: 'chairman', mayApprove: false };
const vice: ApprovalActor = { role: 'vice_chairman', mayApprove: false };
const viceWithRight: ApprovalActor = { role: 'vice_chairman', mayApprove: true };
const office: ApprovalActor = { role: 'admin', mayApprove: false };
const officer: ApprovalActor = { role: 'officer', mayApprove: true };

describe('the approval of a period', () => {
  it('goes open → checked → approved, and back to open only by the chairman', () => {
    expect(approvalStep('open', 'check', office, undefined)).toEqual({ ok: true, state: 'checked' });
    expect(approvalStep('checked', 'approve', chairman, undefined)).toEqual({ ok: true, state: 'approved' });
    expect(approvalStep('approved', 'reopen', chairman, undefined)).toEqual({ ok: true, state: 'open' });
    expect(approvalStep('approved', 'reopen', viceWithRight, undefined)).toMatchObject({ reason: 'role' });
  });

  it('approves only checked figures, and only by the chairman or a vice-chairman given the right', () => {
    expect(approvalStep('open', 'approve', chairman, undefined)).toMatchObject({
      ok: false,
      reason: 'state',
    });
    expect(approvalStep('returned', 'approve', chairman, undefined)).toMatchObject({ reason: 'state' });
    expect(approvalStep('checked', 'approve', vice, undefined)).toMatchObject({ reason: 'role' });
    expect(approvalStep('checked', 'approve', viceWithRight, undefined)).toEqual({
      ok: true,
      state: 'approved',
    });
    // The right is the vice-chairman's: an officer marked so by mistake gains nothing.
    expect(approvalStep('checked', 'approve', officer, undefined)).toMatchObject({ reason: 'role' });
    expect(approvalStep('open', 'check', officer, undefined)).toMatchObject({ reason: 'role' });
  });

  it('a return needs a reason, and cannot undo an approval', () => {
    expect(approvalStep('checked', 'return', chairman, '  ')).toMatchObject({ reason: 'note_required' });
    expect(approvalStep('checked', 'return', chairman, 'sai số')).toEqual({ ok: true, state: 'returned' });
    expect(approvalStep('open', 'return', chairman, 'sai số')).toEqual({ ok: true, state: 'returned' });
    expect(approvalStep('approved', 'return', chairman, 'sai số')).toMatchObject({ reason: 'state' });
    expect(approvalStep('returned', 'check', office, undefined)).toEqual({ ok: true, state: 'checked' });
  });

  it('locks only approved figures', () => {
    expect(APPROVAL_STATES.filter(isLocked)).toEqual(['approved']);
  });

  it('offers each person exactly the steps that would pass', () => {
    for (const state of APPROVAL_STATES)
      for (const actor of [chairman, vice, viceWithRight, office, officer]) {
        const offered = availableActions(state, actor);
        for (const action of APPROVAL_ACTIONS)
          expect(offered.includes(action)).toBe(approvalStep(state, action, actor, 'lý do').ok);
      }
    expect(availableActions('checked', chairman)).toEqual(['approve', 'return']);
    expect(availableActions('open', office)).toEqual(['check']);
  });
});

describe('the message of a return', () => {
  it('lists at most 15 indicators and says how many more', () => {
    const indicators = Array.from({ length: 18 }, (_, i) => ({ code: `X${i}`, name: `Chỉ tiêu ${i}` }));
    const message = returnedMessage({
      period: { key: 'calendar:quarter', params: { n: 'III', year: 2026 } },
      eventId: 'cmev0000000000000000000000',
      note: 'Kiểm tra lại',
      by: 'Phạm Minh Tuấn',
      indicators,
    });
    expect(message.lines.filter((l) => l.key === 'approval:returned.item')).toHaveLength(15);
    expect(message.lines.find((l) => l.key === 'approval:returned.more')?.params).toEqual({ count: 3 });
    const token = message.choices[0]?.[0]?.token ?? '';
    expect(token).toBe('remind:tralai:cmev0000000000000000000000');
    // Telegram's callback data holds 64 bytes.
    expect(Buffer.byteLength(token)).toBeLessThanOrEqual(64);
  });
});
