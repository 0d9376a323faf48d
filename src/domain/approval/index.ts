export * from './state.js';
export * from './messages.js';
