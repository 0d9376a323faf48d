import { describe, expect, it } from 'vitest';
import { durablePayloads } from '../../src/dialog/durable-replies.js';
import type { OutboundMessage } from '../../src/dialog/types.js';

/** What the outbox keeps of a step's replies: text and choices, never a file's bytes or a signed link. */
describe('durablePayloads', () => {
  const text: OutboundMessage = {
    lines: [{ key: 'dialog:report.saved', params: { code: 'XH01' } }],
    choices: [[{ token: 'n1:ok', label: { key: 'dialog:report.confirm.ok' } }]],
    answer: 'number',
  };

  it('keeps a reply without file or link as it is', () => {
    expect(durablePayloads([text], new Set())).toEqual([text]);
  });

  it('leaves out a file and a link, and says so in a line of its own', () => {
    const withFile: OutboundMessage = {
      ...text,
      file: { kind: 'photo', name: 'tien-do.png', bytes: new Uint8Array([1, 2, 3]) },
    };
    const withLink: OutboundMessage = {
      ...text,
      link: { label: { key: 'dialog:web.report' }, url: 'https://tiendo.example/l/secret-token' },
    };
    const kept = durablePayloads([withFile, withLink], new Set());
    for (const reply of kept) {
      expect(reply).not.toHaveProperty('file');
      expect(reply).not.toHaveProperty('link');
      expect(reply.choices).toEqual(text.choices);
      expect(reply.lines).toEqual([...text.lines, { key: 'dialog:attachment_not_resent', style: 'muted' }]);
    }
    expect(JSON.stringify(kept)).not.toContain('secret-token');
  });

  it('marks a reply whose file is rendered after the commit (not attached yet)', () => {
    const [first, second] = durablePayloads([text, text], new Set([1]));
    expect(first?.lines).toEqual(text.lines);
    expect(second?.lines.at(-1)).toEqual({ key: 'dialog:attachment_not_resent', style: 'muted' });
  });
});
