// Parts of the page that only some visitors open (the lesson, compare mode, the embed builder, the formula
// card) are separate chunks of the bundle (scripts/build-bundle.mjs), fetched on first use. This loads
// one: a banner says so when it takes more than a moment (a slow classroom line), and a failure says what
// could not be loaded while the rest of the page keeps working.

/** Milliseconds before the loading banner appears: a chunk that arrives sooner needs no message. */
const QUIET_MS = 150;

/**
 * Wraps `importer` (a function returning a dynamic `import()`) so that it runs once and later calls share
 * its module. `what` names the part inside sentences ("the lesson"); `banners` is the page's
 * (`createBanners`). A failure shows its sentence and rejects with an error marked `shown`; the next call
 * tries again.
 */
export function onDemand(importer, { banners, id, what }) {
  let loading = null;
  const load = async () => {
    const timer = setTimeout(() => banners.show({ id, kind: 'info', text: `Loading ${what}…` }), QUIET_MS);
    try {
      const module = await importer();
      banners.clear(id);
      return module;
    } catch (error) {
      loading = null;
      const reason = String(error?.message ?? error).replace(/\.$/, '');
      const text = `${what[0].toUpperCase()}${what.slice(1)} could not be loaded (${reason}). Reload the page to ` +
        'try again; the rest of the playground keeps working.';
      banners.show({ id, kind: 'error', text });
      throw Object.assign(new Error(text), { shown: true });
    } finally {
      clearTimeout(timer);
    }
  };
  return () => (loading ??= load());
}
