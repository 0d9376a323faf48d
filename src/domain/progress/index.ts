export { evaluateProgress } from './evaluate.js';
export { BEHIND_FLOOR, targetProgress, worst } from './status.js';
export * from './types.js';
