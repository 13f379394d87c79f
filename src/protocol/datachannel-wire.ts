import { DEFAULT_FRAGMENT_LIMIT, fragmentMessage } from './fragment';
import { isPictureType, PictureGate } from './picture-gate';
import { Reassembler } from './reassembler';

/** Label of the reliable, ordered DataChannel (input, signal state, control, audio). @internal */
export const DATACHANNEL_RELIABLE_LABEL = 'ds-reliable';
/** Label of the unordered, partly reliable DataChannel that carries pictures. @internal */
export const DATACHANNEL_PICTURES_LABEL = 'ds-pictures';
/** Largest fragment sent even when a peer advertises more: Chromium's own limit, 256 KiB. @internal */
export const MAX_DATACHANNEL_FRAGMENT = 262_144;

/**
 * Fragment size for a peer connection whose SCTP transport says `maxMessageSize` (capped at
 * 256 KiB), or 64 KiB when it says nothing.
 * @internal
 */
export function datachannelFragmentLimit(maxMessageSize: number | null | undefined): number {
  const m = maxMessageSize;
  if (m === undefined || m === null || !(m > 64)) return DEFAULT_FRAGMENT_LIMIT;
  return Math.min(m, MAX_DATACHANNEL_FRAGMENT);
}

/** Which of a link's two DataChannels: 0 reliable, 1 pictures. @internal */
export type DataChannelIndex = 0 | 1;

/**
 * The wire side of one end of the two-DataChannel link, shared by the client transport and the
 * relay: outgoing messages get the channel their type belongs to and fragments with that
 * channel's next id; incoming fragments are reassembled per channel, and pictures pass the
 * picture gate (a loss drops deltas until a keyframe). The channels themselves stay with the caller.
 * @internal
 */
export class DataChannelWire {
  readonly #ids = [0, 0];
  readonly #in = [new Reassembler({ expectFirst: 0 }), new Reassembler({ expectFirst: 0 })];
  readonly #gate: PictureGate;

  constructor(askKeyframe: () => void) {
    this.#gate = new PictureGate({ askKeyframe, startBroken: false });
  }

  /** Pictures the gate dropped (a loss broke the chain until a keyframe). */
  get picturesDropped(): number {
    return this.#gate.dropped;
  }

  /** The channel `message` goes on and its fragments of at most `limit` bytes, to send in order. */
  fragment(
    message: Uint8Array,
    limit: number,
  ): { channel: DataChannelIndex; fragments: Uint8Array<ArrayBuffer>[] } {
    const channel: DataChannelIndex = isPictureType(message[0]!) ? 1 : 0;
    const id = this.#ids[channel]!;
    this.#ids[channel] = (id + 1) >>> 0;
    return { channel, fragments: fragmentMessage(message, id, limit) };
  }

  /**
   * One fragment in on `channel`: the whole message it completes when that message is to be
   * delivered, or null. Throws `FragmentError` on a malformed fragment.
   */
  receive(channel: DataChannelIndex, fragment: Uint8Array): Uint8Array | null {
    const got = this.#in[channel]!.push(fragment);
    if (!got || (channel === 1 && !this.#gate.admit(got.message, got.lost))) return null;
    return got.message;
  }
}
