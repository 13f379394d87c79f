import type { Channel } from './channel';

/**
 * Where a relay keeps its channels. The relay's fan-out code talks only to this interface and
 * to `ChannelState`, so a clustered store (several relays sharing channels over NATS subjects,
 * with keyframes and signal state in JetStream key-value) can replace the in-memory one
 * without changing it.
 * @alpha
 */
export interface ChannelStore {
  /** Channels open on this relay. */
  readonly size: number;
  /** The channel named `name`, if open. */
  get(name: string): Channel | undefined;
  /** Opens (creates) the channel named `name`; the caller checks limits first. */
  open(name: string): Channel;
  /** Drops a channel that has no peers left. */
  release(channel: Channel): void;
  /** Every open channel. */
  values(): IterableIterator<Channel>;
}

/** The default, single-process `ChannelStore`. @internal */
export class MemoryChannelStore implements ChannelStore {
  private readonly channels = new Map<string, Channel>();

  constructor(private readonly create: (name: string) => Channel) {}

  get size(): number {
    return this.channels.size;
  }

  get(name: string): Channel | undefined {
    return this.channels.get(name);
  }

  open(name: string): Channel {
    let channel = this.channels.get(name);
    if (!channel) {
      channel = this.create(name);
      this.channels.set(name, channel);
    }
    return channel;
  }

  release(channel: Channel): void {
    if (!channel.empty || this.channels.get(channel.name) !== channel) return;
    channel.dispose();
    this.channels.delete(channel.name);
  }

  values(): IterableIterator<Channel> {
    return this.channels.values();
  }
}
