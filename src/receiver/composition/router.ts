import type { CompositionLayer, InputEvent } from '../../protocol/index';
import { drawOrder, layerAt, type PictureSize, toLayerPoint } from './layers';

/**
 * Where composite input goes: `'topmost'` sends pointer and touch to the topmost input-taking layer
 * under the point and keys to the focused one; `'broadcast'` sends every event to every online
 * input-taking layer, each in its own coordinates.
 * @public
 */
export type InputRouting = 'topmost' | 'broadcast';

/** A layer the router can send to: its placement and its picture's size now. @internal */
export interface RoutableLayer extends CompositionLayer {
  readonly picture: PictureSize;
}

/** One routed event: the layer's name and the event in that layer's coordinates. @internal */
export interface Routed {
  readonly name: string;
  readonly event: InputEvent;
}

/**
 * Routes composite input (positions in composite pixels) to composition layers. It remembers the
 * focused layer (the last one pressed or touched), the layer a pointer press began on (moves and
 * the release of a drag stay with it) and each touch point's layer.
 * @internal
 */
export class InputRouter {
  #focused: string | null = null;
  #pressed: string | null = null;
  readonly #touches = new Map<number, string>();

  constructor(readonly routing: InputRouting = 'topmost') {}

  /** The focused layer's name: the last one clicked or touched; `null` before any. */
  get focused(): string | null {
    return this.#focused;
  }

  /** Routes one event; `composite` is the composite's size (for resize). */
  route(ev: InputEvent, layers: readonly RoutableLayer[], composite: PictureSize): Routed[] {
    const live = drawOrder(layers.filter((l) => l.online && l.input));
    if (ev.kind === 'ack' || ev.kind === 'keyframe-request') return [];
    if (ev.kind === 'resize') return live.map((l) => ({ name: l.name, event: resizeFor(l, ev, composite) }));
    if (this.routing === 'broadcast') return live.map((l) => ({ name: l.name, event: inLayer(l, ev) }));
    switch (ev.kind) {
      case 'pointer':
      case 'pointerdown':
      case 'pointerup':
        return this.#pointer(ev, live);
      case 'touch':
      case 'touchend':
        return this.#touch(ev, live);
      default: {
        const target = live.find((l) => l.name === this.#focused) ?? live[live.length - 1];
        return target ? [{ name: target.name, event: ev }] : [];
      }
    }
  }

  #pointer(
    ev: InputEvent & { kind: 'pointer' | 'pointerdown' | 'pointerup' },
    live: RoutableLayer[],
  ): Routed[] {
    // A drag belongs to the layer it began on, even when the pointer leaves its region.
    const held = this.#pressed !== null ? live.find((l) => l.name === this.#pressed) : undefined;
    const target = held ?? layerAt(live, ev.x, ev.y);
    if (ev.kind === 'pointerdown') {
      this.#pressed = target?.name ?? null;
      if (target) this.#focused = target.name;
    } else if (ev.kind === 'pointerup' && ev.buttons === 0) this.#pressed = null;
    return target ? [{ name: target.name, event: inLayer(target, ev) }] : [];
  }

  #touch(ev: InputEvent & { kind: 'touch' | 'touchend' }, live: RoutableLayer[]): Routed[] {
    const known = this.#touches.get(ev.id);
    let target = known !== undefined ? live.find((l) => l.name === known) : undefined;
    if (known === undefined && ev.kind === 'touch') {
      target = layerAt(live, ev.x, ev.y) ?? undefined;
      if (target) {
        this.#touches.set(ev.id, target.name);
        this.#focused = target.name;
      }
    }
    if (ev.kind === 'touchend') this.#touches.delete(ev.id);
    return target ? [{ name: target.name, event: inLayer(target, ev) }] : [];
  }
}

/** The event in the layer's picture coordinates (positional events only; others unchanged). */
function inLayer(l: RoutableLayer, ev: InputEvent): InputEvent {
  switch (ev.kind) {
    case 'pointer':
    case 'pointerdown':
    case 'pointerup':
    case 'touch':
    case 'touchend':
      return { ...ev, ...toLayerPoint(l, l.picture, ev.x, ev.y) };
    default:
      return ev;
  }
}

/** The viewport a layer's region takes of the receiver's viewport. */
function resizeFor(
  l: RoutableLayer,
  ev: InputEvent & { kind: 'resize' },
  composite: PictureSize,
): InputEvent {
  const kx = composite.width > 0 ? l.width / composite.width : 1;
  const ky = composite.height > 0 ? l.height / composite.height : 1;
  return {
    kind: 'resize',
    width: Math.max(1, Math.round(ev.width * kx)),
    height: Math.max(1, Math.round(ev.height * ky)),
  };
}
