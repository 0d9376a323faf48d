import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';

/**
 * The baseline: a bare telegraf bot that echoes every text and answers every button press with one
 * message. It is fed by the same loop as tiendo's Telegram adapter (getUpdates, then a pause of
 * `pollIdleMs` when nothing came, each update handled without waiting for the previous one), so the two
 * differ only by what tiendo does with an update: dialog, database, rendering.
 */
export interface EchoBot {
  stop(): Promise<void>;
}

export function startEchoBot(options: { token: string; apiRoot: string; pollIdleMs: number }): EchoBot {
  const bot = new Telegraf(options.token, { telegram: { apiRoot: options.apiRoot, webhookReply: false } });
  bot.on('text', (ctx) => ctx.reply(ctx.message.text).then(() => undefined));
  bot.on('callback_query', async (ctx) => {
    await ctx.answerCbQuery();
    await ctx.reply('ok');
  });
  const controller = new AbortController();
  const loop = (async () => {
    let offset: number | undefined;
    while (!controller.signal.aborted) {
      const updates: Update[] = await bot.telegram.callApi('getUpdates', {
        offset,
        timeout: 30,
        allowed_updates: ['message', 'callback_query'],
      });
      for (const update of updates) {
        offset = Math.max(offset ?? 0, update.update_id + 1);
        void bot.handleUpdate(update);
      }
      if (updates.length === 0) await new Promise((resolve) => setTimeout(resolve, options.pollIdleMs));
    }
  })();
  return {
    async stop() {
      controller.abort();
      await loop;
    },
  };
}
