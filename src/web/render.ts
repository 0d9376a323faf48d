import { Eta } from 'eta';
import { formatLocalDateTime } from '../domain/calendar/index.js';
import { describeTargets, targetParam, valueParam } from '../domain/indicators/describe.js';
import { formatViNumber } from '../domain/numbers/index.js';
import type { Message, Param } from '../domain/message.js';
import type { Measure } from '../domain/plan/plan.js';
import type { I18n, Locale } from '../i18n.js';
import { VIEWS_DIR } from './paths.js';

/**
 * The pages are Eta templates (web/views/) with auto-escaping: every `<%= %>` is HTML-escaped, and
 * the templates use `<%~ %>` only for include() and the layout's body. The helpers given to a template
 * render i18n keys and the domain's formatting in the page's language.
 */
export interface PageHelpers {
  lang: Locale;
  t(key: string, params?: Record<string, Param>): string;
  /** a domain message (period names, parse errors, warnings) */
  m(message: Message): string;
  /** a stored value as the chat shows it: "8.540,5 triệu đồng", "đạt" */
  value(value: string, indicator: { unit: string; measure: Measure }): string;
  targets(indicator: {
    unit: string;
    measure: Measure;
    targets: { source: string; comparator: string; value: string }[];
  }): string;
  /** one target: "≥ 11.807 triệu đồng", or "đạt" for a yes/no goal */
  goal(comparator: string, value: string, indicator: { unit: string; measure: Measure }): string;
  /** a number the Vietnamese way without its unit, as an input's value ("8.540,5") */
  plain(value: string, maxFractionDigits?: number): string;
  /** a percentage with one decimal ("72,3") */
  percent(value: string): string;
  dateTime(instant: Date): string;
}

export interface PageRenderer {
  render(view: string, locale: Locale, data: Record<string, unknown>): string;
  helpers(locale: Locale): PageHelpers;
}

export function createPageRenderer(i18n: I18n, options: { timeZone: string; views?: string }): PageRenderer {
  const eta = new Eta({
    views: options.views ?? VIEWS_DIR,
    autoEscape: true,
    cache: true,
    defaultExtension: '.eta',
  });
  const translations = new TranslationCache(i18n);
  const helpers = (lang: Locale): PageHelpers => {
    const text = (param: Param): string => translations.text(lang, param);
    return {
      lang,
      // A number given to t() is text, as ever (i18next then picks no plural form from it); one inside
      // a message stays a number.
      t: (key, params = {}) =>
        translations.text(lang, {
          key,
          params: Object.fromEntries(
            Object.entries(params).map(([name, p]) => [name, typeof p === 'number' ? String(p) : p]),
          ),
        }),
      m: (message) => text(message),
      value: (value, indicator) => text(valueParam(value, indicator)),
      targets: (indicator) =>
        indicator.measure === 'boolean'
          ? text({ key: 'common:boolean.achieved' })
          : describeTargets(
              indicator.targets.map((target) => ({
                ...target,
                comparator: target.comparator as '>=' | '<=' | '=',
              })),
              indicator.unit,
            ),
      goal: (comparator, value, indicator) =>
        text(targetParam({ comparator: comparator as '>=' | '<=' | '=', value }, indicator)),
      plain: (value, maxFractionDigits) =>
        formatViNumber(value, maxFractionDigits === undefined ? {} : { maxFractionDigits }),
      percent: (value) => formatViNumber(value, { maxFractionDigits: 1 }),
      dateTime: (instant) => formatLocalDateTime(instant, options.timeZone),
    };
  };
  return {
    helpers,
    render: (view, locale, data) => eta.render(`./${view}`, { ...data, h: helpers(locale) }),
  };
}

/** Entries kept before the cache starts again: far more than the distinct texts of a day's pages. */
const CACHE_LIMIT = 20_000;

/**
 * The texts of the pages, each translated once: i18next takes 20–90 µs a call on this machine, and the
 * dashboard asks for ~300 texts, most of them the same few labels ("Đúng tiến độ", "Nhắc ngay", a target
 * "≥ 290 người") on every request — a third of its server time before this cache. The translations are
 * read once at start and never change, so a text is a pure function of its language, key and parameters.
 */
class TranslationCache {
  private readonly cache = new Map<string, string>();
  constructor(private readonly i18n: I18n) {}

  text(lang: Locale, param: Param): string {
    if (typeof param !== 'object') return String(param);
    const id = `${lang}\u0000${JSON.stringify(param)}`;
    const known = this.cache.get(id);
    if (known !== undefined) return known;
    const params: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(param.params ?? {}))
      params[name] = typeof value === 'object' ? this.text(lang, value) : value;
    const rendered = String(this.i18n.forLocale(lang)(param.key, params));
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(id, rendered);
    return rendered;
  }
}
