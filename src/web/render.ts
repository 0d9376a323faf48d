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
  const helpers = (lang: Locale): PageHelpers => {
    const t = i18n.forLocale(lang);
    return {
      lang,
      t: (key, params = {}) => {
        const rendered: Record<string, string | number> = {};
        for (const [name, param] of Object.entries(params)) rendered[name] = i18n.text(param, lang);
        return t(key, rendered);
      },
      m: (message) => i18n.render(message, lang),
      value: (value, indicator) => i18n.text(valueParam(value, indicator), lang),
      targets: (indicator) =>
        indicator.measure === 'boolean'
          ? i18n.render({ key: 'common:boolean.achieved' }, lang)
          : describeTargets(
              indicator.targets.map((target) => ({
                ...target,
                comparator: target.comparator as '>=' | '<=' | '=',
              })),
              indicator.unit,
            ),
      goal: (comparator, value, indicator) =>
        i18n.text(targetParam({ comparator: comparator as '>=' | '<=' | '=', value }, indicator), lang),
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
