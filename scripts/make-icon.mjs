// Draws the extension's icon, images/icon.png (128x128 RGBA): three flow steps joined by
// edges, light on a dark rounded square. Written with zlib and a CRC table, no network and no
// image library; run it again after changing the drawing (the PNG is committed).
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';

const SIZE = 128;
const BG = [30, 58, 95];
const EDGE = [140, 190, 235];
const NODE = [236, 244, 252];
const ACCENT = [255, 183, 77];

const pixels = new Uint8Array(SIZE * SIZE * 4);

/** Paints pixel (x, y) with `rgb` at coverage `a` (0..1) over what is there. */
function blend(x, y, rgb, a) {
  if (x < 0 || y < 0 || x >= SIZE || y >= SIZE || a <= 0) return;
  const i = (y * SIZE + x) * 4;
  const under = pixels[i + 3] / 255;
  const out = a + under * (1 - a);
  for (let c = 0; c < 3; c++) pixels[i + c] = Math.round((rgb[c] * a + pixels[i + c] * under * (1 - a)) / (out || 1));
  pixels[i + 3] = Math.round(out * 255);
}

/** Fills every pixel whose signed distance `d(px, py)` is negative, antialiased over one pixel. */
function fill(d, rgb) {
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) blend(x, y, rgb, Math.min(1, Math.max(0, 0.5 - d(x + 0.5, y + 0.5))));
}

const roundedSquare = (x0, y0, x1, y1, r) => (px, py) => {
  const qx = Math.abs(px - (x0 + x1) / 2) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(py - (y0 + y1) / 2) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const segment = (ax, ay, bx, by, w) => (px, py) => {
  const [dx, dy] = [bx - ax, by - ay];
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy) - w / 2;
};

fill(roundedSquare(4, 4, 124, 124, 22), BG);
// Edges: the first step forks into two branches (as `flow/step` calls do under an `if`).
fill(segment(40, 64, 88, 36, 7), EDGE);
fill(segment(40, 64, 88, 92, 7), EDGE);
fill(roundedSquare(18, 50, 50, 78, 7), NODE);
fill(roundedSquare(76, 22, 108, 50, 7), NODE);
fill(roundedSquare(76, 78, 108, 106, 7), ACCENT);

// ---- PNG encoding ----
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) raw.set(pixels.subarray(y * SIZE * 4, (y + 1) * SIZE * 4), y * (SIZE * 4 + 1) + 1);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync('images', { recursive: true });
writeFileSync('images/icon.png', png);
console.log(`images/icon.png: ${SIZE}x${SIZE}, ${png.length} bytes`);
