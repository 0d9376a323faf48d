import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../src/channels/console/render.js';
import { foldWords, selectTyped, typedChoices, typedCommand } from '../../src/channels/typed-choices.js';
import type { OutboundMessage } from '../../src/dialog/types.js';
import { createI18n } from '../../src/i18n.js';

const i18n = createI18n('vi');
const render = (m: Parameters<typeof i18n.render>[0]) => i18n.render(m);
const confirm: OutboundMessage = {
  lines: [
    { key: 'dialog:report.confirm.title', params: { code: 'NS01', name: 'Thu ngân sách' }, style: 'title' },
  ],
  choices: [
    [
      { token: 'n1:ok', label: { key: 'dialog:button.ok' } },
      { token: 'n1:edit', label: { key: 'dialog:button.edit' } },
    ],
    [{ token: 'n1:skip', label: { key: 'dialog:button.skip' } }],
  ],
};
const question: OutboundMessage = {
  ...confirm,
  choices: [
    [
      { token: 'n2:skip', label: { key: 'dialog:button.skip' } },
      { token: 'n2:stop', label: { key: 'dialog:button.stop' } },
    ],
  ],
  answer: 'number',
};

describe('choices typed on channels without buttons', () => {
  it('folds case, emoji and punctuation away, and accents unless asked to keep them', () => {
    expect(foldWords('⏭ Bỏ qua')).toBe('bo qua');
    expect(foldWords('⏭ Bỏ qua', true)).toBe('bỏ qua');
    expect(foldWords('ĐÚNG, ghi lại!')).toBe('dung ghi lai');
    expect(foldWords('Đạt')).toBe(foldWords('dat'));
  });

  it('never reads “đúng” as “Dừng”: accents typed are accents meant', () => {
    const offered = typedChoices(question, render);
    expect(selectTyped('đúng', offered)).toBeNull();
    expect(selectTyped('dừng', offered)).toEqual({ kind: 'choice', token: 'n2:stop' });
    expect(selectTyped('dung', offered)).toEqual({ kind: 'choice', token: 'n2:stop' });
  });

  it('leaves a number to the engine, which reads it against the choices it stored (dialog/offered.ts)', () => {
    const offered = typedChoices(confirm, render);
    expect(offered?.numbered).toBe(true);
    expect(selectTyped('1', offered)).toBeNull();
    expect(selectTyped(' 3 ', offered)).toBeNull();
    expect(selectTyped('4', offered)).toBeNull();
    expect(selectTyped('0', offered)).toBeNull();
    expect(selectTyped('8.540', offered)).toBeNull();
  });

  it('selects by words, whatever the accents', () => {
    const offered = typedChoices(confirm, render);
    expect(selectTyped('dung, ghi lai', offered)).toEqual({ kind: 'choice', token: 'n1:ok' });
    expect(selectTyped('NHẬP LẠI', offered)).toEqual({ kind: 'choice', token: 'n1:edit' });
    expect(selectTyped('bỏ', offered)).toBeNull();
  });

  it('keeps digits as the answer when the message asks for a figure', () => {
    const offered = typedChoices(question, render);
    expect(offered?.numbered).toBe(false);
    expect(selectTyped('1', offered)).toBeNull();
    expect(selectTyped('2', offered)).toBeNull();
    expect(selectTyped('bo qua', offered)).toEqual({ kind: 'choice', token: 'n2:skip' });
    expect(selectTyped('Dừng', offered)).toEqual({ kind: 'choice', token: 'n2:stop' });
  });

  it('reads commands with arguments and a bot name', () => {
    expect(typedCommand('/BaoCao')).toEqual({ kind: 'command', command: 'baocao', args: '' });
    expect(typedCommand('/BáoCáo@tiendo_bot')).toEqual({ kind: 'command', command: 'baocao', args: '' });
    expect(typedCommand('/dangky  abcde-fghjk ')).toEqual({
      kind: 'command',
      command: 'dangky',
      args: 'abcde-fghjk',
    });
    expect(typedCommand('/as quang-trung/ct')).toEqual({
      kind: 'command',
      command: 'as',
      args: 'quang-trung/ct',
    });
    expect(typedCommand('8.540')).toBeNull();
    expect(typedCommand('/ ')).toBeNull();
  });
});

describe('the console rendering', () => {
  it('numbers the choices, or lists them as words when a figure is asked', () => {
    expect(renderConsole(confirm, render, false)).toBe(
      ['Xác nhận NS01 · Thu ngân sách', '  1) ✅ Đúng, ghi lại', '  2) ✏️ Nhập lại', '  3) ⏭ Bỏ qua'].join(
        '\n',
      ),
    );
    const asked = renderConsole(question, render, false);
    expect(asked).toContain('  • ⏭ Bỏ qua');
    expect(asked).toContain('Gõ số liệu');
    // eslint-disable-next-line no-control-regex -- no terminal escape may reach a pipe
    expect(asked).not.toMatch(/\u001b/);
  });

  it('prints the web link as a line with its address', () => {
    const url = 'http://127.0.0.1:8080/l/abc';
    const shown = renderConsole(
      { ...confirm, link: { label: { key: 'dialog:web.report' }, url } },
      render,
      false,
    );
    expect(shown).toContain(`📝 Mở bảng nhập số liệu: ${url}\n  1) ✅ Đúng, ghi lại`);
  });

  it('uses bold for titles only on a terminal', () => {
    expect(renderConsole(confirm, render, true)).toContain('\u001b[1mXác nhận NS01');
  });
});
