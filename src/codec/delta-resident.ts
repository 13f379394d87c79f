/**
 * Frames that stay in the WASM kernel's memory between DeltaPixels calls: the source's base
 * (the last frame sent) and the receiver's picture. With them `encodeDelta` copies only the new
 * frame in (the base is already there, and the new frame becomes the base by swapping two
 * slots), and `applyDelta` decodes in place (no span copied in and out; the surface draws from a
 * view of the same memory). Where the WASM kernel is not loaded (yet) the frames are plain JS
 * arrays; the bytes on the wire are the same either way.
 */

import type { ResidentMemory } from './delta-kernel-types';
import { activeWasmKernel } from './delta-kernels';

/** One frame buffer, in wasm memory (`at` >= 0) or a JS array. */
class FrameSlot {
  #mem: ResidentMemory | null = null;
  #at = -1;
  #js: Uint8Array | null = null;
  bytes = 0;

  /** Makes room for `bytes`, in `mem` where given; keeps the content only when nothing moves. */
  fit(bytes: number, mem: ResidentMemory | null): void {
    if (bytes === this.bytes && (mem === null || this.#mem === mem)) return;
    this.free();
    this.bytes = bytes;
    const at = mem ? mem.reserve(bytes) : -1;
    if (at >= 0) {
      this.#mem = mem;
      this.#at = at;
    } else this.#js = new Uint8Array(bytes);
  }

  /** The frame's bytes, a fresh view (wasm memory may have grown since the last one). */
  view(): Uint8Array {
    if (this.#mem) return this.#mem.view(this.#at, this.bytes);
    return this.#js ?? new Uint8Array(0);
  }

  get resident(): boolean {
    return this.#mem !== null;
  }

  free(): void {
    this.#mem?.release(this.#at);
    this.#mem = null;
    this.#at = -1;
    this.#js = null;
    this.bytes = 0;
  }
}

/** The WASM kernel's resident memory when that kernel is in use, else null. */
const residentMemory = (): ResidentMemory | null => activeWasmKernel()?.resident ?? null;

/**
 * A source's delta base: `stage` the frame to send (copied, so the capture buffer may be reused),
 * encode it against `base()`, `commit` once it went out, which swaps the two slots: no copy.
 * Where the WASM kernel is in use both slots are in its memory, so `encodeDelta` copies nothing.
 * @internal
 */
export class DeltaBase {
  #base = new FrameSlot();
  #next = new FrameSlot();
  #has = false;
  #w = 0;
  #h = 0;

  /** Whether there is a base of this size to encode a delta against. */
  has(width: number, height: number): boolean {
    return this.#has && this.#w === width && this.#h === height;
  }

  /** Copies in the frame about to be sent; returns it as `encodeDelta` takes it (`current`). */
  stage(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Uint8Array {
    const mem = residentMemory();
    if (mem && !this.#base.resident && this.has(width, height)) {
      // The kernel loaded mid-stream: move the base in, once.
      const old = this.#base.view().slice();
      this.#base.fit(old.length, mem);
      this.#base.view().set(old);
    }
    this.#next.fit(rgba.length, mem);
    const view = this.#next.view();
    view.set(rgba);
    return view;
  }

  /** The base as `encodeDelta` takes it (`previous`; after `stage`, which may move it). */
  base(): Uint8Array {
    return this.#base.view();
  }

  /** The staged frame becomes the base. */
  commit(width: number, height: number): void {
    const b = this.#base;
    this.#base = this.#next;
    this.#next = b;
    this.#has = true;
    this.#w = width;
    this.#h = height;
  }

  /** Drops the base (the next frame must be a keyframe). */
  reset(): void {
    this.#has = false;
  }
}

/**
 * A receiver's picture, resident in wasm memory while the WASM kernel is in use: keyframes are
 * copied in, deltas applied in place (`applyDelta(message, picture.bytes())`), and `pixels()`
 * is a view for the surface to draw from. A failed `applyDelta` may leave it partly written.
 * @internal
 */
export class DeltaPicture {
  #slot = new FrameSlot();
  #px: Uint8ClampedArray | null = null;
  width = 0;
  height = 0;

  /** Sizes the picture (content undefined until `bytes()` is written). */
  resize(width: number, height: number): void {
    const bytes = width * height * 4;
    const mem = residentMemory();
    if (bytes !== this.#slot.bytes || (mem !== null && !this.#slot.resident)) {
      const old = bytes === this.#slot.bytes ? this.#slot.view().slice() : null;
      this.#slot.fit(bytes, mem);
      if (old) this.#slot.view().set(old);
    }
    this.width = width;
    this.height = height;
  }

  /** The picture's bytes, to write or to `applyDelta` into; valid until the next call here. */
  bytes(): Uint8Array {
    return this.#slot.view();
  }

  /** The picture as a surface draws it; valid until the next call here. */
  pixels(): Uint8ClampedArray {
    const b = this.#slot.view();
    const px = this.#px;
    // The same view while the memory has not grown, so a surface can keep its ImageData.
    if (px && px.buffer === b.buffer && px.byteOffset === b.byteOffset && px.length === b.length) return px;
    this.#px = new Uint8ClampedArray(b.buffer, b.byteOffset, b.length);
    return this.#px;
  }
}
