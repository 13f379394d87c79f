// The DataChannel wire is internal to the transports (not in the protocol's public index).
import {
  DATACHANNEL_PICTURES_LABEL,
  DATACHANNEL_RELIABLE_LABEL,
  DataChannelWire,
  datachannelFragmentLimit,
  MAX_DATACHANNEL_FRAGMENT,
} from '../protocol/datachannel-wire';
import { DEFAULT_FRAGMENT_LIMIT, FragmentError } from '../protocol/index';

/** Label of the reliable, ordered DataChannel (input, signal state, control, audio). @internal */
export const RELIABLE_CHANNEL = DATACHANNEL_RELIABLE_LABEL;
/** Label of the unordered, partly reliable channel that carries pictures. @internal */
export const PICTURES_CHANNEL = DATACHANNEL_PICTURES_LABEL;

/** How long the pictures channel retransmits a fragment (SCTP partial reliability), ms. @internal */
export const PICTURE_LIFETIME_MS = 500;

/** Largest fragment sent even when a peer advertises more: Chromium's own limit, 256 KiB. @internal */
export const MAX_FRAGMENT_BYTES = MAX_DATACHANNEL_FRAGMENT;

/**
 * Fragment size for `pc`: its SCTP `maxMessageSize` read at run time (capped at 256 KiB), or
 * 64 KiB when the peer says nothing.
 * @internal
 */
export function fragmentLimitOf(pc: RTCPeerConnection): number {
  return datachannelFragmentLimit(pc.sctp?.maxMessageSize);
}

/** What a `ChannelPair` reports to its transport. @internal */
export interface ChannelPairHooks {
  message(bytes: Uint8Array): void;
  askKeyframe(): void;
  broken(reason: string): void;
}

/**
 * The client's two DataChannels as one link: fragments out (pictures unordered, the rest
 * reliable), reassembly and the picture gate in, and incoming messages held until the relay's
 * `switched` arrives on the WebSocket so nothing overtakes what it sent there before.
 * @internal
 */
export class ChannelPair {
  readonly reliable: RTCDataChannel;
  readonly pictures: RTCDataChannel;
  readonly #wire1: DataChannelWire;
  #held: Uint8Array[] | null = [];
  #limit = DEFAULT_FRAGMENT_LIMIT;
  readonly #hooks: ChannelPairHooks;

  constructor(pc: RTCPeerConnection, hooks: ChannelPairHooks, lowWater: number) {
    this.#hooks = hooks;
    this.reliable = pc.createDataChannel(RELIABLE_CHANNEL, { ordered: true });
    // Retransmitted for a while (a frame late by more is not worth having), never in order: a lost
    // chunk delays its own frame only. `maxRetransmits: 0` lost half of the 960 KB frames on loopback.
    this.pictures = pc.createDataChannel(PICTURES_CHANNEL, {
      ordered: false,
      maxPacketLifeTime: PICTURE_LIFETIME_MS,
    });
    this.#wire1 = new DataChannelWire(() => hooks.askKeyframe());
    this.#wire(this.reliable, 0, lowWater);
    this.#wire(this.pictures, 1, lowWater);
  }

  get open(): boolean {
    return this.reliable.readyState === 'open' && this.pictures.readyState === 'open';
  }

  get bufferedAmount(): number {
    return this.reliable.bufferedAmount + this.pictures.bufferedAmount;
  }

  /** Pictures the gate dropped (a loss broke the chain until a keyframe). */
  get picturesDropped(): number {
    return this.#wire1.picturesDropped;
  }

  /** Fragment size, read from the SCTP transport once the channels open. */
  setLimit(limit: number): void {
    this.#limit = limit;
  }

  send(bytes: Uint8Array): void {
    const { channel, fragments } = this.#wire1.fragment(bytes, this.#limit);
    const dc = channel === 1 ? this.pictures : this.reliable;
    for (const f of fragments) dc.send(f);
  }

  /** The relay said `switched`: deliver what its channels brought so far, then everything at once. */
  release(): void {
    const held = this.#held;
    this.#held = null;
    for (const m of held ?? []) this.#hooks.message(m);
  }

  close(): void {
    for (const dc of [this.reliable, this.pictures]) {
      dc.onmessage = dc.onclose = dc.onopen = dc.onerror = null;
      try {
        dc.close();
      } catch {
        // A channel of a closed connection may throw on close; it is gone either way.
      }
    }
  }

  #wire(dc: RTCDataChannel, k: 0 | 1, lowWater: number): void {
    dc.binaryType = 'arraybuffer';
    dc.bufferedAmountLowThreshold = lowWater;
    dc.onclose = () => this.#hooks.broken(`${dc.label} closed`);
    dc.onerror = () => this.#hooks.broken(`${dc.label} failed`);
    dc.onmessage = (ev: MessageEvent) => {
      const data: unknown = ev.data;
      if (!(data instanceof ArrayBuffer)) {
        this.#hooks.broken(`${dc.label}: not a binary message`);
        return;
      }
      let got: Uint8Array | null;
      try {
        got = this.#wire1.receive(k, new Uint8Array(data));
      } catch (e) {
        this.#hooks.broken(e instanceof FragmentError ? e.message : String(e));
        return;
      }
      if (!got) return;
      if (this.#held) this.#held.push(got);
      else this.#hooks.message(got);
    };
  }
}
