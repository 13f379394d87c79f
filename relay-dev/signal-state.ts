import {
  checkSignalPayload,
  encodeMessage,
  Flag,
  FrameType,
  HEADER_SIZE,
  mergeSignal,
  ProtocolError,
  peekSeq,
  peekTimestamp,
  type SignalState,
} from '../src/protocol/index';

/** Signal diffs kept unmerged before they are folded into the base state. @internal */
const MAX_PENDING_DIFFS = 256;
const MAX_PENDING_DIFF_BYTES = 256 * 1024;

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

// Not `bytes.slice()`: on a Node Buffer, slice() is a view, not a copy. Every message kept here
// is copied, so none pins a socket's read buffer.
function copy(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.byteLength);
  out.set(bytes);
  return out;
}

/**
 * A channel's merged signal state, kept as a base SignalSync message plus the diffs recorded
 * after it (bytes, merged lazily). Every message is validated as it is recorded
 * (`checkSignalPayload`: size, depth, JSON object), so the state can always be serialised; a
 * bad one is refused and the previous state kept.
 *
 * The merged state's serialised size stays under `maxStateBytes`: a diff is refused when the
 * base's measured size plus the payload bytes of the diffs accepted since, plus its own, would
 * exceed it (the base is re-measured, by merging and serialising once, before refusing).
 * @internal
 */
export class SignalLog {
  /** Refused messages and merges that failed (the relay counts them). */
  refused = 0;
  /** A SignalSync of the base state (the source's own bytes, or one built by merging). */
  private base: Uint8Array | null = null;
  /** The parsed base, once needed. */
  private parsed: SignalState | null = null;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Payload bytes of the pending diffs: an upper bound on how much they can grow the state. */
  private growth = 0;
  private lastSeq = 0;
  private lastTimestamp = 0;
  /** Signal frames went by but the state was dropped (memory budget) until the next SignalSync. */
  lost = false;

  constructor(private readonly maxStateBytes: number) {}

  /** Bytes retained: the base message and the pending diffs. */
  get bytes(): number {
    return (this.base?.byteLength ?? 0) + this.pendingBytes;
  }

  /**
   * Records a SignalSync or SignalDiff. Returns the reason it was refused (not retained; the
   * caller should not forward it either), or null.
   */
  record(message: Uint8Array, sync: boolean): ProtocolError | null {
    const bad = checkSignalPayload(message, this.maxStateBytes);
    if (bad) {
      this.refused++;
      return bad;
    }
    const payload = message.byteLength - HEADER_SIZE;
    if (sync) {
      this.base = copy(message);
      this.parsed = null;
      this.pending = [];
      this.pendingBytes = 0;
      this.growth = 0;
      this.lost = false;
      this.stamp(message);
      return null;
    }
    if (this.lost) return null; // forwarded live; nothing to merge it into until a SignalSync
    if (this.stateBytes() + this.growth + payload > this.maxStateBytes) {
      this.compact();
      // Measured over the cap, the state was dropped: this diff has no base to apply to.
      if (this.lost) return null;
      if (this.stateBytes() + payload > this.maxStateBytes) {
        this.refused++;
        return new ProtocolError(
          'PAYLOAD_TOO_LARGE',
          `merged signal state would exceed maxSignalStateBytes (${this.maxStateBytes})`,
        );
      }
    }
    this.stamp(message);
    this.pending.push(copy(message));
    this.pendingBytes += message.byteLength;
    this.growth += payload;
    if (this.pending.length > MAX_PENDING_DIFFS || this.pendingBytes > MAX_PENDING_DIFF_BYTES) this.compact();
    return null;
  }

  /** One SignalSync of the merged state (built at most once per change), or null. Never throws. */
  sync(): Uint8Array | null {
    if (this.pending.length > 0) this.compact();
    return this.base;
  }

  /**
   * What brings a receiver that missed diffs to the current state: the base SignalSync, then
   * the diffs since, in order; null when there is no state. Builds nothing, so a receiver
   * resynchronising costs no merge or serialisation however often the state changes.
   */
  resync(): readonly Uint8Array[] | null {
    if (this.base === null) return null;
    return this.pending.length === 0 ? [this.base] : [this.base, ...this.pending];
  }

  /** True when there is a state to send (a SignalSync was recorded and not dropped). */
  get present(): boolean {
    return this.base !== null;
  }

  /** Forgets the state; with `lost`, late joiners must ask the source for a SignalSync. */
  drop(lost: boolean): void {
    const had = this.base !== null || this.lost;
    this.base = null;
    this.parsed = null;
    this.pending = [];
    this.pendingBytes = 0;
    this.growth = 0;
    this.lost = lost && had;
  }

  private stamp(message: Uint8Array): void {
    this.lastSeq = peekSeq(message);
    this.lastTimestamp = peekTimestamp(message);
  }

  /** Serialised size of the base state's JSON. */
  private stateBytes(): number {
    return this.base === null ? 0 : this.base.byteLength - HEADER_SIZE;
  }

  // Folds the pending diffs into the base and rebuilds the base message: once per batch of up
  // to MAX_PENDING_DIFFS diffs, per late join after a change, or when the size cap needs an
  // exact measure. Never throws: whatever cannot be merged is counted and skipped.
  private compact(): void {
    if (this.pending.length === 0) return;
    let state: SignalState = this.parsed ?? (this.base ? parse(this.base) : null) ?? {};
    for (const diff of this.pending) {
      const patch = parse(diff);
      try {
        if (patch) state = mergeSignal(state, patch);
        else this.refused++;
      } catch {
        this.refused++;
      }
    }
    this.pending = [];
    this.pendingBytes = 0;
    this.growth = 0;
    let json: Uint8Array;
    try {
      json = encoder.encode(JSON.stringify(state));
    } catch {
      // Unreachable for validated input (depth <= MAX_SIGNAL_DEPTH), but a join must not throw.
      this.refused++;
      this.drop(true);
      return;
    }
    if (json.byteLength > this.maxStateBytes) {
      // Only possible when numbers serialise longer than written (1e300): treat it as a state
      // too large to keep; late joiners then ask the source for a fresh SignalSync.
      this.refused++;
      this.drop(true);
      return;
    }
    this.parsed = state;
    this.base = encodeMessage(
      {
        type: FrameType.SignalSync,
        flags: Flag.Keyframe,
        seq: this.lastSeq,
        timestamp: this.lastTimestamp,
        width: 0,
        height: 0,
      },
      json,
    );
  }
}

// Validated at record time; parsing again here cannot fail unless the message was altered.
function parse(message: Uint8Array): SignalState | null {
  try {
    return JSON.parse(decoder.decode(message.subarray(HEADER_SIZE))) as SignalState;
  } catch {
    return null;
  }
}
