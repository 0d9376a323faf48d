export * from './document.js';
export * from './form.js';
export * from './plan-file.js';
export * from './store.js';
