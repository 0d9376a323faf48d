import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFloodGate, DEFAULT_FLOOD } from '../../src/channels/flood.js';

describe('createFloodGate', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('serves 5 updates in 3 s by default, notifies once, then drops silently', async () => {
    expect(DEFAULT_FLOOD).toEqual({ points: 5, durationSec: 3 });
    const gate = createFloodGate();
    const verdicts = [];
    for (let i = 0; i < 20; i += 1) verdicts.push(await gate.check('user-1'));
    expect(verdicts.filter((v) => v === 'serve')).toHaveLength(5);
    expect(verdicts.filter((v) => v === 'notify')).toHaveLength(1);
    expect(verdicts.slice(0, 6)).toEqual(['serve', 'serve', 'serve', 'serve', 'serve', 'notify']);
    expect(verdicts.slice(6).every((v) => v === 'drop')).toBe(true);
  });

  it('counts each user apart', async () => {
    const gate = createFloodGate({ points: 2, durationSec: 60 });
    expect([await gate.check('a'), await gate.check('a'), await gate.check('a')]).toEqual([
      'serve',
      'serve',
      'notify',
    ]);
    expect(await gate.check('b')).toBe('serve');
  });

  it('serves again, and would notify again, in the next window', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const gate = createFloodGate({ points: 1, durationSec: 3 });
    expect([await gate.check('a'), await gate.check('a'), await gate.check('a')]).toEqual([
      'serve',
      'notify',
      'drop',
    ]);
    vi.advanceTimersByTime(3100);
    expect([await gate.check('a'), await gate.check('a')]).toEqual(['serve', 'notify']);
  });
});
