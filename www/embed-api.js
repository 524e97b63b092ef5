// The playground's side of the embedding API: a course page that holds the playground in an iframe talks to
// it with postMessage. Requests are `{ sae: 1, id, type, ... }`; every request gets exactly one reply
// `{ sae: 1, id, ok: true, result }` or `{ sae: 1, id, ok: false, error }` (a sentence), and a refused one
// changes nothing. Settings are checked by the core like every other input. Subscribers receive
// `{ sae: 1, event: 'metrics', metrics: { step, epoch, loss, rhoHat, l0, deadUnits, status } }` while the
// numbers change. `www/embed.js` wraps all of this in promises for the course page.

/** The protocol's version, in every message. */
export const PROTOCOL = 1;

/** Milliseconds between metrics messages to a subscriber (a course page shows numbers, not frames). */
const METRICS_EVERY_MS = 200;

/** Message types and what each needs besides `type` and `id`. */
const REQUESTS = {
  set: 'settings: an object of settings, like { rho: 0.2 }',
  play: '',
  pause: '',
  step: 'steps: a whole number of steps from 1 to 10000 (1 when left out)',
  reset: '',
  config: '',
  metrics: '',
  subscribe: '',
  unsubscribe: '',
};

/** What a subscriber receives: the small numbers a course page shows. */
function publicMetrics(view) {
  const m = view.metrics();
  return { step: m.step, epoch: m.epoch, loss: m.loss, rhoHat: m.rhoHatRunning, l0: m.l0, deadUnits: m.deadUnits, status: m.status };
}

/** Why `message` is not a request this API takes, or null. */
function problemWith(message) {
  if (!Object.hasOwn(REQUESTS, message.type)) {
    return `"${String(message.type).slice(0, 40)}" is not a request of the playground; the requests are ${Object.keys(REQUESTS).join(', ')}.`;
  }
  if (message.type === 'set') {
    const s = message.settings;
    if (typeof s !== 'object' || s === null || Array.isArray(s)) return `A "set" request needs ${REQUESTS.set}.`;
  }
  if (message.type === 'step' && message.steps !== undefined) {
    const n = message.steps;
    if (!Number.isInteger(n) || n < 1 || n > 10000) return `A "step" request needs ${REQUESTS.step}.`;
  }
  return null;
}

/**
 * Listens for requests from the page that embeds this one. `page` gives the actions:
 * `{ view(), set(partial), play(), pause(), step(n), reset() }`; `set` resolves to `{ reset, message }`
 * or rejects with the core's sentence; `pause` resolves once training has stopped.
 */
export function listenForEmbedder(page) {
  const subscribers = new Map();
  let timer = null;
  let lastStep = -1;

  const reply = (target, origin, message) => {
    // An opaque origin (a sandboxed or file:// course page) can only be answered with '*'.
    target.postMessage({ sae: PROTOCOL, ...message }, origin === 'null' ? '*' : origin);
  };

  const publish = () => {
    if (subscribers.size === 0) return;
    const view = page.view();
    const step = view.summary().step;
    if (step === lastStep) return;
    lastStep = step;
    const metrics = publicMetrics(view);
    for (const [target, origin] of subscribers) reply(target, origin, { event: 'metrics', metrics });
  };

  const handlers = {
    set: (m) => page.set(m.settings),
    play: () => page.play(),
    pause: () => page.pause(),
    step: (m) => page.step(m.steps ?? 1),
    reset: () => page.reset(),
    config: () => page.view().config(),
    metrics: () => publicMetrics(page.view()),
    subscribe: (m, source, origin) => {
      subscribers.set(source, origin);
      lastStep = -1;
      timer ??= setInterval(publish, METRICS_EVERY_MS);
      return publicMetrics(page.view());
    },
    unsubscribe: (m, source) => {
      subscribers.delete(source);
      if (subscribers.size === 0 && timer !== null) {
        clearInterval(timer);
        timer = null;
      }
    },
  };

  window.addEventListener('message', async (event) => {
    const message = event.data;
    // Not ours (other scripts use postMessage too): ignore quietly.
    if (typeof message !== 'object' || message === null || message.sae !== PROTOCOL || !event.source) return;
    const { source, origin } = event;
    const id = message.id ?? null;
    const problem = problemWith(message);
    if (problem) {
      reply(source, origin, { id, ok: false, error: problem });
      return;
    }
    try {
      const result = await handlers[message.type](message, source, origin);
      reply(source, origin, { id, ok: true, result: result ?? null });
    } catch (error) {
      reply(source, origin, { id, ok: false, error: error?.message ?? String(error) });
    }
  });
}
