import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Figure } from './figures.js';
import type { Machine } from './machine.js';

export interface Results {
  machine: Machine;
  quick: boolean;
  benchmarks: { name: string; date: string; seconds: number; figures: Figure[]; error?: string }[];
}

const START = '<!-- results:start -->';
const END = '<!-- results:end -->';

function verdict(pass: boolean | null): string {
  return pass === null ? '—' : pass ? 'pass' : '**miss**';
}

function formatValue(value: number, unit: string): string {
  return unit ? `${value} ${unit}` : String(value);
}

export function resultsTable(results: Results): string {
  const { machine } = results;
  const lines = [
    `Run ${machine.date} on ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB RAM, ${machine.os}, Node ${machine.node}` +
      ` (1-minute load average at the start of the last run: ${machine.loadAverage}).${results.quick ? ' **Quick sizes (smoke run): not the figures of the issue.**' : ''}`,
    '',
    '| Benchmark | Figure | Baseline (same run) | Target | Result |',
    '|---|---|---|---|---|',
  ];
  for (const benchmark of results.benchmarks) {
    if (benchmark.error)
      lines.push(
        `| ${benchmark.name} | failed: ${benchmark.error.replaceAll('|', '\\|').slice(0, 200)} | | | **miss** |`,
      );
    for (const figure of benchmark.figures) {
      const baseline = figure.baseline
        ? `${formatValue(figure.baseline.value, figure.baseline.unit)} (${figure.baseline.label})`
        : '';
      const value =
        formatValue(figure.value, figure.unit) + (figure.note && figure.baseline ? ` (${figure.note})` : '');
      lines.push(`| ${figure.label} | ${value} | ${baseline} | ${figure.target} | ${verdict(figure.pass)} |`);
    }
  }
  lines.push(
    '',
    `Run times: ${results.benchmarks.map((b) => `${b.name} ${(b.date ?? '').slice(0, 16).replace('T', ' ')} UTC (${b.seconds} s)`).join(', ')}.`,
  );
  const notes = results.benchmarks.flatMap((b) =>
    b.figures.filter((f) => f.note && !f.baseline).map((f) => `- ${f.label}: ${f.note}`),
  );
  if (notes.length > 0) lines.push('', ...notes);
  return lines.join('\n');
}

/** Replaces what lies between the markers of `readmePath` with the table; the text around it is kept. */
export function writeReadmeTable(readmePath: string, results: Results): void {
  const text = readFileSync(readmePath, 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${readmePath} has no ${START} … ${END} markers`);
  writeFileSync(
    readmePath,
    `${text.slice(0, from + START.length)}\n${resultsTable(results)}\n${text.slice(to)}`,
  );
}

/**
 * A partial run (--only, --backends) replaces its figures in the results already written and keeps the
 * others, each benchmark with the date it last ran; the machine is the latest run's.
 */
export function mergeResults(previous: Results | null, latest: Results, order: readonly string[]): Results {
  if (!previous || previous.quick !== latest.quick) return latest;
  const byName = new Map(previous.benchmarks.map((b) => [b.name, b]));
  for (const benchmark of latest.benchmarks) {
    // A run on fewer databases (--backends) keeps the other databases' figures of the same benchmark.
    const kept = (byName.get(benchmark.name)?.figures ?? []).filter(
      (old) => !benchmark.figures.some((f) => f.name === old.name),
    );
    byName.set(benchmark.name, { ...benchmark, figures: [...benchmark.figures, ...kept] });
  }
  return { ...latest, benchmarks: order.flatMap((name) => byName.get(name) ?? []) };
}

export function readResults(path: string): Results | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Results;
  } catch {
    return null;
  }
}

export function writeResults(path: string, results: Results): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}
