// `npm test`: every test, on a fresh machine. Installs what is missing, then runs the native checks
// (format, lint for both targets, `cargo test`) and the browser tests (Playwright driving Debian's
// Chromium against the built page). `--native` or `--browser` runs one half.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from './build.mjs';
import { ensureBuildTools, ensureChromium, ensureWasmTarget, root, run } from './tools.mjs';

const only = process.argv[2];
const started = Date.now();

if (only !== '--browser') {
  ensureWasmTarget();
  run('cargo', ['fmt', '--all', '--', '--check']);
  run('cargo', ['clippy', '--all-targets', '--', '-D', 'warnings']);
  // The browser layer as the page's core and as the whole core (its feature adds the probe's export), and
  // the benchmark's floor in its place (bench/floor.rs), so that `npm run bench` keeps building.
  run('cargo', ['clippy', '--lib', '--target', 'wasm32-unknown-unknown', '--', '-D', 'warnings']);
  run('cargo', ['clippy', '--lib', '--target', 'wasm32-unknown-unknown', '--features', 'probe', '--', '-D', 'warnings']);
  run('cargo', ['clippy', '--lib', '--target', 'wasm32-unknown-unknown', '--features', 'floor', '--', '-D', 'warnings']);
  run('cargo', ['test']);
}

if (only !== '--native') {
  ensureBuildTools();
  ensureChromium();
  await build();
  const dir = join(root, 'tests', 'browser');
  const files = readdirSync(dir).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => join(dir, f));
  run(process.execPath, ['--test', '--test-concurrency=1', ...files]);
}

console.log(`\nall tests passed in ${Math.round((Date.now() - started) / 1000)} s`);
