// Draws media/icon.png (128x128): a five-pointed star on a dark rounded square, with node alone (zlib for
// the PNG's deflate, a CRC table for its chunks). Edges are antialiased by 4x4 supersampling.
// Run: node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const BACK = [0x1b, 0x1f, 0x3a];
const STAR = [0xff, 0xc8, 0x3d];
const RING = [0x6c, 0x8c, 0xff];

/** The star's outline: 10 points alternating outer and inner radius, one tip up. */
const points = Array.from({ length: 10 }, (_, i) => {
  const r = i % 2 === 0 ? 46 : 19;
  const a = -Math.PI / 2 + (i * Math.PI) / 5;
  return [64 + r * Math.cos(a), 66 + r * Math.sin(a)];
});

function inStar(x, y) {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the rounded square (radius 24) that is the background. */
function inBack(x, y) {
  const r = 24;
  const cx = Math.min(Math.max(x, r), SIZE - r);
  const cy = Math.min(Math.max(y, r), SIZE - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

const inRing = (x, y) => Math.abs(Math.hypot(x - 64, y - 64) - 56) < 1.6;

const rows = [];
for (let y = 0; y < SIZE; y++) {
  const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0, then RGBA
  for (let x = 0; x < SIZE; x++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < 4; sy++)
      for (let sx = 0; sx < 4; sx++) {
        const px = x + (sx + 0.5) / 4;
        const py = y + (sy + 0.5) / 4;
        if (!inBack(px, py)) continue;
        const c = inStar(px, py) ? STAR : inRing(px, py) ? RING : BACK;
        r += c[0]; g += c[1]; b += c[2]; a += 255;
      }
    const n = a / 255 || 1;
    row.set([Math.round(r / n), Math.round(g / n), Math.round(b / n), Math.round(a / 16)], 1 + x * 4);
  }
  rows.push(row);
}

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../media/icon.png', import.meta.url), png);
console.log(`make-icon: media/icon.png, ${png.length} bytes`);
