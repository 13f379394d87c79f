import { MAX_SIGNAL_BYTES, type ProtocolError } from '../src/protocol/index';
import { SignalLog } from './signal-state';

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
  /**
   * Bytes of messages retained (keyframe, delta log, signal base and pending diffs): what the
   * relay-wide `maxRetainedBytes` budget counts.
   */
  readonly retainedBytes: number;
  /**
   * True when signal frames were recorded but the state was dropped (memory budget) and no
   * SignalSync came since: a late joiner must ask the source (KeyframeRequest) for one.
   */
  readonly signalLost: boolean;
  /** Records a picture keyframe and starts a new delta chain. */
  recordKeyframe(message: Uint8Array): void;
  /** Records a delta after the current keyframe. */
  recordDelta(message: Uint8Array): void;
  /**
   * Records a SignalSync (whole state) or SignalDiff (merge patch). Returns why it was refused
   * (invalid, too deep, too large, or it would grow the merged state past its cap), in which
   * case nothing changed and the relay does not forward it; null when recorded.
   */
  recordSignal(message: Uint8Array, sync: boolean): ProtocolError | null;
  /** One SignalSync message with the merged state, or null when there is none. Never throws. */
  signalSync(): Uint8Array | null;
  /**
   * Messages that bring a receiver that missed signal frames to the current state (a
   * SignalSync, then diffs since it), or null when there is none. Never throws.
   */
  signalResync(): readonly Uint8Array[] | null;
  /** Marks the delta chain broken: a new source's deltas do not apply to the old keyframe. */
  breakChain(): void;
  /** Drops the keyframe and delta log (memory budget); the chain restarts at the next keyframe. */
  dropPicture(): void;
  /** Drops the signal state (memory budget); it restarts at the next SignalSync. */
  dropSignal(): void;
  /** Forgets everything (End). */
  clear(): void;
}

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

/**
 * The in-memory `ChannelState`. Signal messages are validated as they arrive and merged lazily
 * (`SignalLog`), so the hot path never merges or serialises JSON.
 * @internal
 */
export class MemoryChannelState implements ChannelState {
  keyframe: Uint8Array | null = null;
  deltas: Uint8Array[] | null = [];
  deltaBytes = 0;
  private readonly signals: SignalLog;

  constructor(
    private readonly maxDeltaLogBytes: number,
    maxSignalStateBytes: number = MAX_SIGNAL_BYTES,
  ) {
    this.signals = new SignalLog(maxSignalStateBytes);
  }

  /** Signal messages refused or that failed to merge (the relay counts them). */
  get badSignals(): number {
    return this.signals.refused;
  }

  get retainedBytes(): number {
    return (this.keyframe?.byteLength ?? 0) + this.deltaBytes + this.signals.bytes;
  }

  get signalLost(): boolean {
    return this.signals.lost;
  }

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

  recordSignal(message: Uint8Array, sync: boolean): ProtocolError | null {
    return this.signals.record(message, sync);
  }

  signalSync(): Uint8Array | null {
    return this.signals.sync();
  }

  signalResync(): readonly Uint8Array[] | null {
    return this.signals.resync();
  }

  breakChain(): void {
    this.deltas = null;
    this.deltaBytes = 0;
  }

  dropPicture(): void {
    this.keyframe = null;
    this.breakChain();
  }

  dropSignal(): void {
    this.signals.drop(true);
  }

  clear(): void {
    this.keyframe = null;
    this.deltas = [];
    this.deltaBytes = 0;
    this.signals.drop(false);
  }
}
