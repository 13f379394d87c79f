import type { CompositionLayer } from '../../protocol/index';

/** The picture size a layer's stream has now (0 before its first picture). @public */
export interface PictureSize {
  readonly width: number;
  readonly height: number;
}

/**
 * The layers in draw order (bottom first): by z, then name, as the relay lists them; a copy, so
 * a directory from anywhere (tests, an app) needs no sorting of its own.
 * @internal
 */
export function drawOrder<L extends CompositionLayer>(layers: readonly L[]): L[] {
  return [...layers].sort((a, b) => a.z - b.z || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The implicit layer `''` of a plain source on the base channel: z 0, covering the composite,
 * opaque, taking input.
 * @internal
 */
export function baseLayer(width: number, height: number, online: boolean): CompositionLayer {
  return { name: '', z: 0, x: 0, y: 0, width, height, opacity: 255, input: true, online };
}

/** Whether composite pixel (x, y) lies inside the layer's region. @internal */
export function regionContains(layer: CompositionLayer, x: number, y: number): boolean {
  return x >= layer.x && y >= layer.y && x < layer.x + layer.width && y < layer.y + layer.height;
}

/**
 * The topmost layer that takes input, is online and whose region holds composite pixel (x, y);
 * `null` over empty space or pass-through layers only.
 * @internal
 */
export function layerAt<L extends CompositionLayer>(layers: readonly L[], x: number, y: number): L | null {
  const ordered = drawOrder(layers);
  for (let i = ordered.length - 1; i >= 0; i--) {
    const l = ordered[i]!;
    if (l.online && l.input && regionContains(l, x, y)) return l;
  }
  return null;
}

/**
 * Converts a composite pixel to the layer's own picture pixels: the region is scaled to the
 * picture (pixel centres map onto pixel centres, so a region the picture's size maps 1:1), and
 * the result is clamped to the picture. Before the first picture the region's size stands in.
 * @internal
 */
export function toLayerPoint(
  layer: CompositionLayer,
  picture: PictureSize,
  x: number,
  y: number,
): { x: number; y: number } {
  const pw = picture.width > 0 ? picture.width : layer.width;
  const ph = picture.height > 0 ? picture.height : layer.height;
  const map = (v: number, origin: number, region: number, size: number) => {
    const scaled = region > 0 ? Math.floor(((v - origin + 0.5) * size) / region) : 0;
    return Math.max(0, Math.min(Math.max(0, size - 1), scaled));
  };
  return { x: map(x, layer.x, layer.width, pw), y: map(y, layer.y, layer.height, ph) };
}
