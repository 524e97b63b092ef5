// A small static server for dist/: the right MIME type for .wasm, loopback only, port from PORT. Like the
// static hosts a course page lives on, it sends text and wasm gzipped to a browser that accepts it, so a
// download measured through it (`npm run bench:startup` over an emulated line) is the size a visitor fetches.
import { createServer } from 'node:http';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.csv': 'text/csv; charset=utf-8',
  // Served as bytes: the page decompresses the MNIST file itself, so no Content-Encoding.
  '.gz': 'application/octet-stream',
};

/** The types sent gzipped (the images and the packed digits are compressed already). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg', '.csv']);

/** Gzipped files by path, with the modification time they were compressed at. */
const gzipped = new Map();

/** `file` gzipped (level 6, as static hosts do), compressed once per modification. */
function gzippedFile(file, stat) {
  const kept = gzipped.get(file);
  if (kept?.mtimeMs === stat.mtimeMs) return kept.bytes;
  const bytes = gzipSync(readFileSync(file), { level: 6 });
  gzipped.set(file, { mtimeMs: stat.mtimeMs, bytes });
  return bytes;
}

/** Serves `directory` on 127.0.0.1:`port` (0 picks a free port); resolves to { server, url }. `headers` are
 * added to every response (the tests send a strict Content-Security-Policy with them). No CORS headers are
 * ever sent, like the many static hosts that send none. */
export function serve(directory, port = 0, headers = {}) {
  const base = normalize(directory);
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    let file = normalize(join(base, path.endsWith('/') ? `${path}index.html` : path));
    if (file !== base && !file.startsWith(base + sep)) {
      response.writeHead(403).end('forbidden');
      return;
    }
    let stat;
    try {
      stat = statSync(file);
      if (stat.isDirectory()) {
        file = join(file, 'index.html');
        stat = statSync(file);
      }
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
      return;
    }
    const common = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache', ...headers };
    if (COMPRESSIBLE.has(extname(file)) && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
      const bytes = gzippedFile(file, stat);
      response.writeHead(200, { ...common, 'content-encoding': 'gzip', 'content-length': bytes.length, vary: 'accept-encoding' });
      response.end(request.method === 'HEAD' ? undefined : bytes);
      return;
    }
    response.writeHead(200, { ...common, 'content-length': stat.size });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      resolve({ server, url: `http://127.0.0.1:${server.address().port}/` });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const directory = process.argv[2] ?? 'dist';
  const port = Number(process.env.PORT ?? 8080);
  const { url } = await serve(directory, port);
  console.log(`Sparse Autoencoder Playground: ${url}`);
}
