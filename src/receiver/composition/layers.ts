/**
 * A composition layer as the receiver sees it, from the relay's LayerDirectory (docs/PROTOCOL.md
 * "Composition layers"): where its source's picture goes in the composite and how.
 * @public
 */
export interface CompositionLayer {
  /** The layer's name (`?layer=<name>`); `''` is the base channel's own plain source. */
  readonly name: string;
  /** Stacking order: higher is drawn later (on top); ties are drawn in name order. */
  readonly z: number;
  /** Left edge of the region in composite pixels. */
  readonly x: number;
  /** Top edge of the region in composite pixels. */
  readonly y: number;
  /** Region width in composite pixels (the layer's picture is scaled to it). */
  readonly width: number;
  /** Region height in composite pixels. */
  readonly height: number;
  /** 0 (invisible) .. 255 (opaque). */
  readonly opacity: number;
  /** Whether the layer takes pointer and key input (else clicks pass through to the layer below). */
  readonly input: boolean;
  /** Whether its source is connected; an offline layer's region is cleared. */
  readonly online: boolean;
}

/**
 * The relay's directory of a channel's composition layers and the composite's size.
 * @public
 */
export interface CompositionDirectory {
  /** Composite width in pixels (the right edge of the widest region). */
  readonly width: number;
  /** Composite height in pixels. */
  readonly height: number;
  /** Listed layers, sorted by z then name. */
  readonly layers: readonly CompositionLayer[];
}

/** The picture size a layer's stream has now (0 before its first picture). @public */
export interface PictureSize {
  readonly width: number;
  readonly height: number;
}

/**
 * The layers in draw order (bottom first): by z, then name, as the relay lists them; a copy, so
 * a directory from anywhere (tests, an app) needs no sorting of its own.
 * @public
 */
export function drawOrder<L extends CompositionLayer>(layers: readonly L[]): L[] {
  return [...layers].sort((a, b) => a.z - b.z || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The implicit layer `''` of a plain source on the base channel: z 0, covering the composite,
 * opaque, taking input.
 * @public
 */
export function baseLayer(width: number, height: number, online: boolean): CompositionLayer {
  return { name: '', z: 0, x: 0, y: 0, width, height, opacity: 255, input: true, online };
}

/** Whether composite pixel (x, y) lies inside the layer's region. @public */
export function regionContains(layer: CompositionLayer, x: number, y: number): boolean {
  return x >= layer.x && y >= layer.y && x < layer.x + layer.width && y < layer.y + layer.height;
}

/**
 * The topmost layer that takes input, is online and whose region holds composite pixel (x, y);
 * `null` over empty space or pass-through layers only.
 * @public
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
 * @public
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
