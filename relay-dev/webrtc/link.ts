import {
  DATACHANNEL_PICTURES_LABEL,
  DATACHANNEL_RELIABLE_LABEL,
  DataChannelWire,
  datachannelFragmentLimit,
  MAX_DATACHANNEL_FRAGMENT,
} from '../../src/protocol/datachannel-wire';
import { FragmentError } from '../../src/protocol/index';

/** DataChannel labels: the client creates both, the relay accepts them by label. @internal */
export const RELIABLE_LABEL = DATACHANNEL_RELIABLE_LABEL;
/** @internal */
export const PICTURES_LABEL = DATACHANNEL_PICTURES_LABEL;

/** Largest fragment the relay sends even when a peer advertises more (Chromium's own limit). @internal */
export const MAX_FRAGMENT = MAX_DATACHANNEL_FRAGMENT;

/** Fragment size to use on `pc`: its SCTP `maxMessageSize`, 64 KiB when it says nothing. @internal */
export function fragmentLimit(pc: RTCPeerConnection): number {
  return datachannelFragmentLimit(pc.sctp?.maxMessageSize);
}

/** What a link tells its owner. @internal */
export interface LinkHooks {
  /** One whole message in (pictures passed the gate), in order. */
  message(bytes: Uint8Array): void;
  /** The pictures channel lost a message: ask the far side for a keyframe. */
  askKeyframe(): void;
  /** A channel failed or sent something malformed. */
  broken(reason: string): void;
}

/**
 * The relay's end of one peer's two DataChannels: sends fragmented messages (pictures on the
 * unordered channel, the rest on the reliable one) and reassembles what arrives, holding it until
 * the peer's `switched` so nothing overtakes what the peer sent on its WebSocket before.
 * @internal
 */
export class DataLink {
  readonly #wire1: DataChannelWire;
  #held: Uint8Array[] | null = [];
  #heldBytes = 0;

  constructor(
    readonly reliable: RTCDataChannel,
    readonly pictures: RTCDataChannel,
    private readonly limit: number,
    private readonly hooks: LinkHooks,
    private readonly maxHeldBytes: number,
  ) {
    this.#wire1 = new DataChannelWire(() => hooks.askKeyframe());
    this.#wire(reliable, 0);
    this.#wire(pictures, 1);
  }

  /** Bytes queued on both channels. */
  get bufferedAmount(): number {
    return this.reliable.bufferedAmount + this.pictures.bufferedAmount;
  }

  get open(): boolean {
    return this.reliable.readyState === 'open' && this.pictures.readyState === 'open';
  }

  /** Sends one whole message on the channel its type belongs to. */
  send(bytes: Uint8Array): void {
    try {
      const { channel, fragments } = this.#wire1.fragment(bytes, this.limit);
      const dc = channel === 1 ? this.pictures : this.reliable;
      for (const f of fragments) dc.send(f);
    } catch (err) {
      // The channel closed under us (its close event is still on its way): the peer reconnects.
      this.hooks.broken(err instanceof Error ? err.message : String(err));
    }
  }

  /** The peer said `switched` on its WebSocket: what it sent on the channels may go in now. */
  release(): void {
    const held = this.#held;
    this.#held = null;
    for (const m of held ?? []) this.hooks.message(m);
  }

  close(): void {
    for (const dc of [this.reliable, this.pictures]) {
      dc.onmessage = dc.onclose = null;
      dc.close();
    }
  }

  /** Takes messages that arrived on a channel before the link existed (both were not yet open). */
  feed(label: string, early: readonly unknown[]): void {
    const k = label === PICTURES_LABEL ? 1 : 0;
    for (const data of early) this.#in1(k, data, label);
  }

  #wire(dc: RTCDataChannel, k: 0 | 1): void {
    dc.binaryType = 'arraybuffer';
    dc.onclose = () => this.hooks.broken(`${dc.label} closed`);
    dc.onmessage = (ev: MessageEvent) => this.#in1(k, ev.data, dc.label);
  }

  #in1(k: 0 | 1, data: unknown, label: string): void {
    {
      if (!(data instanceof ArrayBuffer)) {
        this.hooks.broken(`${label}: text message`);
        return;
      }
      let got: Uint8Array | null;
      try {
        got = this.#wire1.receive(k, new Uint8Array(data));
      } catch (err) {
        this.hooks.broken(err instanceof FragmentError ? err.message : String(err));
        return;
      }
      if (got) this.#take(got);
    }
  }

  #take(m: Uint8Array): void {
    if (this.#held === null) {
      this.hooks.message(m);
      return;
    }
    this.#heldBytes += m.byteLength;
    if (this.#heldBytes > this.maxHeldBytes) this.hooks.broken('too much sent before switched');
    else this.#held.push(m);
  }
}
