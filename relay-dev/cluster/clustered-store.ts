import type { Channel } from '../channel';
import type { ChannelStore } from '../channel-store';
import { ChannelLink } from './channel-link';
import type { ClusterNode } from './nats-node';

/**
 * A `ChannelStore` whose channels are shared with the other relays of a cluster: local fan-out
 * stays in the inner store's `Channel`s, and each gets a `ChannelLink` (cluster fan-out and
 * KV state) as its hooks. `createRelay` composes it over `MemoryChannelStore` when `nats` is set.
 * @internal
 */
export class ClusteredChannelStore implements ChannelStore {
  private readonly links = new WeakMap<Channel, ChannelLink>();

  constructor(
    private readonly inner: ChannelStore,
    private readonly node: ClusterNode,
    private readonly maxMessageBytes: number,
  ) {}

  get size(): number {
    return this.inner.size;
  }

  get(name: string): Channel | undefined {
    return this.inner.get(name);
  }

  open(name: string): Channel {
    const channel = this.inner.open(name);
    if (!this.links.has(channel)) {
      const link = new ChannelLink(this.node, channel, this.maxMessageBytes);
      this.links.set(channel, link);
      channel.hooks = link;
    }
    return channel;
  }

  release(channel: Channel): void {
    this.inner.release(channel);
    if (this.inner.get(channel.name) === channel) return;
    this.links.get(channel)?.close();
    this.links.delete(channel);
    channel.hooks = null;
  }

  /** The cluster side of an open channel. */
  link(channel: Channel): ChannelLink | undefined {
    return this.links.get(channel);
  }

  values(): IterableIterator<Channel> {
    return this.inner.values();
  }
}
