// For course pages: put a playground figure in your page and drive it from your own script.
//
//   <div id="kl"></div>
//   <script type="module">
//     import { embedPlayground } from 'https://your.host/playground/www/embed.js';
//     const kl = await embedPlayground(document.getElementById('kl'), {
//       preset: 'kl-sparse', panels: ['kl-curve'], controls: ['rho'], autoplay: true, height: 420,
//     });
//     await kl.set({ rho: 0.2 });                  // resolves to { reset, message }, rejects with the sentence
//     const stop = kl.subscribe((m) => console.log(m.step, m.loss.total, m.rhoHat));
//   </script>
//
// Every call returns a promise; a refused one rejects with the playground's sentence and changes nothing.
// Nothing here throws in your page for a message it did not ask for.

const PROTOCOL = 1;
/** How long a request may wait for its reply (the first one waits for the playground to load). */
const REPLY_TIMEOUT_MS = 30000;

/** The playground's address for these options: `index.html` beside this script, with the state in the hash. */
export function playgroundUrl({ src = new URL('../index.html', import.meta.url).href, preset, settings = {}, panels, controls, autoplay, speed } = {}) {
  const params = new URLSearchParams();
  if (preset) params.set('preset', preset);
  for (const [key, value] of Object.entries(settings)) params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  if (panels?.length) params.set('panels', panels.join(','));
  if (controls) params.set('controls', Array.isArray(controls) ? (controls.join(',') || 'hide') : controls);
  if (autoplay) params.set('autoplay', '1');
  if (speed) params.set('speed', String(speed));
  return `${src.split('#')[0]}#${params}`;
}

/**
 * Creates the iframe in `container` and resolves, once the playground answers, to
 * `{ iframe, set, play, pause, step, reset, config, metrics, subscribe, remove }`.
 * Options: `src` (the playground's index.html), `preset`, `settings`, `panels`, `controls` (setting keys, or
 * 'hide'), `autoplay`, `speed`, `width` and `height` (CSS), `title`, `sandbox` (a sandbox attribute value).
 */
export async function embedPlayground(container, options = {}) {
  const iframe = document.createElement('iframe');
  iframe.src = playgroundUrl(options);
  iframe.title = options.title ?? 'Sparse Autoencoder Playground';
  iframe.style.width = options.width ?? '100%';
  iframe.style.height = options.height ? `${options.height}px` : '480px';
  iframe.style.border = '0';
  iframe.loading = 'eager';
  if (options.sandbox !== undefined) iframe.setAttribute('sandbox', options.sandbox);
  container.append(iframe);
  const targetOrigin = options.sandbox !== undefined && !options.sandbox.includes('allow-same-origin') ? '*' : new URL(iframe.src, location.href).origin;

  let nextId = 1;
  const pending = new Map();
  const listeners = new Set();
  const onMessage = (event) => {
    if (event.source !== iframe.contentWindow) return;
    const m = event.data;
    if (typeof m !== 'object' || m === null || m.sae !== PROTOCOL) return;
    if (m.event === 'metrics') {
      for (const listener of listeners) listener(m.metrics);
      return;
    }
    const waiting = pending.get(m.id);
    if (!waiting) return;
    pending.delete(m.id);
    if (m.ok) waiting.resolve(m.result);
    else waiting.reject(new Error(m.error));
  };
  window.addEventListener('message', onMessage);

  const request = (type, fields = {}) => new Promise((resolve, reject) => {
    const id = nextId++;
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error(`The playground did not answer "${type}" within ${REPLY_TIMEOUT_MS / 1000} s.`));
    }, REPLY_TIMEOUT_MS);
    pending.set(id, {
      resolve: (v) => { clearTimeout(timer); resolve(v); },
      reject: (e) => { clearTimeout(timer); reject(e); },
    });
    iframe.contentWindow.postMessage({ sae: PROTOCOL, id, type, ...fields }, targetOrigin);
  });

  // The playground listens once it has loaded: ask until it answers.
  await new Promise((resolve, reject) => {
    const started = Date.now();
    const ask = () => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      iframe.contentWindow?.postMessage({ sae: PROTOCOL, id, type: 'config' }, targetOrigin);
      setTimeout(() => {
        if (!pending.has(id)) return;
        pending.delete(id);
        if (Date.now() - started > REPLY_TIMEOUT_MS) reject(new Error('The playground did not start in its frame.'));
        else ask();
      }, 250);
    };
    iframe.addEventListener('load', ask, { once: true });
  });

  return {
    iframe,
    /** Changes settings: `{ reset, message }`, or rejects with the sentence (nothing changes). */
    set: (settings) => request('set', { settings }),
    play: () => request('play'),
    pause: () => request('pause'),
    /** Takes `n` steps (1 to 10,000). */
    step: (n = 1) => request('step', { steps: n }),
    reset: () => request('reset'),
    config: () => request('config'),
    /** `{ step, epoch, loss: { reconstruction, sparsity, weightDecay, total }, rhoHat, l0, deadUnits, status }` */
    metrics: () => request('metrics'),
    /** Calls `listener(metrics)` while the numbers change; returns a function that stops it. */
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) request('subscribe').then(listener, () => {});
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) request('unsubscribe').catch(() => {});
      };
    },
    /** Takes the iframe out of the page. */
    remove() {
      window.removeEventListener('message', onMessage);
      iframe.remove();
    },
  };
}
