import { DEFAULT_MAX_PAYLOAD, HEADER_SIZE } from './constants';
import { ProtocolError } from './errors';
import { readHeader } from './header';
import { checkPayloadLength, checkType } from './message';
import type { DecodeOptions, Header, Message } from './types';

/**
 * Reassembles messages from a byte stream split at arbitrary points (a TCP stream, a
 * file, SCTP fragments). `payload_len` is checked against `maxPayload` as soon as the
 * header is complete, before any payload is buffered. After the first error the reader
 * stays errored: every later `push` throws `READER_ERRORED`. A pushed chunk is kept (not
 * copied) until its bytes are consumed, so the caller must not detach or reuse its buffer.
 *
 * @example
 * ```ts
 * const reader = new MessageReader({ maxPayload: 1 << 20 });
 * socket.on('data', (chunk) => { for (const m of reader.push(chunk)) handle(m); });
 * ```
 * @public
 */
export class MessageReader {
  private readonly maxPayload: number;
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private header: Header | undefined;
  private error: ProtocolError | undefined;
  /** Name of the non-protocol exception that stopped the reader, if one did. */
  private bug: string | undefined;

  constructor(options: DecodeOptions = {}) {
    this.maxPayload = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
  }

  /** Bytes held while waiting for the rest of a message. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** True once the reader has failed. */
  get errored(): boolean {
    return this.error !== undefined || this.bug !== undefined;
  }

  /**
   * Adds a chunk and returns every message it completes, in order. Payloads are views into
   * the pushed chunks when a payload lies within one chunk, copies otherwise.
   * @throws ProtocolError on a bad header; the reader is then unusable. Any other exception
   * (a bug, such as a chunk whose buffer was detached after it was pushed) propagates
   * unchanged, never turned into a ProtocolError, and also leaves the reader unusable.
   */
  push(chunk: Uint8Array): Message[] {
    if (this.error || this.bug) throw new ProtocolError('READER_ERRORED', this.error?.code ?? this.bug);
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const out: Message[] = [];
    try {
      for (;;) {
        if (!this.header) {
          if (this.buffered < HEADER_SIZE) break;
          const header = readHeader(this.consume(HEADER_SIZE));
          checkPayloadLength(header.payloadLength, this.maxPayload);
          checkType(header);
          this.header = header;
        }
        const need = this.header.payloadLength;
        if (this.buffered < need) break;
        out.push({ header: this.header, payload: this.consume(need) });
        this.header = undefined;
      }
    } catch (e) {
      // Either way the stream position is lost, so the reader stops here.
      this.chunks = [];
      this.buffered = 0;
      this.header = undefined;
      // Only a ProtocolError is the stream's fault. Anything else (a TypeError, a RangeError) is
      // a bug, in the reader or its caller, and propagates as itself rather than disguised as bad
      // input.
      if (e instanceof ProtocolError) this.error = e;
      else this.bug = e instanceof Error ? e.name : typeof e;
      throw e;
    }
    return out;
  }

  /** Takes `n` buffered bytes: a subarray when they lie in the first chunk, one copy otherwise. */
  private consume(n: number): Uint8Array {
    this.buffered -= n;
    const first = this.chunks[0];
    if (n === 0) return new Uint8Array(0);
    if (first && first.length === n) {
      this.chunks.shift();
      return first;
    }
    if (first && first.length > n) {
      this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const dst = new Uint8Array(n);
    let off = 0;
    while (off < n) {
      const c = this.chunks[0]!;
      const take = Math.min(c.length, n - off);
      dst.set(take === c.length ? c : c.subarray(0, take), off);
      off += take;
      if (take === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(take);
    }
    return dst;
  }
}
