import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CompositionLayer, InputEvent, SignalState } from '../../protocol/index';
import { defaultRequestFrame } from '../frame-loop';
import { captureInputOn, type InputCapture } from '../input-capture';
import { createReceiverEngine } from '../receiver-engine';
import { createCanvasSurface, type SurfaceCanvasLike } from '../surface';
import type { ReceiverEngine, ReceiverEngineOptions, ReceiverInputOptions, ReceiverState } from '../types';
import { baseLayer } from './layers';
import { type Composite2DLike, type PaintLayer, paintComposite } from './paint';
import { InputRouter, type InputRouting, type RoutableLayer } from './router';

/** A composition layer and its source's stream as this receiver sees it. @public */
export interface CompositeLayerState extends CompositionLayer {
  /** The layer's own receiver link (`'idle'` while the layer is offline: no link is open). */
  readonly connection: ReceiverState['connection'];
  /** Mode of the layer's last frame. */
  readonly mode: ReceiverState['mode'];
  /** The layer's picture size in its own pixels (0 before the first picture). */
  readonly pictureWidth: number;
  readonly pictureHeight: number;
}

/** State of a compositor, in its zustand vanilla store. @public */
export interface CompositeState {
  /** Composite size in pixels (the visible canvas is sized to it). */
  readonly width: number;
  readonly height: number;
  /** The layers, bottom first; `''` is the base channel's own plain source, when it has one. */
  readonly layers: readonly CompositeLayerState[];
}

/** A canvas a layer draws into offscreen (OffscreenCanvas, a detached `<canvas>`, `@napi-rs/canvas`). @public */
export type LayerCanvas = SurfaceCanvasLike;

/** Options of `createCompositor`. @public */
export interface CompositorOptions {
  /** The base channel's engine: its store carries the LayerDirectory, its frames are the layer `''`. */
  readonly base: ReceiverEngine;
  /**
   * What each layer's own engine is created with (`url`, `channel`, `token`, `WebSocket`...);
   * `layer` and `inputs` are set by the compositor, and `renderSignal` comes from its own option.
   */
  readonly layerOptions: Omit<ReceiverEngineOptions, 'layer' | 'inputs' | 'renderSignal' | 'transport'>;
  /** Draws a signal-mode layer's state onto its canvas (sized to its region). */
  readonly renderSignal?: (ctx: CanvasRenderingContext2D, state: SignalState, layer: string) => void;
  /**
   * Inputs captured on the attached element, routed to the layers; `false` captures none.
   * @defaultValue all true
   */
  readonly inputs?: ReceiverInputOptions | false;
  /**
   * `'topmost'`: pointer and touch to the topmost input-taking layer under the point, keys to the
   * last one clicked; `'broadcast'`: every event to every online input-taking layer.
   * @defaultValue 'topmost'
   */
  readonly inputRouting?: InputRouting;
  /**
   * Makes a layer's offscreen canvas.
   * @defaultValue `new OffscreenCanvas(w, h)`, else a detached `<canvas>`
   */
  readonly createCanvas?: (width: number, height: number) => LayerCanvas;
}

/**
 * Composites a channel's layers: one ordinary receiver engine per online layer, each drawing into
 * its own offscreen canvas, redrawn into the visible canvas every display frame; input routed.
 * @public
 */
export interface Compositor {
  readonly store: StoreApi<CompositeState>;
  /** Shows the composite in `canvas` and captures input on `element` (`null`: none). */
  attach(element: HTMLElement | null, canvas: LayerCanvas): void;
  /** Stops drawing and input capture; the layers' links stay. */
  detach(): void;
  /** Changes which inputs are captured, live. */
  setInputs(inputs: ReceiverInputOptions | false | undefined): void;
  /** Sends one event in composite pixels through the router, as captured input would go. */
  sendInput(ev: InputEvent): void;
  /** The engine of layer `name` (`''`: the base), `null` while it is offline or unknown. */
  engine(name: string): ReceiverEngine | null;
  /** Closes every layer's engine and detaches the base (the caller owns the base). Idempotent. */
  dispose(): void;
}

interface Live {
  readonly engine: ReceiverEngine;
  readonly canvas: LayerCanvas;
}

function defaultCanvas(width: number, height: number): LayerCanvas {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height);
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  return c;
}

/**
 * Creates a compositor over a base receiver engine (connect the base yourself).
 * @example
 * ```ts
 * const base = createReceiverEngine({ url, channel: 'arena' });
 * const comp = createCompositor({ base, layerOptions: { url, channel: 'arena' } });
 * comp.attach(div, canvas);
 * base.connect();
 * ```
 * @public
 */
export function createCompositor(o: CompositorOptions): Compositor {
  const makeCanvas = o.createCanvas ?? defaultCanvas;
  const router = new InputRouter(o.inputRouting);
  const store = createStore<CompositeState>()(() => ({ width: 0, height: 0, layers: [] }));
  const live = new Map<string, Live>();
  const baseCanvas = makeCanvas(1, 1);
  const requestFrame = defaultRequestFrame();
  let inputs = o.inputs;
  let visible: LayerCanvas | null = null;
  let element: HTMLElement | null = null;
  let capture: InputCapture | null = null;
  let cancel: (() => void) | null = null;
  let disposed = false;
  o.base.attach(null, createCanvasSurface(baseCanvas));

  const open = (l: CompositionLayer): Live => {
    const opts: ReceiverEngineOptions = { ...o.layerOptions, layer: l.name, inputs: false };
    const render = o.renderSignal;
    if (render) opts.renderSignal = (ctx, state) => render(ctx, state, l.name);
    const engine = createReceiverEngine(opts);
    // A signal layer draws at its region's size; a raster layer's frames resize the canvas.
    const canvas = makeCanvas(Math.max(1, l.width), Math.max(1, l.height));
    engine.attach(null, createCanvasSurface(canvas));
    engine.connect();
    engine.store.subscribe((s, p) => {
      if (s.connection !== p.connection || s.mode !== p.mode || s.width !== p.width || s.height !== p.height)
        publish();
    });
    return { engine, canvas };
  };

  /** The listed layers plus the base's own source (layer '' under them all) when it has one. */
  const layers = (): CompositionLayer[] => {
    const s = o.base.store.getState();
    const dir = s.composition;
    const listed = dir?.layers ?? [];
    const width = dir?.width || s.width;
    const height = dir?.height || s.height;
    const base = s.mode !== null ? [baseLayer(width, height, s.sourceOnline)] : [];
    return [...base, ...listed];
  };

  const picture = (l: { name: string }): { engine: ReceiverEngine | null; canvas: LayerCanvas | null } => {
    if (l.name === '') return { engine: o.base, canvas: baseCanvas };
    const e = live.get(l.name);
    return { engine: e?.engine ?? null, canvas: e?.canvas ?? null };
  };

  const sync = (): void => {
    if (disposed) return;
    const wanted = new Map(layers().map((l) => [l.name, l]));
    for (const [name, e] of live) {
      if (!wanted.get(name)?.online) {
        e.engine.dispose();
        live.delete(name);
      }
    }
    for (const l of wanted.values())
      if (l.name !== '' && l.online && !live.has(l.name)) live.set(l.name, open(l));
    publish();
  };

  const publish = (): void => {
    if (disposed) return;
    const s = o.base.store.getState();
    const all = layers();
    store.setState({
      width: s.composition?.width || s.width,
      height: s.composition?.height || s.height,
      layers: all.map((l) => {
        const st = picture(l).engine?.store.getState();
        return {
          ...l,
          connection: st?.connection ?? 'idle',
          mode: st?.mode ?? null,
          pictureWidth: st?.width ?? 0,
          pictureHeight: st?.height ?? 0,
        };
      }),
    });
  };

  const routable = (): RoutableLayer[] =>
    store.getState().layers.map((l) => {
      const c = picture(l).canvas;
      return {
        ...l,
        picture: { width: l.pictureWidth || (c?.width ?? 0), height: l.pictureHeight || (c?.height ?? 0) },
      };
    });

  const route = (ev: InputEvent): void => {
    const { width, height } = store.getState();
    for (const r of router.route(ev, routable(), { width, height })) picture(r).engine?.sendInput(r.event);
  };

  const paint = (): void => {
    const target = visible;
    if (!target) return;
    const { width, height, layers: shown } = store.getState();
    if (width <= 0 || height <= 0) return;
    if (target.width !== width) target.width = width;
    if (target.height !== height) target.height = height;
    const ctx = target.getContext('2d') as Composite2DLike | null;
    if (!ctx) return;
    const items: PaintLayer[] = shown.map((l) => {
      const { engine, canvas } = picture(l);
      const has = engine !== null && canvas !== null && engine.store.getState().mode !== null;
      return { layer: l, image: has ? canvas : null, width: canvas?.width ?? 0, height: canvas?.height ?? 0 };
    });
    paintComposite(ctx, width, height, items);
  };

  const loop = (): void => {
    if (cancel || disposed || !visible) return;
    cancel = requestFrame(() => {
      cancel = null;
      capture?.flush();
      paint();
      loop();
    });
  };

  const startInput = (): void => {
    capture?.dispose();
    capture = null;
    if (!element || !visible || disposed) return;
    capture = captureInputOn(element, visible, inputs, {
      frameSize: () => store.getState(),
      send: route,
      gesture: () => {},
    });
  };

  const unsubBase = o.base.store.subscribe((s, prev) => {
    if (s.composition !== prev.composition || s.mode !== prev.mode || s.sourceOnline !== prev.sourceOnline)
      sync();
    else if (s.width !== prev.width || s.height !== prev.height || s.connection !== prev.connection)
      publish();
  });
  sync();

  const detach = (): void => {
    capture?.dispose();
    capture = null;
    cancel?.();
    cancel = null;
    visible = null;
    element = null;
  };

  return {
    store,
    attach(el, canvas) {
      if (disposed) return;
      detach();
      element = el;
      visible = canvas;
      startInput();
      loop();
    },
    detach,
    setInputs(next) {
      inputs = next;
      startInput();
    },
    sendInput: route,
    engine: (name) => (name === '' ? o.base : (live.get(name)?.engine ?? null)),
    dispose() {
      if (disposed) return;
      detach();
      disposed = true;
      unsubBase();
      for (const e of live.values()) e.engine.dispose();
      live.clear();
      o.base.detach();
    },
  };
}
