#!/usr/bin/env node
/**
 * Draws the application icon and writes it to resources/icons/ (or `--out DIR`): icon.svg (the same drawing as
 * a vector, for designers), 16…1024 px PNGs named NxN.png (electron-builder's Linux icon-folder convention),
 * icon.ico (PNG-compressed entries, valid since Windows Vista) and icon.icns (PNG entries ic07…ic10).
 * No rasteriser or download is needed: shapes are drawn with analytic anti-aliasing and a tiny PNG encoder, so
 * CI can regenerate the icons and check that the committed ones are current (test/unit/distribution/).
 *
 *   node scripts/make-icons.mjs [--out DIR]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

/** The drawing on a 512-unit canvas: a rounded tile, a depth grid, and torque and thrust traces of one drilling. */
const TILE = { radius: 96, top: [24, 43, 61], bottom: [13, 27, 42] };
const GRID = { color: [255, 255, 255, 0.14], width: 4, xs: [128, 256, 384], ys: [160, 256, 352] };
// A torque profile through a CFRP/titanium stack: entry ramp, CFRP plateau, titanium plateau, exit, retract.
const TORQUE = {
  color: [245, 158, 11, 1],
  width: 22,
  points: [[64, 400], [120, 396], [160, 300], [220, 288], [262, 292], [292, 178], [356, 168], [392, 176], [420, 380], [448, 396]],
};
const THRUST = {
  color: [45, 212, 191, 1],
  width: 14,
  points: [[64, 424], [128, 420], [168, 352], [256, 344], [296, 262], [384, 254], [416, 410], [448, 420]],
};
// The drill bit entering from the top: a shank and a pointed tip.
const BIT = { color: [226, 232, 240, 1], shank: [232, 40, 280, 92], tip: [[232, 92], [280, 92], [256, 128]] };

export const PNG_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 32, 48, 256];
const ICNS_TYPES = [['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024]];

function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function polylineCoverage(px, py, { points, width }, scale) {
  let d = Infinity;
  for (let i = 1; i < points.length; i += 1) d = Math.min(d, segmentDistance(px, py, points[i - 1], points[i]) * scale);
  return Math.max(0, Math.min(1, (width * scale) / 2 - d + 0.5));
}

function roundedTileCoverage(px, py, size, radius) {
  const cx = Math.min(Math.max(px, radius), size - radius);
  const cy = Math.min(Math.max(py, radius), size - radius);
  return Math.max(0, Math.min(1, radius - Math.hypot(px - cx, py - cy) + 0.5));
}

function insideTriangle(px, py, [[ax, ay], [bx, by], [cx, cy]]) {
  const s1 = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
  const s2 = (cx - bx) * (py - by) - (cy - by) * (px - bx);
  const s3 = (ax - cx) * (py - cy) - (ay - cy) * (px - cx);
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
}

/** The bit is small and axis-aligned, so 4×4 supersampling is enough for its edges. */
function bitCoverage(px, py, scale) {
  let hits = 0;
  for (let sy = 0; sy < 4; sy += 1) {
    for (let sx = 0; sx < 4; sx += 1) {
      const x = (px - 0.5 + (sx + 0.5) / 4) / scale;
      const y = (py - 0.5 + (sy + 0.5) / 4) / scale;
      const [x0, y0, x1, y1] = BIT.shank;
      if ((x >= x0 && x <= x1 && y >= y0 && y <= y1) || insideTriangle(x, y, BIT.tip)) hits += 1;
    }
  }
  return hits / 16;
}

function over(pixel, [r, g, b, a], coverage) {
  const alpha = a * coverage;
  pixel[0] += (r - pixel[0]) * alpha;
  pixel[1] += (g - pixel[1]) * alpha;
  pixel[2] += (b - pixel[2]) * alpha;
}

/** RGBA pixels of the icon at `size` × `size`. */
export function renderIcon(size) {
  const scale = size / 512;
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const px = x + 0.5;
      const py = y + 0.5;
      const tile = roundedTileCoverage(px, py, size, TILE.radius * scale);
      if (tile === 0) continue;
      const f = y / (size - 1);
      const pixel = TILE.top.map((c, i) => c + (TILE.bottom[i] - c) * f);
      for (const gx of GRID.xs) over(pixel, GRID.color, Math.max(0, Math.min(1, (GRID.width * scale) / 2 - Math.abs(px - gx * scale) + 0.5)));
      for (const gy of GRID.ys) over(pixel, GRID.color, Math.max(0, Math.min(1, (GRID.width * scale) / 2 - Math.abs(py - gy * scale) + 0.5)));
      over(pixel, THRUST.color, polylineCoverage(px / scale, py / scale, THRUST, scale));
      over(pixel, TORQUE.color, polylineCoverage(px / scale, py / scale, TORQUE, scale));
      over(pixel, BIT.color, bitCoverage(px, py, scale));
      const o = (y * size + x) * 4;
      rgba[o] = Math.round(pixel[0]);
      rgba[o + 1] = Math.round(pixel[1]);
      rgba[o + 2] = Math.round(pixel[2]);
      rgba[o + 3] = Math.round(tile * 255);
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit RGBA PNG (colour type 6), every row with filter 0. */
export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function encodeIco(pngs) {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(([size, png], i) => {
    const e = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, e); // 0 means 256 in the ICO directory
    header.writeUInt8(size >= 256 ? 0 : size, e + 1);
    header.writeUInt16LE(1, e + 4);
    header.writeUInt16LE(32, e + 6);
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs.map(([, png]) => png)]);
}

function encodeIcns(entries) {
  const parts = entries.map(([type, png]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

function svgPolyline({ points, width, color: [r, g, b] }) {
  const d = points.map(([x, y]) => `${x},${y}`).join(' ');
  return `  <polyline points="${d}" fill="none" stroke="rgb(${r},${g},${b})" stroke-width="${width}" stroke-linecap="round" stroke-linejoin="round"/>`;
}

export function iconSvg() {
  const [x0, y0, x1, y1] = BIT.shank;
  const rgb = ([r, g, b]) => `rgb(${r},${g},${b})`;
  const grid = [
    ...GRID.xs.map((x) => `M${x} 0V512`),
    ...GRID.ys.map((y) => `M0 ${y}H512`),
  ].join('');
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">',
    `  <defs><linearGradient id="tile" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${rgb(TILE.top)}"/><stop offset="1" stop-color="${rgb(TILE.bottom)}"/></linearGradient>`,
    `  <clipPath id="clip"><rect width="512" height="512" rx="${TILE.radius}"/></clipPath></defs>`,
    `  <rect width="512" height="512" rx="${TILE.radius}" fill="url(#tile)"/>`,
    `  <path d="${grid}" stroke="white" stroke-opacity="${GRID.color[3]}" stroke-width="${GRID.width}" clip-path="url(#clip)"/>`,
    svgPolyline(THRUST),
    svgPolyline(TORQUE),
    `  <rect x="${x0}" y="${y0}" width="${x1 - x0}" height="${y1 - y0}" fill="${rgb(BIT.color)}"/>`,
    `  <polygon points="${BIT.tip.map((p) => p.join(',')).join(' ')}" fill="${rgb(BIT.color)}"/>`,
    '</svg>',
    '',
  ].join('\n');
}

/** Every icon file by name. */
export function makeIcons() {
  const pngs = new Map(PNG_SIZES.map((size) => [size, encodePng(size, renderIcon(size))]));
  const files = new Map([['icon.svg', Buffer.from(iconSvg())]]);
  for (const [size, png] of pngs) files.set(`${size}x${size}.png`, png);
  files.set('icon.ico', encodeIco(ICO_SIZES.map((size) => [size, pngs.get(size)])));
  files.set('icon.icns', encodeIcns(ICNS_TYPES.map(([type, size]) => [type, pngs.get(size)])));
  return files;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out');
  const out = at > 0 ? resolve(process.argv[at + 1]) : join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'icons');
  mkdirSync(out, { recursive: true });
  for (const [name, bytes] of makeIcons()) writeFileSync(join(out, name), bytes);
  console.log(`icons written to ${out}`);
}
