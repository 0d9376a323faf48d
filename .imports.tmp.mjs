const mods = process.argv.slice(2);
const mb = () => (process.memoryUsage().rss / 1048576).toFixed(1);
let t = performance.now();
console.log('base', mb());
for (const m of mods) {
  await import(m);
  const now = performance.now();
  console.log(m, mb(), 'MiB', (now - t).toFixed(0), 'ms');
  t = now;
}
