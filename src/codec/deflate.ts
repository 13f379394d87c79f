import { deflateSync, Inflate } from 'fflate';
import { fail, ProtocolError } from '../protocol/errors';

/** A DEFLATE compression level: 0 (stored) to 9 (smallest, slowest). @public */
export type DeflateLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/**
 * DEFLATE's largest expansion: one 258-byte match per (at best) 2 bits of input, so one input
 * byte can become at most 1032 output bytes. Sizing the input steps by it bounds what a single
 * step can inflate.
 */
const MAX_EXPANSION = 1032;

/** Smallest input step: below this fflate's per-push overhead dominates. */
const MIN_STEP = 1024;

/** Raw DEFLATE (RFC 1951, no zlib or gzip wrapper) of `data`. @internal */
export function deflateRaw(data: Uint8Array | Uint8ClampedArray, level: DeflateLevel): Uint8Array {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.length);
  return deflateSync(bytes, { level });
}

/**
 * Inflates the raw DEFLATE stream `data`, which must give exactly `size` bytes, into a new
 * buffer of `size` bytes. A decompression bomb cannot make it allocate or work without bound:
 * the input is fed in steps of `max(1 KiB, size / 1032)` bytes, so one step inflates at most
 * about `size` bytes, and it stops at the first step whose output passes `size`. The transient
 * output therefore stays under about twice `size` (plus fflate's 128 KiB block margin), whatever
 * the stream claims.
 * @throws ProtocolError `SIZE_MISMATCH` when the stream inflates to more or fewer than `size`
 * bytes, `BAD_PAYLOAD` when it is not a complete DEFLATE stream
 * @internal
 */
export function inflateExact(data: Uint8Array, size: number, what: string): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  let over = false;
  const inflate = new Inflate((chunk) => {
    if (over || at + chunk.length > size) {
      over = true;
      return;
    }
    out.set(chunk, at);
    at += chunk.length;
  });
  // fflate reads an empty input as an empty stream; DEFLATE has none (one final block at least).
  if (data.length === 0) fail('BAD_PAYLOAD', `${what}: empty DEFLATE stream`);
  const step = Math.max(MIN_STEP, Math.ceil(size / MAX_EXPANSION));
  try {
    for (let i = 0; i < data.length && !over; i += step) {
      inflate.push(data.subarray(i, i + step), i + step >= data.length);
    }
  } catch (e) {
    if (e instanceof ProtocolError) throw e;
    // fflate throws on a corrupt or truncated stream: hostile bytes, not a bug of ours.
    fail('BAD_PAYLOAD', `${what}: not a complete DEFLATE stream (${e instanceof Error ? e.message : e})`);
  }
  if (over) fail('SIZE_MISMATCH', `${what}: inflates to more than the ${size} bytes expected`);
  if (at !== size) fail('SIZE_MISMATCH', `${what}: inflates to ${at} bytes, ${size} expected`);
  return out;
}
