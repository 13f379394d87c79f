import {
  encodeKeyframeRequest,
  encodeRoster,
  encodeStreamStatus,
  FrameType,
  InputType,
  type StreamStatusKind,
} from '../src/protocol/index';
import type { ChannelState } from './channel-state';
import type { RelayLogger } from './logger';
import { RelayMetrics } from './metrics';
import { classify, FrameClass, type Peer, type ReceiverPeer, type ResyncSource } from './peer';
import type { RetainedBudget, Retainer } from './retained-budget';

/** What a channel needs from its relay. @internal */
export interface ChannelContext {
  readonly metrics: RelayMetrics;
  readonly log: RelayLogger;
  readonly keyframeRequestIntervalMs: number;
  readonly sourceBudget: number;
  /** The relay-wide budget for retained state, shared by every channel. */
  readonly retained: RetainedBudget;
}

/**
 * One channel: its source, its receivers and the state late joiners need. Fan-out forwards the
 * source's buffer itself to every receiver (no copy, no decode).
 * @internal
 */
export class Channel implements ResyncSource, Retainer {
  source: Peer | null = null;
  readonly receivers: Set<ReceiverPeer> = new Set();
  /** True after End until the source sends again. */
  ended = false;
  private pictureSeen = false;
  private lastKeyframeRequest = Number.NEGATIVE_INFINITY;
  private seq = 0;
  /** Roster messages have their own seq, so a source can tell one was missed. */
  private rosterSeq = 0;
  private countTimer: NodeJS.Immediate | null = null;
  /** Receivers that joined since the source last heard of joins (announced once per burst). */
  private readonly pendingJoins: Set<ReceiverPeer> = new Set();
  /** Retained bytes as last reported to the budget. */
  retained = 0;
  lastActive: number = performance.now();

  constructor(
    readonly name: string,
    readonly state: ChannelState,
    private readonly ctx: ChannelContext,
  ) {
    ctx.retained.add(this);
  }

  get idle(): boolean {
    return this.receivers.size === 0;
  }

  get deltaLogBytes(): number {
    return this.state.deltaBytes;
  }

  /** True when nobody is connected, so the store may drop the channel. */
  get empty(): boolean {
    return this.source === null && this.receivers.size === 0;
  }

  /** Fans one validated source frame out to every receiver. */
  publish(bytes: Uint8Array, type: number, flags: number): void {
    const cls = classify(type, flags);
    if (this.ended && type !== FrameType.End) {
      this.ended = false;
      this.broadcastStatus('online');
    }
    this.lastActive = performance.now();
    const refused = this.record(bytes, type, cls);
    this.account();
    if (refused) return;
    const start = performance.now();
    for (const peer of this.receivers) peer.offer(bytes, type, cls, this);
    this.ctx.metrics.fanout.observe((performance.now() - start) / 1000);
    if (type === FrameType.End) {
      this.ended = true;
      this.state.clear();
      this.account();
      this.pictureSeen = false;
    }
  }

  /** Forwards a receiver's input message to the source (dropped if there is none or it is behind). */
  toSource(bytes: Uint8Array, type: number): void {
    const slot = RelayMetrics.input(type);
    if (this.source === null || this.source.over(this.ctx.sourceBudget)) {
      this.ctx.metrics.dropped[slot]!++;
      return;
    }
    // A source never gets input from a receiver it has not been told about.
    this.flushJoins();
    this.source.send(bytes, slot);
  }

  /** Asks the source for a keyframe, at most once per `keyframeRequestIntervalMs` unless forced. */
  requestKeyframe(force = false): void {
    const now = performance.now();
    if (this.source === null) return;
    if (!force && now - this.lastKeyframeRequest < this.ctx.keyframeRequestIntervalMs) return;
    this.lastKeyframeRequest = now;
    this.ctx.metrics.keyframeRequests.inc();
    this.source.send(
      encodeKeyframeRequest({ seq: this.nextSeq(), timestamp: 0 }),
      RelayMetrics.input(InputType.KeyframeRequest),
    );
  }

  /**
   * Attaches a source: receivers learn it is online, the source learns who is there (Roster
   * snapshot, then the count) and is asked for a keyframe.
   */
  attachSource(peer: Peer): void {
    this.source = peer;
    this.pendingJoins.clear();
    this.sendRoster(
      'snapshot',
      [...this.receivers].map((r) => r.id),
    );
    this.ended = false;
    // The new source's deltas do not apply to the old keyframe: hold deltas until its keyframe.
    this.state.breakChain();
    this.account();
    for (const r of this.receivers) r.needsPicture = true;
    this.broadcastStatus('online');
    this.requestKeyframe(true);
    this.sendCountToSource();
  }

  /** Detaches the source; receivers stay and learn it is offline (unless it ended the stream). */
  detachSource(peer: Peer): void {
    if (this.source !== peer) return;
    this.source = null;
    // The next source gets a snapshot instead.
    this.pendingJoins.clear();
    if (!this.ended) this.broadcastStatus('offline');
  }

  /** Adds a receiver and sends it, first, the status, current picture and merged signal state. */
  attachReceiver(peer: ReceiverPeer): void {
    this.lastActive = performance.now();
    this.receivers.add(peer);
    if (this.source !== null) this.pendingJoins.add(peer);
    try {
      peer.send(this.statusMessage(this.status()), FrameType.StreamStatus);
      if (this.pictureSeen && !peer.sendPicture(this)) {
        // No whole chain: show the last keyframe (a moment old) and hold deltas until a new one.
        const { keyframe } = this.state;
        if (keyframe) peer.send(keyframe, keyframe[0]!);
        peer.needsPicture = true;
        this.requestKeyframe();
      }
      const sync = this.state.signalSync();
      if (sync) peer.send(sync, FrameType.SignalSync);
      else if (this.state.signalLost) {
        // The state was dropped for the memory budget: hold diffs until the source's SignalSync.
        peer.needsSignal = true;
        this.requestKeyframe();
      }
    } finally {
      // Building the sync may have merged pending diffs, even when a send after it threw.
      this.account();
    }
    this.scheduleCount();
  }

  /** Removes a receiver; the source hears of it at once (unless it never heard of the join). */
  detachReceiver(peer: ReceiverPeer): void {
    if (!this.receivers.delete(peer)) return;
    if (!this.pendingJoins.delete(peer)) this.sendRoster('left', [peer.id]);
    this.scheduleCount();
  }

  /** Stops timers and returns the retained bytes to the budget (the channel is dropped). */
  dispose(): void {
    if (this.countTimer) clearImmediate(this.countTimer);
    this.countTimer = null;
    this.pendingJoins.clear();
    this.state.clear();
    this.account();
    this.ctx.retained.remove(this);
  }

  /** Budget eviction: forget everything retained; later joiners get a KeyframeRequest. */
  dropRetained(): void {
    this.state.dropPicture();
    this.state.dropSignal();
    this.account();
  }

  /** Budget eviction: forget the delta log; later joiners get the keyframe and a request. */
  dropDeltaLog(): void {
    this.state.breakChain();
    this.account();
  }

  status(): StreamStatusKind {
    if (this.ended) return 'ended';
    return this.source ? 'online' : 'offline';
  }

  // Reports the state's size change to the relay-wide budget (which may evict, this one included).
  private account(): void {
    const now = this.state.retainedBytes;
    const delta = now - this.retained;
    this.retained = now;
    if (delta !== 0) this.ctx.retained.change(delta);
  }

  /** Records a frame in the channel state; true when it is refused (not to be forwarded). */
  private record(bytes: Uint8Array, type: number, cls: FrameClass): boolean {
    switch (cls) {
      case FrameClass.PictureKey:
        this.pictureSeen = true;
        this.state.recordKeyframe(bytes);
        break;
      case FrameClass.PictureDelta:
        this.pictureSeen = true;
        this.state.recordDelta(bytes);
        break;
      case FrameClass.SignalSync:
      case FrameClass.SignalDiff: {
        const err = this.state.recordSignal(bytes, type === FrameType.SignalSync);
        if (err === null) break;
        // Refused for everyone: live receivers stay consistent with what a late joiner gets.
        this.ctx.metrics.signalsRefused.inc({ reason: err.code.toLowerCase() });
        this.ctx.log.warn({ channel: this.name, code: err.code, reason: err.message }, 'signal refused');
        return true;
      }
    }
    return false;
  }

  private statusMessage(status: StreamStatusKind): Uint8Array {
    return encodeStreamStatus(status, { seq: this.nextSeq(), timestamp: 0 }, this.receivers.size);
  }

  private broadcastStatus(status: StreamStatusKind): void {
    if (this.receivers.size === 0) return;
    const msg = this.statusMessage(status);
    for (const r of this.receivers) r.sendControl(msg, FrameType.StreamStatus);
  }

  // Receivers often join in bursts; tell the source the count once per burst, not per join.
  private scheduleCount(): void {
    if (this.countTimer || this.source === null) return;
    this.countTimer = setImmediate(() => {
      this.countTimer = null;
      this.flushJoins();
      this.sendCountToSource();
    });
  }

  private flushJoins(): void {
    if (this.pendingJoins.size === 0) return;
    const ids = [...this.pendingJoins].map((r) => r.id);
    this.pendingJoins.clear();
    this.sendRoster('joined', ids);
  }

  // Roster is control: sent past the source's budget like StreamStatus (a leave must not be lost).
  private sendRoster(kind: 'snapshot' | 'joined' | 'left', ids: number[]): void {
    if (this.source === null) return;
    this.rosterSeq = (this.rosterSeq + 1) & 0xffff;
    this.source.send(encodeRoster(kind, ids, { seq: this.rosterSeq, timestamp: 0 }), FrameType.Roster);
  }

  private sendCountToSource(): void {
    if (this.source) this.source.send(this.statusMessage('online'), FrameType.StreamStatus);
  }

  private nextSeq(): number {
    this.seq = (this.seq + 1) & 0xffff;
    return this.seq;
  }
}
