import { describe, expect, it } from 'vitest';
import { renderOutbound, splitLine, ZALO_TEXT_LIMIT } from '../../src/channels/zalo/render.js';
import type { OutboundMessage } from '../../src/dialog/types.js';
import type { Message } from '../../src/domain/message.js';
import { createI18n } from '../../src/i18n.js';

const i18n = createI18n('vi');
const vi = (message: Message): string => i18n.render(message, 'vi');

const confirm: OutboundMessage = {
  lines: [
    { key: 'dialog:report.confirm.title', params: { code: 'XH01', name: 'Dân số' }, style: 'title' },
    { key: 'dialog:report.confirm.value', params: { value: '185 người' } },
  ],
  choices: [
    [
      { token: 'n:ok', label: { key: 'dialog:button.ok' } },
      { token: 'n:edit', label: { key: 'dialog:button.edit' } },
    ],
    [
      { token: 'n:note', label: { key: 'dialog:button.note' } },
      { token: 'n:skip', label: { key: 'dialog:button.skip' } },
    ],
  ],
};

describe('rendering for Zalo', () => {
  it('never makes an empty text: Zalo takes 1–2000 characters', () => {
    const blank: OutboundMessage = { lines: [{ key: 'x', params: {} }], choices: [] };
    expect(renderOutbound(blank, () => '\n  \n').texts).toEqual([]);
    expect(renderOutbound(blank, () => '\nXin chào\n').texts.every((t) => t.trim() !== '')).toBe(true);
  });

  it('prints the web link as a line with its address, before the numbered choices', () => {
    const url = 'https://tiendo.example.vn/l/abc';
    const { texts, offered } = renderOutbound(
      { ...confirm, link: { label: { key: 'dialog:web.report' }, url } },
      vi,
    );
    expect(texts[0]).toContain(`\n\n📝 Mở bảng nhập số liệu: ${url}\n\n1. ✅ Đúng, ghi lại`);
    expect(offered?.choices).toHaveLength(4);
    const [alone] = renderOutbound(
      { lines: [], choices: [], link: { label: { key: 'dialog:web.dashboard' }, url } },
      vi,
    ).texts;
    expect(alone).toBe(`📊 Mở bảng theo dõi: ${url}`);
  });

  it('joins lines and numbers the choices, in plain text', () => {
    const { texts, offered } = renderOutbound(confirm, vi);
    expect(texts).toEqual([
      [
        'Xác nhận XH01 · Dân số',
        'Số liệu: 185 người',
        '',
        '1. ✅ Đúng, ghi lại',
        '2. ✏️ Nhập lại',
        '3. 📝 Thêm ghi chú',
        '4. ⏭ Bỏ qua',
        'Gõ số 1–4 để chọn.',
      ].join('\n'),
    ]);
    expect(offered).toEqual({
      numbered: true,
      choices: [
        { token: 'n:ok', label: '✅ Đúng, ghi lại' },
        { token: 'n:edit', label: '✏️ Nhập lại' },
        { token: 'n:note', label: '📝 Thêm ghi chú' },
        { token: 'n:skip', label: '⏭ Bỏ qua' },
      ],
    });
  });

  it('shows the choices of a question asking for a figure as words, not numbers', () => {
    const question: OutboundMessage = {
      lines: [
        { key: 'dialog:report.question.prompt_level', params: { cutoff: '30/09/2026', unit: 'người' } },
      ],
      choices: [
        [
          { token: 'n:skip', label: { key: 'dialog:button.skip' } },
          { token: 'n:stop', label: { key: 'dialog:button.stop' } },
        ],
      ],
      answer: 'number',
    };
    const { texts, offered } = renderOutbound(question, vi);
    expect(texts[0]).toContain('Hoặc gõ: «Bỏ qua» · «Dừng»');
    expect(texts[0]).not.toMatch(/^1\./m);
    expect(offered?.numbered).toBe(false);
  });

  it("adds no markup and escapes nothing: an official's words come back as typed", () => {
    const { texts, offered } = renderOutbound(
      {
        lines: [
          { key: 'dialog:history.note', params: { note: 'Trạm <xã> & "thôn"' } },
          { key: 'dialog:stale', style: 'muted' },
        ],
        choices: [],
      },
      vi,
    );
    expect(texts).toEqual(['   Ghi chú: Trạm <xã> & "thôn"\nLựa chọn này đã hết hiệu lực.']);
    expect(offered).toBeNull();
  });

  it("replaces the engine's button wordings", () => {
    const { texts } = renderOutbound({ lines: [{ key: 'dialog:use_buttons' }], choices: [] }, vi);
    expect(texts[0]).not.toContain('nút');
    expect(texts[0]).toContain('gõ số');
  });

  it('splits a long Vietnamese reply on line boundaries under 2000 characters', () => {
    const line =
      'Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều giảm còn dưới 1,5 %; ước thực hiện đạt 100 % kế hoạch năm. 🇻🇳';
    const many = Array.from({ length: 60 }, (_, i) => `${i + 1}. ${line}`);
    const message: OutboundMessage = {
      lines: [{ key: 'dialog:history.note', params: { note: many.join('\n') } }],
      choices: [],
    };
    const { texts } = renderOutbound(message, vi);
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(ZALO_TEXT_LIMIT);
    // nothing lost, nothing cut inside a line
    const back = texts.join('\n').split('\n');
    expect(back.slice(1)).toEqual(many.slice(1));
    for (const text of texts.slice(1)) expect(text).toMatch(/^\d+\. Tỷ lệ/);
  });

  it('splits a single overlong line between graphemes, never inside an emoji or a combining accent', () => {
    // "ệ" written as e + two combining marks, and a flag emoji (two surrogate pairs)
    const decomposed = 'Kê\u0323\u0302 hoạch 🇻🇳 ';
    const text = decomposed.repeat(300);
    const pieces = splitLine(text, 97);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(97);
      expect(piece).not.toMatch(/^[\u0300-\u036f]/u);
      expect(piece).not.toMatch(/^[\udc00-\udfff]/u);
      expect(piece).not.toMatch(/[\ud800-\udbff]$/u);
    }
    expect(pieces.join(' ').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' ').trim());
    const rendered = renderOutbound(
      { lines: [{ key: 'dialog:history.note', params: { note: text } }], choices: [] },
      vi,
      500,
    );
    for (const piece of rendered.texts) expect(piece.length).toBeLessThanOrEqual(500);
  });

  it('puts the choices after the last part of a long message', () => {
    const long = 'Số liệu '.repeat(400);
    const { texts } = renderOutbound(
      { ...confirm, lines: [{ key: 'dialog:history.note', params: { note: long } }] },
      vi,
    );
    expect(texts.length).toBeGreaterThan(1);
    expect(texts[texts.length - 1]).toContain('1. ✅ Đúng, ghi lại');
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(ZALO_TEXT_LIMIT);
  });
});
