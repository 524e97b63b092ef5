// One-off measurement (not committed): the full study in the page, worker mode.
import { openPage, startBrowser } from './helpers.mjs';
const session = await startBrowser();
const opened = await openPage(session);
const out = await opened.page.evaluate(async (inline) => {
  const { loadMnist } = await import('./www/playground.js');
  const { startProbeStudy } = await import('./www/probe-study.js');
  const mnistBytes = await loadMnist();
  let frames = 0, longest = 0, last = performance.now(), counting = true;
  const count = (now) => { frames++; longest = Math.max(longest, now - last); last = now; if (counting) requestAnimationFrame(count); };
  requestAnimationFrame(count);
  const t0 = performance.now();
  const run = startProbeStudy({ mnistBytes, seed: 1, inline });
  const results = await run.done;
  counting = false;
  return { ms: performance.now() - t0, frames, longest, rows: results.rows.map((r) => [r.name, r.heldOutAccuracy, r.trainAccuracy, r.meanActive, r.seconds]), recovery: results.recovery.map((r) => [r.name, r.featuresRecovered, r.meanBestCosine]), seconds: results.seconds };
}, process.argv[2] === 'inline');
console.log(JSON.stringify(out, null, 1));
await opened.close();
await session.close();
