// `npm run bench:startup`: how soon a student sees training. Loads the page cold (a fresh browser context,
// so nothing is cached) with `#autoplay=1` on localhost, several times per preset and host, and reports the
// median milliseconds from navigation to the page being ready and to the first frame that shows a trained
// step. MNIST's load includes fetching and unpacking the digits. Writes bench/startup.json.
// `STARTUP_LINE=<kbit/s>,<ms>` loads over a slower line (Chromium's network emulation: that throughput
// both ways and that round-trip latency), e.g. `STARTUP_LINE=8000,40` for a classroom sharing a line.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, dist } from './build.mjs';
import { serve } from './serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS, ensureChromium, ensureNpmPackages, root } from './tools.mjs';

const RUNS = Number(process.env.STARTUP_RUNS ?? 5);
const presets = process.argv.slice(2).length ? process.argv.slice(2) : ['undercomplete', 'kl-sparse', 'ufldl-mnist'];
const hosts = (process.env.STARTUP_HOSTS ?? 'worker,inline').split(',');
/** The emulated line, or null for localhost as it is. */
const line = process.env.STARTUP_LINE ? (() => {
  const [kbits, latency] = process.env.STARTUP_LINE.split(',').map(Number);
  if (!(kbits > 0 && latency >= 0)) throw new Error('STARTUP_LINE is <kbit/s>,<ms>, e.g. 8000,40.');
  const bytesPerSecond = (kbits * 1000) / 8;
  return { offline: false, latency, downloadThroughput: bytesPerSecond, uploadThroughput: bytesPerSecond };
})() : null;

ensureChromium();
ensureNpmPackages();
// Imported once the packages are installed (a fresh machine has none yet).
const { chromium } = await import('playwright-core');
if (!process.env.NO_BUILD) await build();
const { server, url } = await serve(dist);
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const rows = [];
try {
  for (const host of hosts) {
    for (const preset of presets) {
      const ready = [];
      const trained = [];
      for (let run = 0; run < RUNS; run++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        if (line) await (await context.newCDPSession(page)).send('Network.emulateNetworkConditions', line);
        await page.goto(`${url}#preset=${preset}&host=${host}&autoplay=1`);
        const startup = await page.waitForFunction(() => {
          const s = window.sae?.startup;
          return s && s.firstTrainedFrameMs !== null && s;
        }, null, { timeout: 60000, polling: 'raf' });
        const { readyMs, firstTrainedFrameMs } = await startup.jsonValue();
        ready.push(readyMs);
        trained.push(firstTrainedFrameMs);
        await context.close();
      }
      const row = { host, preset, runs: RUNS, readyMs: median(ready), firstTrainedFrameMs: median(trained), worstFirstTrainedFrameMs: Math.max(...trained) };
      rows.push(row);
      console.log(`${host.padEnd(6)} ${preset.padEnd(14)} ready ${row.readyMs.toFixed(0).padStart(5)} ms  first trained frame ${row.firstTrainedFrameMs.toFixed(0).padStart(5)} ms (median of ${RUNS}, worst ${row.worstFirstTrainedFrameMs.toFixed(0)} ms)`);
    }
  }
} finally {
  await browser.close();
  server.close();
}
mkdirSync(join(root, 'bench'), { recursive: true });
const lineLabel = line ? process.env.STARTUP_LINE : null;
writeFileSync(join(root, 'bench', 'startup.json'), `${JSON.stringify({ date: new Date().toISOString(), runs: RUNS, line: lineLabel, rows }, null, 2)}\n`);
console.log('wrote bench/startup.json');
