import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type TFunction } from 'i18next';
import type { Message, Param } from './domain/message.js';

export type { Message };

export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type Translate = TFunction;

export const LOCALES_DIR = fileURLToPath(new URL('../locales/', import.meta.url));

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** Every locales/<lng>/<namespace>.json file, read now (never at import time). */
export function loadResources(dir: string = LOCALES_DIR): Resources {
  const resources: Resources = {};
  for (const lng of LOCALES) {
    const namespaces: Record<string, Record<string, unknown>> = {};
    for (const file of readdirSync(join(dir, lng)).filter((f) => f.endsWith('.json'))) {
      namespaces[basename(file, '.json')] = JSON.parse(readFileSync(join(dir, lng, file), 'utf8')) as Record<
        string,
        unknown
      >;
    }
    resources[lng] = namespaces;
  }
  return resources;
}

export interface I18n {
  t: Translate;
  /** The same translator bound to another language (an official's own choice). */
  forLocale(locale: Locale): Translate;
  render(message: Message, locale?: Locale): string;
  /** a message parameter as text: a string as it is, a message rendered */
  text(param: Param, locale?: Locale): string;
}

function renderMessage(t: Translate, message: Message): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.params ?? {})) {
    params[name] = typeof value === 'object' ? renderMessage(t, value) : value;
  }
  return String(t(message.key, params));
}

export function createI18n(locale: Locale, resources: Resources = loadResources()): I18n {
  const instance = i18next.createInstance();
  const namespaces = Object.keys(resources.vi ?? {});
  void instance.init({
    lng: locale,
    fallbackLng: 'vi',
    resources,
    ns: namespaces,
    defaultNS: 'common',
    initAsync: false,
    // Telegram's HTML escaping is done by the channel adapter, not here.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const forLocale = (lng: Locale): Translate => instance.getFixedT(lng);
  return {
    t: instance.t.bind(instance),
    forLocale,
    render: (message, lng = locale) => renderMessage(forLocale(lng), message),
    text: (param, lng = locale) =>
      typeof param === 'object' ? renderMessage(forLocale(lng), param) : String(param),
  };
}
