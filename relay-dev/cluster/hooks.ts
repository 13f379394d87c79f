import type { LayerAssignment } from '../../src/protocol/index';

/**
 * What a `Channel` tells its cluster side, and asks of it. The channel stays local fan-out only:
 * it calls these hooks, and the cluster side (cluster/channel-link.ts) delivers remote frames
 * into it through `Channel.publish`, as if from a local source. Null on a relay without `nats`.
 * @internal
 */
export interface ChannelHooks {
  /** True while this channel's source is on another relay of the cluster. */
  readonly remoteSource: boolean;
  /** A frame from this relay's own source, after local fan-out. */
  sourceFrame(bytes: Uint8Array): void;
  /** Input (or a KeyframeRequest) for a source on another relay; dropped when there is none. */
  remoteInput(bytes: Uint8Array): void;
  /** This relay's source attached (true) or left (false; `ended` when it sent End first). */
  sourceChanged(attached: boolean, ended: boolean): void;
  /** Local receivers went from `before` to `after` (called before the first one is sent anything). */
  receiversChanged(before: number, after: number): void;
  /** This relay's receivers changed layer (no local source): the source's relay hears of it. */
  layersChanged(): void;
  /** Receivers on other relays, with this relay's ids for them (merged into LayerReports to the source). */
  remoteLayers(): readonly LayerAssignment[];
}
