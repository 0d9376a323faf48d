import { approvalButtons, onApprovalChoice } from './approval.js';
import {
  categoriesOf,
  categoryLines,
  indicatorLines,
  summaryLines,
  textChartLines,
} from '../reports/progress-view.js';
import type { ProgressReportData } from '../domain/progress/index.js';
import { capabilitiesOf } from './channel-capabilities.js';
import { choice, echo, line, reply } from './replies.js';
import { withWebLink } from './web-link.js';
import type { DialogState } from './state.js';
import type { Outcome, Turn } from './turn.js';
import type { Choice } from './types.js';

const BUTTONS_PER_PAGE = 12;

type ProgressState = Extract<DialogState, { name: 'progress' }>;

function summaryButtons(turn: Turn, nonce: string, data: ProgressReportData): Choice[][] {
  const categories = categoriesOf(data).map((category, i) => [
    choice(nonce, `c${i}`, 'progress:button.category', { category }),
  ]);
  const approval = approvalButtons(turn, nonce, data);
  if (!turn.renderers) return [...approval, ...categories];
  return [
    ...approval,
    ...categories,
    [choice(nonce, 'chart', 'progress:button.chart'), choice(nonce, 'xlsx', 'progress:button.xlsx')],
  ];
}

/** The chart or the Excel report of the plan, rendered once the step has committed. */
async function fileOutcome(
  turn: Turn,
  state: ProgressState,
  data: ProgressReportData,
  kind: 'chart' | 'xlsx',
): Promise<Outcome | null> {
  const renderers = turn.renderers;
  if (!renderers) return null;
  const { locale, now } = turn;
  const can = capabilitiesOf(turn.chat.channel);
  if (kind === 'xlsx' && !can.files) return spreadsheetLink(turn, state, data);
  // A channel that sends photos only from a URL: the chart's address, when the installation has one.
  const url =
    kind === 'chart' && !can.files && can.photosByUrl && turn.official
      ? await turn.repo.chartImageUrl(turn.official.id, now)
      : null;
  const stamp = data.progress.period?.key ?? 'tiendo';
  return {
    state,
    replies: [
      reply([
        line(kind === 'chart' ? 'progress:file.chart' : 'progress:file.xlsx', {
          campaign: data.campaign.title,
        }),
      ]),
    ],
    files: [
      kind === 'chart'
        ? {
            reply: 0,
            kind: 'photo',
            name: `tien-do-${data.campaign.code}-${stamp}.png`,
            render: () => renderers.chart(data, locale),
            fallback: textChartLines(data),
            ...(url ? { url } : {}),
          }
        : {
            reply: 0,
            kind: 'document',
            name: `bao-cao-${data.campaign.code}-${stamp}.xlsx`,
            render: async () => [await renderers.spreadsheet(data, locale, now)],
          },
    ],
  };
}

/**
 * The Excel report on a channel that sends no files: a signed download address (the link's lifetime,
 * the dashboard's purpose), or, without a public address, where else to get it.
 */
async function spreadsheetLink(turn: Turn, state: ProgressState, data: ProgressReportData): Promise<Outcome> {
  const url = turn.official ? await turn.repo.spreadsheetUrl(turn.official.id, turn.now) : null;
  if (!url) return { state, replies: [reply([line('progress:file.unavailable')])] };
  const message = reply([
    line('progress:file.xlsx', { campaign: data.campaign.title }),
    line('progress:file.xlsx_link', {}, 'muted'),
  ]);
  return { state, replies: [{ ...message, link: { label: { key: 'progress:file.xlsx_download' }, url } }] };
}

async function load(turn: Turn): Promise<ProgressReportData[]> {
  if (!turn.official) throw new Error('needs a linked official');
  return turn.repo.progress(turn.official.id, turn.now);
}

function summary(turn: Turn, all: ProgressReportData[]): Outcome {
  const nonce = turn.newNonce();
  const [first, ...others] = all;
  if (!first) return { state: { name: 'idle' }, replies: [reply([line('progress:none')])] };
  const options = { timeZone: turn.timeZone, now: turn.now };
  // Buttons drill into the first plan (the one running now); others are listed in full.
  return {
    state: { name: 'progress', nonce, category: null },
    replies: [
      ...others.map((data) => reply(summaryLines(data, options))),
      reply(summaryLines(first, options), summaryButtons(turn, nonce, first)),
    ],
  };
}

/**
 * `/tiendo` for the committee's leaders (the command table refuses anyone else); `/tiendo CODE` opens
 * one indicator.
 */
export async function showProgress(turn: Turn, args: string): Promise<Outcome> {
  if (turn.official?.role === 'province_admin') return showProvince(turn, args);
  const all = await load(turn);
  const code = args.trim();
  if (!code) {
    // The link with the command only: "back to the summary" is pressed often and would mint a link each time.
    const shown = summary(turn, all);
    const last = shown.replies.at(-1);
    if (all.length === 0 || !last) return shown;
    const linked = await withWebLink(turn, last, 'dashboard');
    return { ...shown, replies: [...shown.replies.slice(0, -1), linked] };
  }
  const found = all.map((data) => indicatorLines(data, code)).find((lines) => lines !== null);
  if (!found)
    return {
      state: turn.state,
      replies: [reply([line('progress:unknown_indicator', { code: echo(code) })])],
    };
  const nonce = turn.newNonce();
  return {
    state: { name: 'progress', nonce, category: null },
    replies: [reply(found, [[choice(nonce, 's', 'progress:button.summary')]])],
  };
}

/** A province user's `/tiendo`: the communes, or `/tiendo CATALOGUE_CODE` across them; read-only. */
async function showProvince(turn: Turn, args: string): Promise<Outcome> {
  if (!turn.official) throw new Error('needs a linked official');
  const code = args.trim();
  const lines = await turn.repo.provinceView(turn.official.id, turn.now, code || null);
  const shown = reply(lines);
  return { state: turn.state, replies: [code ? shown : await withWebLink(turn, shown, 'dashboard')] };
}

export async function onProgressChoice(
  turn: Turn,
  state: ProgressState,
  action: string,
): Promise<Outcome | null> {
  const all = await load(turn);
  const [data] = all;
  if (!data) return { state: { name: 'idle' }, replies: [reply([line('progress:none')])] };
  if (action === 's') return summary(turn, all);
  if (action === 'chart' || action === 'xlsx') return fileOutcome(turn, state, data, action);
  const approval = await onApprovalChoice(turn, state, action, data);
  if (approval) return approval;
  const categories = categoriesOf(data);
  const opened = /^c(\d+)$/.exec(action);
  if (opened) {
    const category = categories[Number(opened[1])];
    if (category === undefined) return null;
    const nonce = turn.newNonce();
    const indicators = data.progress.indicators
      .filter((i) => i.category === category)
      .slice(0, BUTTONS_PER_PAGE);
    return {
      state: { name: 'progress', nonce, category },
      replies: [
        reply(categoryLines(data, category), [
          ...indicators.map((indicator, i) => [
            choice(nonce, `i${i}`, 'progress:button.indicator', {
              code: indicator.code,
              name: indicator.name,
            }),
          ]),
          [choice(nonce, 's', 'progress:button.summary')],
        ]),
      ],
    };
  }
  const picked = /^i(\d+)$/.exec(action);
  if (picked && state.category !== null) {
    const indicator = data.progress.indicators.filter((i) => i.category === state.category)[
      Number(picked[1])
    ];
    const lines = indicator ? indicatorLines(data, indicator.code) : null;
    if (!lines) return null;
    const nonce = turn.newNonce();
    const back = categories.indexOf(state.category);
    return {
      state: { name: 'progress', nonce, category: state.category },
      replies: [
        reply(lines, [
          [
            choice(nonce, `c${back}`, 'progress:button.category', { category: state.category }),
            choice(nonce, 's', 'progress:button.summary'),
          ],
        ]),
      ],
    };
  }
  return null;
}
