/**
 * A source as one composition layer of a channel (issue 21): it connects with `&layer=<id>`
 * and tells the relay where its picture sits in the composite with a LayerPlacement (0x58) on
 * every open and on every `setLayer`. Not to be confused with quality layers (source-layers.ts).
 */
import { encodeLayerPlacement, type LayerPlacement } from '../protocol/index';

/**
 * Where this source's picture sits in the channel's composite. `id` names the layer (1–32 of
 * `A-Z a-z 0-9 _ -`) and is fixed for the engine's life; the rest can change with `setLayer`.
 * @public
 */
export interface SourceCompositionLayer {
  /** The layer's name on the channel, sent as `&layer=<id>`. */
  id: string;
  /**
   * Stacking order, -32768..32767: higher is drawn on top.
   * @defaultValue 0
   */
  z?: number;
  /** Left edge of the region in composite pixels, 0..65535. */
  x: number;
  /** Top edge of the region in composite pixels, 0..65535. */
  y: number;
  /** Region width in composite pixels, 1..65535 (the picture is scaled into it). */
  width: number;
  /** Region height in composite pixels, 1..65535. */
  height: number;
  /**
   * 0 (transparent) .. 255 (opaque), as on the wire.
   * @defaultValue 255
   */
  opacity?: number;
  /**
   * The layer takes pointer and key input; `false` lets clicks through to the layer below.
   * @defaultValue true
   */
  input?: boolean;
}

/**
 * The placement a layer option describes, checked.
 * @throws ProtocolError `BAD_PAYLOAD` for a field outside its range
 * @internal
 */
export function placementOf(layer: SourceCompositionLayer): LayerPlacement {
  const p: LayerPlacement = {
    z: layer.z ?? 0,
    x: layer.x,
    y: layer.y,
    width: layer.width,
    height: layer.height,
    opacity: layer.opacity ?? 255,
    input: layer.input ?? true,
  };
  // Encoding checks every range: a bad option fails where the app set it, not at the next open.
  encodeLayerPlacement(p, { seq: 0, timestamp: 0 });
  return p;
}

/** Keeps the source's placement and sends it on each open and on each change. @internal */
export class CompositionLayerSender {
  readonly id: string;
  #placement: LayerPlacement;

  constructor(
    layer: SourceCompositionLayer,
    private readonly send: (placement: LayerPlacement) => void,
  ) {
    this.id = layer.id;
    this.#placement = placementOf(layer);
  }

  /** The transport (re)opened: the relay knows nothing of this connection's placement yet. */
  opened(): void {
    this.send(this.#placement);
  }

  /**
   * A new placement; sent at once when `open`, else on the next open.
   * @throws TypeError for another id (the id is in the URL: a new engine is needed);
   * ProtocolError `BAD_PAYLOAD` for a field out of range
   */
  set(layer: SourceCompositionLayer, open: boolean): void {
    if (layer.id !== this.id) {
      throw new TypeError(`setLayer: the layer id is fixed for the engine (${this.id}, got ${layer.id})`);
    }
    this.#placement = placementOf(layer);
    if (open) this.send(this.#placement);
  }
}
