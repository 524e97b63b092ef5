// `npm start`: installs what is missing, builds dist/ and serves it on 127.0.0.1 (port from PORT).
import { build, dist } from './build.mjs';
import { serve } from './serve.mjs';

await build();
const { url } = await serve(dist, Number(process.env.PORT ?? 8080));
console.log(`\nSparse Autoencoder Playground running at ${url}\n(Ctrl+C to stop)`);
