import { type InputEvent, Modifier } from '../protocol/index';
import type { ReceiverInputOptions } from './types';

/** A CSS box, as `getBoundingClientRect()` returns it. @public */
export interface BoxLike {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Maps a client (CSS pixel) position inside `box` to source pixel coordinates for a
 * `frameWidth`×`frameHeight` picture stretched over that box, clamped to the picture.
 * @example
 * ```ts
 * scaleToSource(150, 100, { left: 0, top: 0, width: 300, height: 200 }, 600, 400); // { x: 300, y: 200 }
 * ```
 * @internal
 */
export function scaleToSource(
  clientX: number,
  clientY: number,
  box: BoxLike,
  frameWidth: number,
  frameHeight: number,
): { x: number; y: number } {
  const w = frameWidth > 0 ? frameWidth : box.width;
  const h = frameHeight > 0 ? frameHeight : box.height;
  const sx = box.width > 0 ? w / box.width : 1;
  const sy = box.height > 0 ? h / box.height : 1;
  const clamp = (v: number, max: number) => Math.max(0, Math.min(Math.max(0, max - 1), Math.round(v)));
  return { x: clamp((clientX - box.left) * sx, w), y: clamp((clientY - box.top) * sy, h) };
}

/** Modifier bits of a keyboard event. @internal */
export function modifiersOf(e: {
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}): number {
  return (
    (e.shiftKey ? Modifier.Shift : 0) |
    (e.ctrlKey ? Modifier.Ctrl : 0) |
    (e.altKey ? Modifier.Alt : 0) |
    (e.metaKey ? Modifier.Meta : 0)
  );
}

// Keys whose default action (scrolling the page) would fight an app that uses them.
const PREVENT_KEYS = new Set([32, 37, 38, 39, 40]);
const AXIS_EPSILON = 0.01;

/** Fills in `ReceiverInputOptions` (every input on by default); `null` when input is off. @internal */
export function resolveInputs(
  o: ReceiverInputOptions | false | undefined,
): Required<ReceiverInputOptions> | null {
  if (o === false) return null;
  return { pointer: true, keyboard: true, touch: true, gamepad: true, scroll: true, resize: true, ...o };
}

/** What the capture needs from the engine. @internal */
export interface InputCaptureHost {
  /** The box pictures are shown in (usually the canvas). */
  box(): BoxLike;
  /** The current picture size in source pixels. */
  frameSize(): { width: number; height: number };
  send(ev: InputEvent): void;
  /** A user gesture happened (audio may be resumed now). */
  gesture(): void;
}

/**
 * Captures DOM input on an element and turns it into input events. Discrete events (buttons,
 * keys, touch start/end) are sent at once; continuous ones (pointer and touch moves, wheel,
 * resize) are coalesced and sent by `flush()`, which the engine calls once per animation frame,
 * where gamepads are also polled.
 * @internal
 */
export class InputCapture {
  readonly #el: HTMLElement;
  readonly #host: InputCaptureHost;
  readonly #o: Required<ReceiverInputOptions>;
  readonly #off: (() => void)[] = [];
  #move: { x: number; y: number; buttons: number } | null = null;
  #wheel = { dx: 0, dy: 0 };
  readonly #touchMoves = new Map<number, { x: number; y: number }>();
  #size: { width: number; height: number } | null = null;
  #sentSize = { width: -1, height: -1 };
  #axes: number[] = [];
  #buttons: { pressed: boolean; value: number }[] = [];
  #observer: ResizeObserver | null = null;

  constructor(element: HTMLElement, host: InputCaptureHost, options: Required<ReceiverInputOptions>) {
    this.#el = element;
    this.#host = host;
    this.#o = options;
    if (options.keyboard && element.tabIndex < 0) element.tabIndex = 0;
    if (options.pointer) {
      this.#listen('pointermove', (e: PointerEvent) => {
        if (this.#isTouch(e)) return;
        this.#move = { ...this.#point(e), buttons: e.buttons };
      });
      const button = (kind: 'pointerdown' | 'pointerup') => (e: PointerEvent) => {
        if (this.#isTouch(e)) return;
        this.#flushMove();
        if (kind === 'pointerdown') host.gesture();
        host.send({ kind, ...this.#point(e), buttons: e.buttons });
      };
      this.#listen('pointerdown', button('pointerdown'));
      this.#listen('pointerup', button('pointerup'));
    }
    if (options.keyboard) {
      const key = (kind: 'keydown' | 'keyup') => (e: KeyboardEvent) => {
        if (PREVENT_KEYS.has(e.keyCode)) e.preventDefault();
        if (kind === 'keydown') host.gesture();
        host.send({ kind, keyCode: e.keyCode & 0xffff, modifiers: modifiersOf(e) });
      };
      this.#listen('keydown', key('keydown'));
      this.#listen('keyup', key('keyup'));
    }
    if (options.scroll) {
      this.#listen(
        'wheel',
        (e: WheelEvent) => {
          e.preventDefault();
          // deltaMode 1 = lines, 2 = pages; the wire carries pixels.
          const k = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
          this.#wheel.dx += e.deltaX * k;
          this.#wheel.dy += e.deltaY * k;
        },
        { passive: false },
      );
    }
    if (options.touch) this.#listenTouch();
    if (options.resize) {
      const measure = () => {
        const r = element.getBoundingClientRect();
        this.#size = { width: Math.round(r.width), height: Math.round(r.height) };
      };
      measure();
      if (typeof ResizeObserver !== 'undefined') {
        this.#observer = new ResizeObserver(measure);
        this.#observer.observe(element);
      }
    }
  }

  /** Sends what was coalesced since the last call and polls gamepads. */
  flush(): void {
    this.#flushMove();
    for (const [id, p] of this.#touchMoves) this.#host.send({ kind: 'touch', id, ...p });
    this.#touchMoves.clear();
    const { dx, dy } = this.#wheel;
    if (dx !== 0 || dy !== 0) {
      this.#host.send({ kind: 'scroll', dx, dy });
      this.#wheel = { dx: 0, dy: 0 };
    }
    const size = this.#size;
    if (
      size &&
      size.width > 0 &&
      size.height > 0 &&
      (size.width !== this.#sentSize.width || size.height !== this.#sentSize.height)
    ) {
      this.#sentSize = size;
      this.#host.send({ kind: 'resize', width: size.width, height: size.height });
    }
    if (this.#o.gamepad) this.#pollGamepad();
  }

  /** Sends the element size again on the next flush (after a (re)connect the source may not know it). */
  resendSize(): void {
    this.#sentSize = { width: -1, height: -1 };
  }

  dispose(): void {
    for (const off of this.#off.splice(0)) off();
    this.#observer?.disconnect();
    this.#observer = null;
  }

  #listen<E extends Event>(type: string, handler: (e: E) => void, opts?: AddEventListenerOptions): void {
    const h = handler as EventListener;
    this.#el.addEventListener(type, h, opts);
    this.#off.push(() => this.#el.removeEventListener(type, h, opts));
  }

  #isTouch(e: PointerEvent): boolean {
    // Touch is captured through touch events (with ids); skip its emulated pointer events.
    return this.#o.touch && e.pointerType === 'touch';
  }

  #point(e: { clientX: number; clientY: number }): { x: number; y: number } {
    const f = this.#host.frameSize();
    return scaleToSource(e.clientX, e.clientY, this.#host.box(), f.width, f.height);
  }

  #flushMove(): void {
    if (!this.#move) return;
    this.#host.send({ kind: 'pointer', ...this.#move });
    this.#move = null;
  }

  #listenTouch(): void {
    const each = (e: TouchEvent, fn: (id: number, p: { x: number; y: number }) => void) => {
      e.preventDefault();
      for (const t of Array.from(e.changedTouches)) fn(t.identifier & 0xff, this.#point(t));
    };
    const opts = { passive: false };
    this.#listen(
      'touchstart',
      (e: TouchEvent) => {
        this.#host.gesture();
        each(e, (id, p) => this.#host.send({ kind: 'touch', id, ...p }));
      },
      opts,
    );
    this.#listen('touchmove', (e: TouchEvent) => each(e, (id, p) => this.#touchMoves.set(id, p)), opts);
    const end = (e: TouchEvent) =>
      each(e, (id, p) => {
        this.#touchMoves.delete(id);
        this.#host.send({ kind: 'touchend', id, ...p });
      });
    this.#listen('touchend', end, opts);
    this.#listen('touchcancel', end, opts);
  }

  #pollGamepad(): void {
    if (typeof navigator === 'undefined' || typeof navigator.getGamepads !== 'function') return;
    const pad = Array.from(navigator.getGamepads()).find((p) => p?.connected);
    if (!pad) return;
    pad.axes.forEach((value, axis) => {
      const prev = this.#axes[axis];
      if (prev === undefined || Math.abs(prev - value) > AXIS_EPSILON) {
        this.#axes[axis] = value;
        this.#host.send({ kind: 'gamepadaxis', axis, value });
      }
    });
    pad.buttons.forEach((b, button) => {
      const prev = this.#buttons[button];
      if (!prev || prev.pressed !== b.pressed || Math.abs(prev.value - b.value) > AXIS_EPSILON) {
        const first = !prev;
        this.#buttons[button] = { pressed: b.pressed, value: b.value };
        // The first poll only records the resting state of unpressed buttons.
        if (!first || b.pressed)
          this.#host.send({ kind: 'gamepadbutton', button, pressed: b.pressed, value: b.value });
      }
    });
  }
}

/**
 * Starts input capture on `element` for a picture shown in `canvas` (positions are scaled against
 * the canvas box when it is a DOM canvas, else against the element); `null` when input is off.
 * @internal
 */
export function captureInputOn(
  element: HTMLElement,
  canvas: object,
  options: ReceiverInputOptions | false | undefined,
  host: Omit<InputCaptureHost, 'box'>,
): InputCapture | null {
  const inputs = resolveInputs(options);
  if (!inputs) return null;
  const isSurface = typeof (canvas as { putPixels?: unknown }).putPixels === 'function';
  const c = canvas as { getBoundingClientRect?: () => BoxLike };
  const box =
    !isSurface && typeof c.getBoundingClientRect === 'function'
      ? () => c.getBoundingClientRect!()
      : () => element.getBoundingClientRect();
  return new InputCapture(element, { ...host, box }, inputs);
}
