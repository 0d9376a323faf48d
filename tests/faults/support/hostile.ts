import type { Prng } from './prng.js';

/**
 * Hostile and odd inputs an official's phone (or someone forging updates) can send: numbers in every
 * notation, Unicode edge cases, markup and SQL fragments, control characters, very long texts.
 */

/** Numbers as people and spreadsheets write them, and things that only look like numbers. */
export const NUMBERISH = [
  '185',
  '1.234,5',
  '1,234.5',
  '1e9',
  '1E-9',
  '-0',
  '+0',
  'NaN',
  'Infinity',
  '∞',
  '-∞',
  '９９',
  '１２３４,５',
  '1234567890123456789012345',
  '-1234567890123456789012345',
  '999999999999999999',
  '9999999999999999999',
  '0,0000000001',
  '0,00000000001',
  '-5',
  '−12',
  '--3',
  '3-',
  '+7',
  '0x1F',
  '0b101',
  '1/2',
  '½',
  '٣٤',
  '١٢٣',
  '१२',
  '1,5,6',
  '1..2',
  ',5',
  '5,',
  '.5',
  '5.',
  '1 270',
  '1.000.000',
  '1 000 000 000 000 000 000 000',
  '11.807',
  '0,32',
  '8,54 tỷ',
  '8,54 tỉ',
  '999999999999999 tỷ',
  '95,5%',
  '95,5 %',
  '150%',
  '0,5‰',
  '12 người',
  '1.409 tấn',
  '3 triệu',
  '185\u200b',
  '\u200d185',
  '1\u00a0234',
  '1\u202f234',
  '\u202e185',
  '185\u0000',
  '1_000',
  '1e400',
  '-1e400',
  '00000000000000000000001',
  '0,10000000000',
  '12,3456789012',
  '1.2.3.4',
  '١',
  '٫٥',
  '1٫5',
  '⁵',
  '²³',
  'đạt',
  'chưa đạt',
  'ĐẠT',
  'dat',
  'x',
  'co',
  'Có',
  'y',
  'no',
  '0',
  '1',
  'true',
  'false',
  'đúng',
  'ok',
  'OK',
  'Đồng ý',
  'hoàn thành',
  'không',
  ' 42 ',
  '\t42\n',
  '42\n43',
] as const;

/** Markup, injection and Unicode fragments. */
export const FRAGMENTS = [
  '<b>',
  '</b>',
  '</a>',
  '<a href="javascript:alert(1)">x</a>',
  '<script>alert(1)</script>',
  '<i><b>',
  '</pre>',
  '<tg-spoiler>',
  '&amp;',
  '&lt;',
  '&#60;',
  '&#x3c;',
  '&',
  '&;',
  '&#;',
  '<',
  '>',
  '"',
  "'",
  '`',
  `'; DROP TABLE "Report";--`,
  `" OR 1=1 --`,
  `'); DELETE FROM "Official"; --`,
  '%',
  '_',
  '\\',
  '\\u0000',
  '${x}',
  '{{name}}',
  '{{count}}',
  '$t(dialog:welcome)',
  'dialog:welcome',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  '[object Object]',
  '\u0000',
  '\u0001',
  '\u0007',
  '\u0008',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u2029',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2069',
  '\ufeff',
  '\ufffd',
  '\ufffe',
  '\ud800',
  '\udfff',
  '\ud83d',
  '\ude00',
  '👨‍👩‍👧‍👦',
  '🇻🇳',
  '🙂',
  '🏳️‍🌈',
  'e\u0302\u0323',
  'a\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307',
  'ệ',
  'Nguyễn Thị Hoà',
  'Hòa',
  'ﷺ',
  '𝕏',
  '\r\n',
  '\n\n\n',
  '\t',
  ' ',
  '\u00a0',
  '\u3000',
  'báo cáo',
  'bỏ qua',
  'dừng',
  '/baocao',
  '/huy',
  'remind:baocao',
  'n1:ok',
] as const;

const WORDS = [
  'Số',
  'liệu',
  'ước',
  'tính',
  'theo',
  'Chi',
  'cục',
  'Thuế',
  'quý',
  'III',
  'đã',
  'rà',
  'soát',
  'xã',
  'thôn',
];

/** Code points from planes and ranges that break naive code: controls, surrogates, combining marks, private use. */
const RANGES: readonly (readonly [number, number])[] = [
  [0x00, 0x1f],
  [0x20, 0x7e],
  [0x80, 0x9f],
  [0xc0, 0x24f],
  [0x300, 0x36f],
  [0x590, 0x6ff],
  [0x1e00, 0x1eff],
  [0x2000, 0x206f],
  [0xd800, 0xdfff],
  [0xe000, 0xe0ff],
  [0xfe00, 0xfe0f],
  [0xff00, 0xffef],
  [0x1f300, 0x1faff],
  [0xe0000, 0xe007f],
];

function randomCodeUnits(rng: Prng, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) {
    const [low, high] = rng.pick(RANGES);
    // Surrogates go in one at a time on purpose: lone halves are part of what is tested.
    text += String.fromCodePoint(rng.int(low, high));
  }
  return text;
}

function repeatTo(piece: string, length: number): string {
  if (piece.length === 0) return '';
  return piece.repeat(Math.ceil(length / piece.length)).slice(0, length);
}

/** A long text: 4 096 ± a few, or up to 10 kB, with or without spaces and line breaks. */
export function longText(rng: Prng): string {
  const length = rng.pick([4095, 4096, 4097, 4200, 5000, 8192, 10_240, rng.int(300, 10_240)]);
  const kind = rng.int(0, 5);
  if (kind === 0) return repeatTo('a', length);
  if (kind === 1) return repeatTo('<b>&amp;🙂 ', length);
  if (kind === 2) return repeatTo('Nguyễn Thị Hoà báo cáo số liệu\n', length);
  if (kind === 3) return repeatTo('ệ', length);
  if (kind === 4) return randomCodeUnits(rng, Math.min(length, 3000));
  return repeatTo(`${rng.pick(FRAGMENTS)}${rng.pick(NUMBERISH)}`, length);
}

/** A hostile text: a mix of numbers, fragments, words and random code points; sometimes very long. */
export function hostileText(rng: Prng): string {
  if (rng.chance(0.04)) return longText(rng);
  if (rng.chance(0.03)) return '';
  const parts = rng.int(1, 5);
  let text = '';
  for (let i = 0; i < parts; i++) {
    text += rng.weighted<() => string>([
      [4, () => rng.pick(NUMBERISH)],
      [4, () => rng.pick(FRAGMENTS)],
      [2, () => rng.pick(WORDS)],
      [2, () => randomCodeUnits(rng, rng.int(1, 12))],
      [1, () => ' '],
    ])();
  }
  return text;
}

/** A figure that a question most likely accepts, so conversations get past the value step. */
export function plausibleNumber(rng: Prng): string {
  return rng.pick([
    '185',
    '290',
    '8.540,5',
    '0,3',
    '95,2',
    '100',
    '1.409',
    '12',
    '0',
    '7,5',
    '11.807',
    '3.000',
    '94,8',
    '250',
  ]);
}

/** A note an official might add, or a hostile one. */
export function noteText(rng: Prng): string {
  return rng.weighted<() => string>([
    [2, () => rng.pick(['ước tính', 'Số liệu của Chi cục Thuế', 'đã rà soát', '   '])],
    [2, () => hostileText(rng)],
    [1, () => longText(rng)],
    [2, () => repeatTo(rng.pick(['x', 'ệ', '🙂', '\u0000']), rng.pick([499, 500, 501, 1000]))],
  ])();
}

/** Arguments of a command: usually none, else hostile, an indicator code, a date, or very long. */
export function commandArgs(rng: Prng, codes: readonly string[]): string {
  return rng.weighted<() => string>([
    [6, () => ''],
    [2, () => hostileText(rng)],
    [2, () => rng.pick(codes)],
    [
      1,
      () =>
        rng.pick([
          '30/11',
          '31/02',
          '2026-13-01',
          '2026-09-20',
          '1/1/2030',
          '99/99/9999',
          'bat',
          'bật',
          'on',
          'tiep',
          '15.9',
          '0/0',
        ]),
    ],
    [1, () => rng.pick(['ABCDE-FGHJK', 'abcdefghjk', '3XRPG9ACAQ', 'X'.repeat(10), '😀😀😀😀😀😀😀😀😀😀'])],
    [1, () => longText(rng)],
  ])();
}

/**
 * Button data nobody offered: random bytes, the right shape with a guessed nonce, real nonces with
 * actions of another step or out of range, empty, over 64 bytes.
 */
export function forgedToken(rng: Prng, knownNonces: readonly string[]): string {
  const actions = [
    'ok',
    'edit',
    'note',
    'nonote',
    'skip',
    'stop',
    'yes',
    'no',
    'done',
    'p0',
    'p11',
    'p12',
    'p99',
    'p-1',
    'p007',
    'p1e1',
    'vi',
    'en',
    'fr',
    's',
    'chart',
    'xlsx',
    'c0',
    'c99',
    'c-1',
    'i0',
    'i12',
    'i999',
    'p7',
    'p14',
    'on',
    '',
    ':',
    'ok:ok',
    '__proto__',
  ];
  const nonce =
    knownNonces.length > 0 && rng.chance(0.6)
      ? rng.pick(knownNonces)
      : rng.pick(['', 'n', 'x1', 'AAAA', 'remind', '🙂', '\u0000']);
  return rng.weighted<() => string>([
    [5, () => `${nonce}:${rng.pick(actions)}`],
    [2, () => rng.pick(actions)],
    [1, () => hostileText(rng).slice(0, 64)],
    [1, () => repeatTo(`${nonce}:ok`, rng.pick([64, 65, 200]))],
    [1, () => rng.pick(['', ':', '::', 'remind:', 'remind:baocao ', 'REMIND:BAOCAO', 'remind:huy'])],
  ])();
}

export interface HostileDocument {
  name: string;
  /** what the platform announces; null when it does not say, sometimes a lie */
  size: number | null;
  mimeType: string | null;
  bytes: Uint8Array;
}

const encoder = new TextEncoder();

/** A file sent to the bot: a real plan (of either organization), or hostile YAML, text or bytes, under odd names. */
export function hostileDocument(rng: Prng, plans: readonly Uint8Array[]): HostileDocument {
  const bytes = rng.weighted<() => Uint8Array>([
    [3, () => rng.pick(plans)],
    [
      2,
      () =>
        encoder.encode(
          `organization: { code: "${hostileText(rng)}", name: "${hostileText(rng)}" }\ncampaign:\n  title: ${hostileText(rng)}\nindicators: [${hostileText(rng)}]\n`,
        ),
    ],
    [2, () => encoder.encode(hostileText(rng))],
    [1, () => encoder.encode(longText(rng))],
    [1, () => Uint8Array.from({ length: rng.int(0, 2000) }, () => rng.int(0, 255))],
    [1, () => encoder.encode('a: &a [*a, *a, *a]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b]\n')],
  ])();
  const name = rng.weighted<() => string>([
    [
      4,
      () =>
        rng.pick([
          'ke-hoach.yaml',
          'KE HOACH 2026.YML',
          'ke-hoach.txt',
          'ke-hoach.docx',
          'ke-hoach.pdf',
          'tep',
        ]),
    ],
    [2, () => `${hostileText(rng).slice(0, 200)}.yaml`],
    [1, () => `\u202e${rng.pick(['lmay', 'txt'])}.exe`],
    [1, () => `${'<b>&amp;'.repeat(rng.int(1, 60))}.txt`],
  ])();
  const size = rng.weighted<() => number | null>([
    [6, () => bytes.byteLength],
    [1, () => null],
    [1, () => rng.pick([0, 1, 20 * 1024 * 1024, Number.MAX_SAFE_INTEGER])],
  ])();
  return {
    name,
    size,
    mimeType: rng.pick([null, 'application/yaml', 'text/plain', 'application/pdf', '<b>']),
    bytes,
  };
}
