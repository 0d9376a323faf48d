import { parseViNumber, toCanonical } from '../numbers/index.js';
import { readComparator } from './comparators.js';
import type { PlanLine } from './lines.js';
import { measureOf } from './measure.js';
import { capitalize, fold } from './text.js';
import type { ExtractedIndicator, ExtractionFlag } from './types.js';
import { readUnit } from './units.js';

/**
 * Plans often give their targets as a table: STT | Chỉ tiêu | ĐVT | Thực hiện 2024 | Kế hoạch 2025.
 * The header says which column is the name, the unit and the target(s); columns of results, estimates
 * and comparisons are baselines, never targets. With several target columns ("Huyện giao", "Xã phấn
 * đấu") each header is the target's source. Without a header the last figure of the row is the target.
 */
export interface TableColumns {
  name: number;
  unit: number | null;
  targets: { index: number; source: string | null }[];
}

const NAME = /(chi tieu|noi dung|ten|linh vuc|danh muc)/;
const UNIT = /^(dvt|d\.v\.t|don vi)/;
const BASELINE =
  /(thuc hien|uoc|cung ky|nam truoc|hien trang|ket qua|so sanh|so voi|tang giam|ghi chu|\bth\b|\bth \d|ty le (%|dat))/;
const TARGET = /(ke hoach|chi tieu|muc tieu|phan dau|giao|\bkh\b|20\d\d)/;
const STT = /^(stt|tt|so tt|so thu tu)$/;

/** A header row: its cells are words, and one of them names the indicators or their unit. */
export function readHeader(cells: readonly string[]): TableColumns | null {
  const folded = cells.map((c) => fold(c));
  if (folded.some((c) => /^[\d.,%\s]+$/.test(c) && c.trim() !== '')) return null;
  const name = folded.findIndex((c) => NAME.test(c) && !TARGET.test(c.replace(NAME, '')) && !STT.test(c));
  const unit = folded.findIndex((c) => UNIT.test(c));
  if (name < 0 && unit < 0) return null;
  const candidates = folded
    .map((c, index) => ({ c, index }))
    .filter(
      ({ c, index }) =>
        index !== name && index !== unit && !STT.test(c) && c !== '' && !BASELINE.test(c) && TARGET.test(c),
    );
  const several = candidates.length > 1;
  return {
    name:
      name >= 0
        ? name
        : Math.max(
            0,
            folded.findIndex((c) => !STT.test(c) && c !== ''),
          ),
    unit: unit >= 0 ? unit : null,
    targets: candidates.map(({ index }) => ({ index, source: several ? (cells[index] ?? null) : null })),
  };
}

const NUMBER_IN_CELL = /(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)/;

function readCellNumber(cell: string): { value: string; before: string; after: string } | null {
  const match = NUMBER_IN_CELL.exec(cell);
  if (!match?.[1]) return null;
  const parsed = parseViNumber(match[1]);
  if (!parsed.ok) return null;
  return {
    value: toCanonical(parsed.value),
    before: cell.slice(0, match.index),
    after: cell.slice(match.index + match[1].length),
  };
}

function unitOf(
  row: readonly string[],
  columns: TableColumns | null,
  name: string,
  after: string,
): { unit: string | null; name: string } {
  const column = columns?.unit;
  if (column !== null && column !== undefined) {
    const written = (row[column] ?? '').trim().toLocaleLowerCase('vi');
    return { unit: written === '' ? null : written.replace(/^phần trăm$/, '%'), name };
  }
  const inName = /\(([^()]{1,20})\)\s*$/.exec(name);
  if (inName?.[1] && readUnit(inName[1], fold(inName[1]), 0))
    return { unit: inName[1].trim().toLocaleLowerCase('vi'), name: name.slice(0, inName.index).trim() };
  const trailing = readUnit(after, fold(after), 0);
  return { unit: trailing?.unit ?? null, name };
}

const OUTCOME_CELL = /^(dat|giu vung|hoan thanh|duy tri|co)$/;

/**
 * One table row into an indicator, or null (a section row, an empty row). `isPart` says the row is a
 * part of the row above ("1.1", "- trong đó …").
 */
export function indicatorOfRow(
  line: PlanLine,
  columns: TableColumns | null,
  category: string | null,
): { indicator: ExtractedIndicator; isPart: boolean } | null {
  const row = line.cells ?? [];
  const stt = columns && columns.name > 0 ? (row[0] ?? '') : '';
  const nameCell = columns
    ? (row[columns.name] ?? '')
    : (row.find((c) => /\p{L}{2,}/u.test(c) && !/^[IVXL]+$/.test(c)) ?? '');
  const rawName = nameCell.replace(/^[-+•*]\s*/, '').trim();
  if (rawName === '') return null;
  const targetCells =
    columns && columns.targets.length > 0
      ? columns.targets.map((t) => ({ cell: row[t.index] ?? '', source: t.source }))
      : [...row]
          .reverse()
          .filter((c) => readCellNumber(c) !== null)
          .slice(0, 1)
          .map((cell) => ({ cell, source: null }));
  const isPart = /^\d+\.\d+/.test(stt.trim()) || /^[-+]/.test(nameCell) || /^trong do/.test(fold(rawName));
  const flags: ExtractionFlag[] = [];
  const targets: ExtractedIndicator['targets'] = [];
  let unit: string | null = null;
  let name = rawName;
  let boolean = false;
  for (const { cell, source } of targetCells) {
    const number = readCellNumber(cell);
    if (!number) {
      if (OUTCOME_CELL.test(fold(cell).trim())) boolean = true;
      continue;
    }
    const read = unitOf(row, columns, name, number.after);
    unit = read.unit;
    name = read.name;
    const reading = readComparator(fold(number.before), fold(number.after), fold(name), number.value, false);
    if (!reading.explicit && !flags.includes('assumed_comparator')) flags.push('assumed_comparator');
    targets.push({
      source: source ? capitalize(source) : null,
      comparator: reading.comparator,
      value: number.value,
    });
  }
  if (targets.length === 0 && !boolean) return null;
  const cleanName = capitalize(name.replace(/^trong đó[:,]?\s*/iu, ''));
  if (targets.length === 0) {
    return {
      isPart,
      indicator: {
        name: cleanName,
        category,
        unit: null,
        measure: 'boolean',
        targets: [{ source: null, comparator: '=', value: '1' }],
        children: [],
        line: line.number,
        sourceText: line.raw,
        confidence: 0.6,
        flags: ['boolean_goal'],
      },
    };
  }
  if (unit === null) flags.push('unknown_unit');
  let confidence =
    0.9 -
    (flags.includes('assumed_comparator') ? 0.1 : 0) -
    (flags.includes('unknown_unit') ? 0.3 : 0) -
    (columns ? 0 : 0.2);
  confidence = Math.round(confidence * 100) / 100;
  return {
    isPart,
    indicator: {
      name: cleanName,
      category,
      unit,
      measure: measureOf(fold(cleanName), unit),
      targets,
      children: [],
      line: line.number,
      sourceText: line.raw,
      confidence,
      flags,
    },
  };
}

/** A row that only names a section of the table ("II | VĂN HÓA - XÃ HỘI | | |"): the category of the rows below. */
export function sectionOfRow(line: PlanLine): string | null {
  const cells = (line.cells ?? []).filter((c) => c !== '');
  if (cells.some((c) => /\d/.test(c) && !/^[IVXL]+\.?$|^[A-Z]\.?$/.test(c))) return null;
  const words = cells.filter((c) => /\p{L}{2,}/u.test(c) && !/^[IVXL]+\.?$/.test(c));
  if (words.length !== 1 || !words[0]) return null;
  const text = words[0].replace(/[:.]$/, '');
  return text === text.toLocaleUpperCase('vi') ? capitalize(text.toLocaleLowerCase('vi')) : text;
}
