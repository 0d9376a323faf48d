import { describe, expect, it } from 'vitest';
import { createChatQueue } from '../../src/channels/chat-queue.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createChatQueue', () => {
  it('runs one chat’s tasks strictly in order, even when the first is the slowest', async () => {
    const queue = createChatQueue();
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await tick(ms);
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([
      queue.run('a', task('1', 30)),
      queue.run('a', task('2', 1)),
      queue.run('a', task('3', 10)),
    ]);
    expect(results).toEqual(['1', '2', '3']);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('runs different chats concurrently: a slow chat blocks nobody else', async () => {
    const queue = createChatQueue();
    const done: string[] = [];
    const slow = queue.run('a', async () => {
      await tick(50);
      done.push('a');
    });
    const quick = queue.run('b', async () => {
      await tick(1);
      done.push('b');
    });
    await quick;
    expect(done).toEqual(['b']);
    await slow;
    expect(done).toEqual(['b', 'a']);
  });

  it('keeps going after a task fails, and the failure reaches that task’s caller only', async () => {
    const queue = createChatQueue();
    const ran: string[] = [];
    const failing = queue.run('a', async () => {
      ran.push('1');
      throw new Error('database down');
    });
    const throwingSync = queue.run('a', () => {
      ran.push('2');
      throw new Error('not even a promise');
    });
    const next = queue.run('a', async () => {
      ran.push('3');
      return 'ok';
    });
    await expect(failing).rejects.toThrow('database down');
    await expect(throwingSync).rejects.toThrow('not even a promise');
    await expect(next).resolves.toBe('ok');
    expect(ran).toEqual(['1', '2', '3']);
  });

  it('counts pending tasks, forgets idle chats and tells when all is done', async () => {
    const queue = createChatQueue();
    let finished = 0;
    for (const key of ['a', 'a', 'b']) {
      void queue.run(key, async () => {
        await tick(10);
        finished += 1;
      });
    }
    expect(queue.pending).toBe(3);
    await queue.idle();
    expect(finished).toBe(3);
    expect(queue.pending).toBe(0);
  });
});
