/** The interface both DeltaPixels kernels (JS and WASM) implement. */
import type { DeltaOpScan } from './delta-kernel';

/** Pixels as a codec takes them. @internal */
export type PixelBytes = Uint8Array | Uint8ClampedArray;

/** An encoded frame's sections: views into the kernel's scratch, valid until its next call. @internal */
export interface DeltaSections {
  /** 1: `words` are the literal and fill words; 2: `words` are the fill words, `coded` the literals. */
  format: 1 | 2;
  ops: Uint8Array;
  words: Uint32Array;
  coded: Uint8Array;
}

/** A DeltaPixels kernel. @internal */
export interface DeltaKernel {
  readonly name: DeltaKernelName;
  /** Encodes `cur` against `prev` (both width*height*4 bytes, already checked) in the smaller format. */
  encode(cur: PixelBytes, prev: PixelBytes, width: number, height: number): DeltaSections;
  /**
   * Applies a format-2 frame whose ops `scan` validated and whose fill count matched, to
   * `target` in place; validates `coded` before writing, so on error `target` is unchanged.
   * @throws ProtocolError `BAD_PAYLOAD` when `coded` does not give exactly `scan.literal` pixels
   */
  applyCoded(
    target: Uint8Array,
    width: number,
    scan: DeltaOpScan,
    fills: Uint8Array,
    coded: Uint8Array,
  ): void;
  /** Frame memory inside the kernel (the WASM kernel's linear memory); absent for the JS kernel. */
  readonly resident?: ResidentMemory;
}

/**
 * Frame slots in the WASM kernel's memory that stay there between calls. A view of a slot passed
 * to `encode` or `applyCoded` is used where it lies, not copied in (and `applyCoded` then writes
 * it in place: on an error it is left partly written). Views detach when the memory grows: take a
 * fresh one with `view` before each use. @internal
 */
export interface ResidentMemory {
  /** Reserves `bytes` (a multiple of 4) and returns its address, or -1 when memory cannot grow. */
  reserve(bytes: number): number;
  /** Hands back a slot from `reserve`, for reuse by a later one of at most its size. */
  release(at: number): void;
  /** A view of `bytes` bytes at `at`, over the memory as it is now. */
  view(at: number, bytes: number): Uint8Array;
}

/** Which kernel runs. @internal */
export type DeltaKernelName = 'js' | 'wasm';
