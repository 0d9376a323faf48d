import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  renderOutbound,
  TELEGRAM_TEXT_LIMIT,
  type TranslateMessage,
} from '../../src/channels/telegram/render.js';
import type { OutboundMessage } from '../../src/dialog/types.js';

/** The key's param `text`, or the key itself: enough to drive the renderer. */
const translate: TranslateMessage = (message) =>
  typeof message.params?.text === 'string' ? message.params.text : message.key;

function lines(...texts: string[]): OutboundMessage {
  return { lines: texts.map((text) => ({ key: 'test:line', params: { text } })), choices: [] };
}

/** What Telegram shows once it has parsed the HTML. */
function visible(html: string): string {
  return html
    .replace(/<\/?[bi]>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** No tag or escape cut in half, and every tag closed in the same text. */
function wellFormed(html: string): boolean {
  const stripped = html.replace(/<(b|i)>[^<]*<\/\1>/g, '').replace(/&(amp|lt|gt);/g, '');
  return !/[<>&]/.test(stripped);
}

describe('renderOutbound: escaping and styles', () => {
  it('escapes every text, params included, so an official’s words never become markup', () => {
    const [sent] = renderOutbound(lines('<script>alert("x")</script> & <b>đậm</b>'), translate);
    expect(sent?.text).toBe('&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;b&gt;đậm&lt;/b&gt;');
    expect(sent?.parse_mode).toBe('HTML');
    expect(escapeHtml('a&b<c>d')).toBe('a&amp;b&lt;c&gt;d');
  });

  it('puts titles in bold and muted lines in italics, escaped inside', () => {
    const message: OutboundMessage = {
      lines: [
        { key: 'test:line', params: { text: 'Quý III/2024 <hạn>' }, style: 'title' },
        { key: 'test:line', params: { text: 'Anh/chị có 4 chỉ tiêu' } },
        { key: 'test:line', params: { text: 'ghi chú & nguồn' }, style: 'muted' },
      ],
      choices: [],
    };
    expect(renderOutbound(message, translate)).toEqual([
      {
        text: '<b>Quý III/2024 &lt;hạn&gt;</b>\nAnh/chị có 4 chỉ tiêu\n<i>ghi chú &amp; nguồn</i>',
        parse_mode: 'HTML',
      },
    ]);
  });

  it('styles each line of a multi-line translation on its own', () => {
    const message: OutboundMessage = {
      lines: [{ key: 'test:line', params: { text: 'một\nhai' }, style: 'title' }],
      choices: [],
    };
    expect(renderOutbound(message, translate)[0]?.text).toBe('<b>một</b>\n<b>hai</b>');
  });

  it('sends nothing for an empty message, and a placeholder when it only has buttons', () => {
    expect(renderOutbound({ lines: [], choices: [] }, translate)).toEqual([]);
    const onlyButtons = renderOutbound(
      { lines: [], choices: [[{ token: 'ok', label: { key: 'OK' } }]] },
      translate,
    );
    expect(onlyButtons).toHaveLength(1);
    expect(onlyButtons[0]?.text.trim()).not.toBe('');
  });
});

describe('renderOutbound: splitting', () => {
  it('keeps exactly 4096 characters in one message and splits at 4097', () => {
    const exact = 'ệ'.repeat(TELEGRAM_TEXT_LIMIT);
    expect(renderOutbound(lines(exact), translate).map((m) => m.text)).toEqual([exact]);
    const twoLines = `${'a'.repeat(2047)}\n${'b'.repeat(2048)}`;
    expect(renderOutbound(lines(...twoLines.split('\n')), translate)).toHaveLength(1);
    const over = renderOutbound(lines('a'.repeat(2048), 'b'.repeat(2048)), translate).map((m) => m.text);
    expect(over).toEqual(['a'.repeat(2048), 'b'.repeat(2048)]);
  });

  it('splits on line boundaries, every piece within the limit and nothing lost', () => {
    const row = 'Tổng thu ngân sách nhà nước trên địa bàn xã: 8.540 triệu đồng, đạt 104,2 % 🎉';
    const many = Array.from({ length: 200 }, (_, i) => `${i + 1}. ${row}`);
    const sent = renderOutbound(lines(...many), translate).map((m) => m.text);
    expect(sent.length).toBeGreaterThan(3);
    for (const text of sent) expect(text.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(sent.join('\n').split('\n')).toEqual(many);
  });

  it('splits a single over-long line hard, never inside an escape, an emoji or a letter with its accents', () => {
    // "ệ" written as e + circumflex + dot below (decomposed), emoji, and characters that need escaping
    const unit = 'e\u0302\u0323😀<&>';
    const long = unit.repeat(1500);
    const sent = renderOutbound(
      { lines: [{ key: 'test:line', params: { text: long }, style: 'title' }], choices: [] },
      translate,
    );
    expect(sent.length).toBeGreaterThan(1);
    for (const { text } of sent) {
      expect(text.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      expect(text.startsWith('<b>') && text.endsWith('</b>')).toBe(true);
      expect(wellFormed(text)).toBe(true);
      // no piece starts with a stray accent or the second half of an emoji, or ends with the first half
      expect(visible(text)).not.toMatch(/^[\u0300-\u036f\udc00-\udfff]|[\ud800-\udbff]$/);
    }
    expect(sent.map((m) => visible(m.text)).join('')).toBe(long);
  });

  it('prefers a space for a hard split', () => {
    const words = Array.from({ length: 1000 }, (_, i) => `chỉ-tiêu-${i}`).join(' ');
    const sent = renderOutbound(lines(words), translate);
    expect(sent.length).toBeGreaterThan(1);
    for (const { text } of sent.slice(0, -1)) expect(text.endsWith(' ')).toBe(true);
    expect(sent.map((m) => m.text).join('')).toBe(words);
  });

  it('never starts or ends a piece with blank lines', () => {
    const sent = renderOutbound(lines('a'.repeat(4094), '', '', 'b', ''), translate).map((m) => m.text);
    expect(sent).toEqual(['a'.repeat(4094), 'b']);
  });
});

describe('renderOutbound: keyboards', () => {
  const choices = [
    [
      { token: 'r:1:ok', label: { key: 'Đúng' } },
      { token: 'r:1:fix', label: { key: 'Sửa <lại>' } },
    ],
    [],
    [{ token: 'r:1:skip', label: { key: 'Bỏ qua' } }],
  ];

  it('sends rows of buttons whose callback_data is the token, labels as plain text', () => {
    const [sent] = renderOutbound({ ...lines('Xác nhận?'), choices }, translate);
    expect(sent?.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: 'Đúng', callback_data: 'r:1:ok' },
          { text: 'Sửa <lại>', callback_data: 'r:1:fix' },
        ],
        [{ text: 'Bỏ qua', callback_data: 'r:1:skip' }],
      ],
    });
  });

  it('puts the web link as a URL button on a row of its own, above the choices', () => {
    const link = { label: { key: 'Mở bảng <nhập>' }, url: 'https://tiendo.example.vn/l/abc' };
    const [sent] = renderOutbound({ ...lines('Xác nhận?'), choices, link }, translate);
    expect(sent?.reply_markup?.inline_keyboard).toEqual([
      [{ text: 'Mở bảng <nhập>', url: 'https://tiendo.example.vn/l/abc' }],
      [
        { text: 'Đúng', callback_data: 'r:1:ok' },
        { text: 'Sửa <lại>', callback_data: 'r:1:fix' },
      ],
      [{ text: 'Bỏ qua', callback_data: 'r:1:skip' }],
    ]);
    const [alone] = renderOutbound({ ...lines('Tiến độ'), link }, translate);
    expect(alone?.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'Mở bảng <nhập>', url: 'https://tiendo.example.vn/l/abc' }]],
    });
  });

  it('makes a Mini App link a web_app button', () => {
    const link = { label: { key: 'Mở bảng' }, url: 'https://tiendo.example.vn/tg/report', miniApp: true };
    const [sent] = renderOutbound({ ...lines('Báo cáo'), link }, translate);
    expect(sent?.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'Mở bảng', web_app: { url: 'https://tiendo.example.vn/tg/report' } }]],
    });
  });

  it('puts the keyboard on the last piece only', () => {
    const sent = renderOutbound(
      { ...lines('x'.repeat(3000), 'y'.repeat(3000), 'z'.repeat(3000)), choices },
      translate,
    );
    expect(sent).toHaveLength(3);
    expect(sent.slice(0, -1).every((m) => m.reply_markup === undefined)).toBe(true);
    expect(sent[2]?.reply_markup?.inline_keyboard).toHaveLength(2);
  });

  it('refuses a token over 64 bytes (multibyte letters count as bytes) or an empty one', () => {
    const render = (token: string) => () =>
      renderOutbound({ ...lines('?'), choices: [[{ token, label: { key: 'x' } }]] }, translate);
    expect(render('a'.repeat(64))).not.toThrow();
    expect(render('ệ'.repeat(21))).not.toThrow(); // 63 bytes
    expect(render('ệ'.repeat(22))).toThrow(/66 bytes/);
    expect(render('a'.repeat(65))).toThrow(RangeError);
    expect(render('')).toThrow(RangeError);
  });
});
