export * from './types.js';
export { compareShares, percentOf, scoreOf } from './score.js';
export { classify, rankEntrants } from './rank.js';
export * from './within.js';
export * from './communes.js';
export * from './report.js';
