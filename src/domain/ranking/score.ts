import type { Criterion, Share } from './types.js';

/**
 * The weighted mean of the shares, in tenths of a percent, rounded half up — computed on integers so
 * that two entrants with the same figures always get the same score and a .x5 never rounds the wrong
 * way. A share with nothing due (d = 0) or a weight of 0 takes no part: the other weights count in
 * full. Null when no share takes part.
 */
export function scoreOf(
  shares: Partial<Record<Criterion, Share>>,
  weights: Partial<Record<Criterion, number>>,
): number | null {
  const parts: { w: bigint; n: bigint; d: bigint }[] = [];
  for (const [criterion, weight] of Object.entries(weights) as [Criterion, number][]) {
    const share = shares[criterion];
    if (!share || share.d <= 0 || weight <= 0) continue;
    parts.push({ w: BigInt(weight), n: BigInt(share.n), d: BigInt(share.d) });
  }
  if (parts.length === 0) return null;
  // Σ w·n/d ÷ Σ w = Σ (w·n·Π other d) ÷ (Σ w · Π d)
  const product = parts.reduce((p, part) => p * part.d, 1n);
  const numerator = parts.reduce((sum, part) => sum + (part.w * part.n * product) / part.d, 0n) * 1000n;
  const denominator = parts.reduce((sum, part) => sum + part.w, 0n) * product;
  return Number((2n * numerator + denominator) / (2n * denominator));
}

/**
 * Exact comparison of two shares (positive: `a` is the higher). A share with nothing due is below any
 * other and equal to another such.
 */
export function compareShares(a: Share | undefined, b: Share | undefined): number {
  const aEmpty = !a || a.d <= 0;
  const bEmpty = !b || b.d <= 0;
  if (aEmpty || bEmpty) return aEmpty === bEmpty ? 0 : aEmpty ? -1 : 1;
  return a.n * b.d - b.n * a.d;
}

/** A share as a percent with one decimal, rounded half up ("87.5"); null for nothing due. */
export function percentOf(share: Share | undefined): string | null {
  if (!share || share.d <= 0) return null;
  const tenths = Math.floor((2 * 1000 * share.n + share.d) / (2 * share.d));
  return (tenths / 10).toFixed(1);
}
