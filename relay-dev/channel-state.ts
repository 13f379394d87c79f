import {
  encodeMessage,
  Flag,
  FrameType,
  HEADER_SIZE,
  mergeSignal,
  peekSeq,
  peekTimestamp,
  type SignalState,
} from '../src/protocol/index';

/**
 * What the relay remembers about a channel so a late joiner (or a receiver that fell behind)
 * can be brought to the current picture and signal state without asking the source. This is
 * the seam for clustering: a store backed by NATS JetStream key-value can implement it.
 * @public
 */
export interface ChannelState {
  /** The last picture keyframe (Pixels, or any frame with FLAG_KEYFRAME), or null. */
  readonly keyframe: Uint8Array | null;
  /** Deltas since `keyframe`, in order; `null` when the chain is broken (log overflow, new source). */
  readonly deltas: readonly Uint8Array[] | null;
  /** Bytes in `deltas`. */
  readonly deltaBytes: number;
  /** Records a picture keyframe and starts a new delta chain. */
  recordKeyframe(message: Uint8Array): void;
  /** Records a delta after the current keyframe. */
  recordDelta(message: Uint8Array): void;
  /** Records a SignalSync (whole state) or SignalDiff (merge patch). */
  recordSignal(message: Uint8Array, sync: boolean): void;
  /** One SignalSync message with the merged state, or null when no signal was sent yet. */
  signalSync(): Uint8Array | null;
  /** Marks the delta chain broken: a new source's deltas do not apply to the old keyframe. */
  breakChain(): void;
  /** Forgets everything (End). */
  clear(): void;
}

/** Signal diffs kept unparsed before they are merged into the state. @internal */
const MAX_PENDING_DIFFS = 256;
const MAX_PENDING_DIFF_BYTES = 256 * 1024;

// ws may hand out views into a larger socket read buffer; keeping such a view would pin the
// whole chunk, so copy anything that is much smaller than its backing buffer.
function own(bytes: Uint8Array): Uint8Array {
  return bytes.byteLength * 2 < bytes.buffer.byteLength ? copy(bytes) : bytes;
}

// Not `bytes.slice()`: on a Node Buffer, slice() is a view, not a copy.
function copy(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.byteLength);
  out.set(bytes);
  return out;
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

function parseSignal(message: Uint8Array): SignalState | null {
  try {
    const value: unknown = JSON.parse(decoder.decode(message.subarray(HEADER_SIZE)));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as SignalState)
      : null;
  } catch {
    return null;
  }
}

/**
 * The in-memory `ChannelState`. Signal diffs are kept as bytes and merged lazily (when a late
 * joiner needs the state or the backlog grows), so the hot path never parses JSON.
 * @internal
 */
export class MemoryChannelState implements ChannelState {
  keyframe: Uint8Array | null = null;
  deltas: Uint8Array[] | null = [];
  deltaBytes = 0;
  /** Signal diffs or syncs that failed to parse while merging (the relay logs them). */
  badSignals = 0;
  private sync: Uint8Array | null = null;
  private merged: SignalState | null = null;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private cachedSync: Uint8Array | null = null;
  private lastSeq = 0;
  private lastTimestamp = 0;

  constructor(private readonly maxDeltaLogBytes: number) {}

  recordKeyframe(message: Uint8Array): void {
    this.keyframe = own(message);
    this.deltas = [];
    this.deltaBytes = 0;
  }

  recordDelta(message: Uint8Array): void {
    if (this.deltas === null) return;
    if (this.keyframe === null || this.deltaBytes + message.byteLength > this.maxDeltaLogBytes) {
      this.breakChain();
      return;
    }
    this.deltaBytes += message.byteLength;
    this.deltas.push(own(message));
  }

  recordSignal(message: Uint8Array, sync: boolean): void {
    this.cachedSync = null;
    this.lastSeq = peekSeq(message);
    this.lastTimestamp = peekTimestamp(message);
    if (sync) {
      this.sync = own(message);
      this.merged = null;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    this.pending.push(copy(message));
    this.pendingBytes += message.byteLength;
    if (this.pending.length > MAX_PENDING_DIFFS || this.pendingBytes > MAX_PENDING_DIFF_BYTES) this.compact();
  }

  signalSync(): Uint8Array | null {
    if (this.pending.length === 0 && this.merged === null) return this.sync;
    if (this.cachedSync) return this.cachedSync;
    this.compact();
    const state = this.merged ?? {};
    this.cachedSync = encodeMessage(
      {
        type: FrameType.SignalSync,
        flags: Flag.Keyframe,
        seq: this.lastSeq,
        timestamp: this.lastTimestamp,
        width: 0,
        height: 0,
      },
      encoder.encode(JSON.stringify(state)),
    );
    return this.cachedSync;
  }

  breakChain(): void {
    this.deltas = null;
    this.deltaBytes = 0;
  }

  clear(): void {
    this.keyframe = null;
    this.deltas = [];
    this.deltaBytes = 0;
    this.sync = null;
    this.merged = null;
    this.pending = [];
    this.pendingBytes = 0;
    this.cachedSync = null;
  }

  private compact(): void {
    let state: SignalState | null = this.merged;
    if (state === null && this.sync !== null) {
      state = parseSignal(this.sync);
      if (state === null) this.badSignals++;
    }
    state ??= {};
    // Take the diffs off first: one that cannot be merged is counted and skipped, never left
    // behind to fail every later join.
    const pending = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.sync = null;
    for (const diff of pending) {
      const patch = parseSignal(diff);
      if (patch === null) {
        this.badSignals++;
        continue;
      }
      try {
        state = mergeSignal(state, patch);
      } catch {
        this.badSignals++;
      }
    }
    this.merged = state;
  }
}
