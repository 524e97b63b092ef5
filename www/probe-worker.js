// The module worker that runs the linear-probe study, so the page keeps drawing its frames meanwhile.
// Messages: { mnistBytes, seed, quick } in (once); { progress: { fraction, label } } while it works, then
// { results } or { error: sentence } out.
import { core, lastPanic, loadMnistBytes, mnistLoaded } from './playground.js';

/** The sentence for `error`: a panic of the core says what it was, not "unreachable". */
const describe = (error) => {
  const panic = lastPanic();
  return panic ? `The core stopped with an internal error: ${panic}` : error?.message ?? String(error);
};

/** Milliseconds of work between two progress messages. */
const SLICE_MS = 50;

self.onmessage = ({ data }) => {
  try {
    if (data.mnistBytes) loadMnistBytes(data.mnistBytes);
    if (!mnistLoaded()) throw new Error('The linear probe needs the MNIST digits: pass mnistBytes.');
    const study = new core.WebProbeStudy(data.seed, data.quick);
    const wake = new MessageChannel();
    // Each slice is its own task, so nothing queues up behind one long loop.
    wake.port1.onmessage = () => {
      try {
        const progress = JSON.parse(study.advance(SLICE_MS));
        self.postMessage({ progress });
        if (progress.done) {
          self.postMessage({ results: JSON.parse(study.results()) });
          study.free();
        } else {
          wake.port2.postMessage(null);
        }
      } catch (error) {
        self.postMessage({ error: describe(error) });
      }
    };
    wake.port2.postMessage(null);
  } catch (error) {
    self.postMessage({ error: describe(error) });
  }
};

self.postMessage({ ready: true });
