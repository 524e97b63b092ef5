// One value kept in localStorage where the browser allows it, in memory where it refuses (a sandboxed
// frame, some file:// pages, private modes): the page works the same either way, it only forgets sooner.

/** `{ read(), write(value) }` for the JSON value under `key`; `read()` is null when nothing (or nothing
 * readable) was kept. */
export function openLocalStore(key) {
  const storage = (() => {
    try {
      const probe = window.localStorage;
      probe.getItem(key);
      return probe;
    } catch {
      return null;
    }
  })();
  let memory = null;
  try {
    memory = JSON.parse(storage?.getItem(key) ?? 'null');
  } catch {
    // A broken entry is forgotten, not fatal.
  }
  return {
    read: () => memory,
    write(value) {
      memory = value;
      try {
        storage?.setItem(key, JSON.stringify(value));
      } catch {
        // Quota or a revoked permission: the value stays for this visit.
      }
    },
  };
}
