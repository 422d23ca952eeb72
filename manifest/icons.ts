// Draws the app icons with pngjs instead of shipping binaries: a stylised "L" with an arrow pointing
// onwards (the move to Lync 2013). Same inputs, same bytes, so packages are reproducible.
import { PNG } from 'pngjs';

export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

type Point = readonly [number, number];
type Rect = { x0: number; y0: number; x1: number; y1: number };

// The glyph in a unit square, y growing downwards.
const RECTS: readonly Rect[] = [
  { x0: 0.1, y0: 0.08, x1: 0.32, y1: 0.92 }, // the L's stem
  { x0: 0.1, y0: 0.72, x1: 0.62, y1: 0.92 }, // the L's foot
  { x0: 0.42, y0: 0.32, x1: 0.7, y1: 0.48 }, // the arrow's shaft
];
const ARROW_HEAD: readonly [Point, Point, Point] = [
  [0.66, 0.16],
  [0.94, 0.4],
  [0.66, 0.64],
];

function inTriangle(x: number, y: number, [a, b, c]: readonly [Point, Point, Point]): boolean {
  const side = (p: Point, q: Point) => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  const d1 = side(a, b);
  const d2 = side(b, c);
  const d3 = side(c, a);
  const hasNeg = d1 < 0 || d2 < 0 || d3 < 0;
  const hasPos = d1 > 0 || d2 > 0 || d3 > 0;
  return !(hasNeg && hasPos);
}

export function glyphContains(x: number, y: number): boolean {
  return RECTS.some((r) => x >= r.x0 && x < r.x1 && y >= r.y0 && y < r.y1) || inTriangle(x, y, ARROW_HEAD);
}

const SUPERSAMPLE = 4;

/** Share of a pixel covered by the glyph (0..1), sampled on a 4×4 grid for smooth edges. */
function coverage(px: number, py: number, size: number, inset: number): number {
  const span = size * (1 - 2 * inset);
  const origin = size * inset;
  let hits = 0;
  for (let sy = 0; sy < SUPERSAMPLE; sy++) {
    for (let sx = 0; sx < SUPERSAMPLE; sx++) {
      const x = (px + (sx + 0.5) / SUPERSAMPLE - origin) / span;
      const y = (py + (sy + 0.5) / SUPERSAMPLE - origin) / span;
      if (x >= 0 && x < 1 && y >= 0 && y < 1 && glyphContains(x, y)) hits++;
    }
  }
  return hits / (SUPERSAMPLE * SUPERSAMPLE);
}

function parseHexColor(hex: string): [number, number, number] {
  const m = /^#([0-9a-fA-F]{2})([0-9a-fA-F]{2})([0-9a-fA-F]{2})$/.exec(hex);
  if (!m) throw new Error(`not a #RRGGBB colour: ${hex}`);
  return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
}

/**
 * 192×192 full-colour icon: the accent colour as background, the glyph in white within the
 * central area Teams keeps clear of its own cropping (a quarter of the size as margin).
 */
export function drawColorIcon(accentColor: string): Buffer {
  const [r, g, b] = parseHexColor(accentColor);
  const size = COLOR_ICON_SIZE;
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = coverage(x, y, size, 0.25);
      const i = (y * size + x) * 4;
      png.data[i] = Math.round(r + (255 - r) * c);
      png.data[i + 1] = Math.round(g + (255 - g) * c);
      png.data[i + 2] = Math.round(b + (255 - b) * c);
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

/** 32×32 outline icon: white glyph on a transparent background; edges fade through alpha only. */
export function drawOutlineIcon(): Buffer {
  const size = OUTLINE_ICON_SIZE;
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      png.data[i] = 255;
      png.data[i + 1] = 255;
      png.data[i + 2] = 255;
      png.data[i + 3] = Math.round(255 * coverage(x, y, size, 0.03));
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}
