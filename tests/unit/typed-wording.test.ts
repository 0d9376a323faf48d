import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../src/channels/console/render.js';
import { TYPED_WORDING } from '../../src/channels/typed-choices.js';
import { renderOutbound } from '../../src/channels/zalo/render.js';
import type { OutboundMessage } from '../../src/dialog/types.js';
import { createI18n, loadResources } from '../../src/i18n.js';

const resources = loadResources();
const i18n = createI18n('vi', resources);
const render = (m: Parameters<typeof i18n.render>[0]) => i18n.render(m, 'vi');

/** every "namespace:path" of the Vietnamese texts with its text */
function texts(): [string, string][] {
  const out: [string, string][] = [];
  const walk = (node: unknown, key: string): void => {
    if (typeof node === 'string') out.push([key, node]);
    else if (typeof node === 'object' && node !== null)
      for (const [k, v] of Object.entries(node)) walk(v, key.endsWith(':') ? `${key}${k}` : `${key}.${k}`);
  };
  for (const [ns, tree] of Object.entries(resources.vi ?? {})) walk(tree, `${ns}:`);
  return out;
}

describe('"bấm" only where there are buttons', () => {
  it('every text that says "bấm" has a typed wording, which does not', () => {
    // Zalo's own texts are already typed; the web pages have real buttons.
    const pressing = texts().filter(
      ([key, text]) => /\bbấm\b/iu.test(text) && !key.startsWith('zalo:') && !key.startsWith('web:'),
    );
    expect(pressing.length).toBeGreaterThan(0);
    for (const [key] of pressing) {
      const typed = TYPED_WORDING[key.replace(/_(one|other)$/, '')];
      expect(typed, key).toBeDefined();
      expect(render({ key: typed ?? '' }), key).not.toMatch(/\bbấm\b/iu);
    }
  });

  it('the console and Zalo say "gõ" in a reminder and a plan waiting for confirmation', () => {
    const reminder: OutboundMessage = {
      lines: [{ key: 'reminders:action' }, { key: 'dialog:plan.waiting' }],
      choices: [[{ token: 'remind:baocao', label: { key: 'reminders:choice.report' } }]],
    };
    for (const text of [
      renderConsole(reminder, render, false),
      renderOutbound(reminder, render).texts.join('\n'),
    ]) {
      expect(text).not.toMatch(/\bbấm\b/iu);
      expect(text).toContain('Gõ /baocao');
      expect(text).toContain('gõ số thứ tự của «Nhập kế hoạch»');
    }
  });
});
