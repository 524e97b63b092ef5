// The workers the classic build carries inside itself: none here, where they load from their own files.
// scripts/build-classic.mjs replaces this module with `{ script(), wasmModule }`: the workers' classic
// script (a Promise of its bytes) and the page's compiled core, which www/worker-factory.js starts them from.
export const embeddedWorkers = null;
