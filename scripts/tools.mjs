// Installs what the build and the tests need when it is missing, so `npm start` and `npm test` work on a
// fresh Debian machine that has only Rust and Node: the wasm32 target, the wasm-bindgen CLI at exactly the
// crate's version, npm packages, and Debian's Chromium for the browser tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM = '/usr/bin/chromium';

/** Chromium flags for this sandbox: no network chatter, no GPU. */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader',
  // Keep animation frames and timers running at full rate in pages that are not focused.
  '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows',
];

/** Runs a command in the repo, echoing it; throws with the command line on failure. */
export function run(command, args, options = {}) {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
}

function output(command, args) {
  try {
    return execFileSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

/** The wasm-bindgen version Cargo.lock pins: the CLI must match it exactly. */
export function wasmBindgenVersion() {
  const lock = readFileSync(join(root, 'Cargo.lock'), 'utf8');
  const match = lock.match(/name = "wasm-bindgen"\nversion = "([^"]+)"/);
  if (!match) throw new Error('Cargo.lock does not pin wasm-bindgen');
  return match[1];
}

export function ensureWasmTarget() {
  if (!output('rustup', ['target', 'list', '--installed']).includes('wasm32-unknown-unknown')) {
    run('rustup', ['target', 'add', 'wasm32-unknown-unknown']);
  }
}

export function ensureWasmBindgen() {
  const wanted = wasmBindgenVersion();
  const have = output('wasm-bindgen', ['--version']).trim().split(' ')[1];
  if (have !== wanted) {
    console.log(`wasm-bindgen CLI ${have ?? 'missing'}; installing ${wanted} (a few minutes, once)`);
    run('cargo', ['install', 'wasm-bindgen-cli', '--version', wanted]);
  }
}

/** twiggy, the wasm code-size profiler, for the benchmark's bundle breakdown (not needed to build or test). */
export const TWIGGY_VERSION = '0.8.0';

export function ensureTwiggy() {
  const have = output('twiggy', ['--version']).trim().split(' ')[1];
  if (have !== TWIGGY_VERSION) {
    console.log(`twiggy ${have ?? 'missing'}; installing ${TWIGGY_VERSION} (a few minutes, once)`);
    run('cargo', ['install', 'twiggy', '--version', TWIGGY_VERSION]);
  }
}

/** Whether node_modules holds every package the lock file names (optional ones, such as other platforms'
 * binaries, aside): a dependency added since the last install must be installed too. */
function npmPackagesInstalled() {
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) return false;
  const have = JSON.parse(readFileSync(installed, 'utf8')).packages ?? {};
  const want = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages ?? {};
  return Object.entries(want).every(([path, info]) => path === '' || info.optional || path in have);
}

export function ensureNpmPackages() {
  if (!npmPackagesInstalled()) {
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
}

export function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  const asRoot = process.getuid?.() === 0;
  const sudo = asRoot ? [] : ['sudo'];
  const apt = (args) => run(sudo.length ? 'sudo' : 'apt-get', sudo.length ? ['apt-get', ...args] : args, {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  try {
    apt(['install', '-y', '--no-install-recommends', 'chromium']);
  } catch {
    apt(['update']);
    apt(['install', '-y', '--no-install-recommends', 'chromium']);
  }
}

/** Everything the wasm build needs. */
export function ensureBuildTools() {
  ensureWasmTarget();
  ensureWasmBindgen();
  ensureNpmPackages();
}
