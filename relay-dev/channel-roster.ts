// Who the channel's source has heard of: Roster joins (batched per burst, always before that
// receiver's input), leaves (at once) and the receiver count. Out of channel.ts, which routes frames.
import { encodeRoster, encodeStreamStatus, FrameType } from '../src/protocol/index';
import type { Peer, ReceiverPeer } from './peer';

/** What the roster needs from its channel. @internal */
export interface RosterHost {
  readonly source: Peer | null;
  readonly receivers: ReadonlySet<ReceiverPeer>;
  /** The channel's control seq (StreamStatus). */
  nextSeq(): number;
}

/** @internal */
export class SourceRoster {
  /** Roster messages have their own seq, so a source can tell one was missed. */
  private rosterSeq = 0;
  private countTimer: NodeJS.Immediate | null = null;
  /** Receivers that joined since the source last heard of joins (announced once per burst). */
  private readonly pendingJoins: Set<ReceiverPeer> = new Set();

  constructor(private readonly host: RosterHost) {}

  /** A source attached: it learns who is there (snapshot), then the count. */
  attached(): void {
    this.pendingJoins.clear();
    this.send(
      'snapshot',
      [...this.host.receivers].map((r) => r.id),
    );
  }

  /** The source went: the next one gets a snapshot instead. */
  detached(): void {
    this.pendingJoins.clear();
  }

  joined(peer: ReceiverPeer): void {
    if (this.host.source !== null) this.pendingJoins.add(peer);
  }

  left(peer: ReceiverPeer): void {
    if (!this.pendingJoins.delete(peer)) this.send('left', [peer.id]);
    this.scheduleCount();
  }

  /** Receivers of other relays joined or left (cluster; ids are this relay's for them). */
  remote(kind: 'joined' | 'left', ids: readonly number[]): void {
    if (ids.length === 0) return;
    this.flushJoins();
    this.send(kind, [...ids]);
  }

  // Receivers often join in bursts; tell the source the count once per burst, not per join.
  scheduleCount(): void {
    if (this.countTimer || this.host.source === null) return;
    this.countTimer = setImmediate(() => {
      this.countTimer = null;
      this.flushJoins();
      this.sendCount();
    });
  }

  /** Announces the pending joins now (before any input of theirs reaches the source). */
  flushJoins(): void {
    if (this.pendingJoins.size === 0) return;
    const ids = [...this.pendingJoins].map((r) => r.id);
    this.pendingJoins.clear();
    this.send('joined', ids);
  }

  sendCount(): void {
    const { source, receivers } = this.host;
    if (source)
      source.send(
        encodeStreamStatus('online', { seq: this.host.nextSeq(), timestamp: 0 }, receivers.size),
        FrameType.StreamStatus,
      );
  }

  dispose(): void {
    if (this.countTimer) clearImmediate(this.countTimer);
    this.countTimer = null;
    this.pendingJoins.clear();
  }

  // Roster is control: sent past the source's budget like StreamStatus (a leave must not be lost).
  private send(kind: 'snapshot' | 'joined' | 'left', ids: number[]): void {
    const { source } = this.host;
    if (source === null) return;
    this.rosterSeq = (this.rosterSeq + 1) & 0xffff;
    source.send(encodeRoster(kind, ids, { seq: this.rosterSeq, timestamp: 0 }), FrameType.Roster);
  }
}
