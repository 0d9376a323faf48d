import { extractPlan } from '../../domain/plan-extraction/index.js';
import type { ExtractedPlan } from '../../domain/plan-extraction/types.js';
import { readPlanDocument } from './index.js';
import type { DocumentProblem, DocumentText } from './types.js';

export type ReadPlan = { ok: true; document: DocumentText; extracted: ExtractedPlan } | DocumentProblem;

/** A document read and its plan extracted, in the calling thread: what the reading worker runs. */
export async function readAndExtract(bytes: Uint8Array, fileName: string, today: string): Promise<ReadPlan> {
  const document = await readPlanDocument(bytes, fileName);
  if (!document.ok) return document;
  return { ok: true, document, extracted: extractPlan({ lines: document.lines, today }) };
}
