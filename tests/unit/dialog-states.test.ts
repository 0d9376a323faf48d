import { describe, expect, it } from 'vitest';
import { STATE_HANDLERS, type StateHandlers, type StateKind } from '../../src/dialog/state-handlers.js';
import { stateSchema } from '../../src/dialog/state.js';

/**
 * The states' handlers are a map over the states' names: the compiler keeps it complete (the
 * `@ts-expect-error` lines below fail `npm run typecheck` the day they compile), and at run time it has
 * an entry for every state the schema reads, nothing else.
 */
describe('the state handlers', () => {
  it('have an entry for every persisted state, with its four handlers', () => {
    const names = stateSchema.options.map((option) => option.shape.name.value);
    expect(Object.keys(STATE_HANDLERS).sort()).toEqual([...names].sort());
    for (const handlers of Object.values(STATE_HANDLERS))
      for (const handler of [handlers.choice, handlers.text, handlers.pending, handlers.cancel])
        expect(typeof handler).toBe('function');
  });

  it('do not compile without a state, nor with the handlers of another', () => {
    const { idle: _idle, ...withoutIdle } = STATE_HANDLERS;
    // @ts-expect-error: the idle state has no handlers
    const incomplete: { [K in StateKind]: StateHandlers<K> } = withoutIdle;
    const mixed: { [K in StateKind]: StateHandlers<K> } = {
      ...STATE_HANDLERS,
      // @ts-expect-error: the reporting handlers read a reporting state, not a choice of indicators
      picking: STATE_HANDLERS.reporting,
    };
    expect([incomplete, mixed].every((map) => typeof map === 'object')).toBe(true);
  });
});
