import type { KV } from '@nats-io/kv';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Registry } from 'prom-client';
import type { RelayLogger } from '../logger';
import type { PeerIds } from '../peer-ids';
import { ClusterMetrics } from './cluster-metrics';
import { loadNats, type NatsModules } from './nats-load';
import { PeerLiveness } from './peer-liveness';
import { BUCKET, HEARTBEAT_SUBJECT, ownsSubject } from './subjects';

/** The `nats` option of `createRelay`. @public */
export interface RelayNatsOptions {
  /** NATS server URLs, e.g. `['nats://10.0.0.5:4222']`; the client fails over between them. */
  servers: readonly string[];
  /**
   * Interval of this relay's heartbeat (to the other relays, and on the KV record of each source
   * it holds); a relay unheard for 3 of them counts as gone.
   * @defaultValue 1000
   */
  heartbeatMs?: number;
}

/** NATS connection state, as /healthz and /metrics report it. @public */
export type NatsState = 'connecting' | 'connected' | 'disconnected' | 'closed';

/** What the node needs from its relay. @internal */
export interface ClusterHost {
  readonly log: RelayLogger;
  readonly registry: Registry;
  /** The relay's peer ids: receivers on other relays get theirs from it (remote-ids.ts). */
  readonly peerIds: PeerIds;
  /** True while this relay holds a live source of channel `name`. */
  holdsSource(name: string): boolean;
}

/** Told when the connection comes and goes (each channel link). @internal */
export interface ConnectionListener {
  connected(): void;
  disconnected(): void;
  tick(now: number): void;
}

const RETRY_MAX_MS = 5000;

/** What a relay says when asked whether it holds a channel's source. @internal */
export type ProbeAnswer = 'holds' | 'free' | 'silent';

/**
 * This relay's membership of the cluster: one NATS connection (reconnecting forever), the KV
 * bucket, the heartbeat that tells relays of each other, and the "do you hold this source?"
 * answer a relay gives another that wants to take a channel's source. A relay without NATS (not
 * reachable yet, or restarting) keeps serving its local channels; links are told when it returns.
 * @internal
 */
export class ClusterNode {
  /** This relay's id in the cluster (random, never 0). */
  readonly id: number = (Math.floor(Math.random() * 0xffff_fffe) + 1) >>> 0;
  state: NatsState = 'connecting';
  nc: NatsConnection | null = null;
  kv: KV | null = null;
  readonly metrics: ClusterMetrics;
  readonly heartbeatMs: number;
  /** KV revisions of source claims made before their source attaches (by channel). */
  readonly claims: Map<string, number> = new Map();
  private modules: NatsModules | null = null;
  /** Which other relays are alive, by their heartbeats. */
  readonly liveness: PeerLiveness;
  private readonly listeners = new Set<ConnectionListener>();
  private timer: NodeJS.Timeout | null = null;
  private inputId = 0;

  constructor(
    readonly options: RelayNatsOptions,
    readonly host: ClusterHost,
  ) {
    this.heartbeatMs = options.heartbeatMs ?? 1000;
    this.liveness = new PeerLiveness(this.heartbeatMs);
    this.metrics = new ClusterMetrics(host.registry, {
      connected: () => this.connected,
      peers: () => this.peers(),
    });
  }

  /** True once `close()` was called (a getter, so TS does not narrow it across awaits). */
  get stopped(): boolean {
    return this.state === 'closed';
  }

  get connected(): boolean {
    return this.state === 'connected';
  }

  /** Largest NATS message (the server's `max_payload`, 1 MiB by default). */
  get maxPayload(): number {
    return this.nc?.info?.max_payload ?? 1024 * 1024;
  }

  /** Other relays heard within the last 3 heartbeats. */
  peers(): number {
    return this.liveness.count();
  }

  /** Id for the next input message (one counter per relay: input is never checked for gaps). */
  nextInputId(): number {
    this.inputId = (this.inputId + 1) >>> 0;
    return this.inputId;
  }

  /**
   * Loads the client (throws `NatsUnavailableError` when it is missing) and starts connecting
   * in the background: a NATS that is not reachable yet is retried, never fatal.
   */
  async start(): Promise<void> {
    this.modules = await loadNats();
    this.liveness.started(Date.now());
    this.timer = setInterval(() => this.tick(), this.heartbeatMs);
    this.timer.unref();
    void this.connectLoop(this.modules);
  }

  listen(l: ConnectionListener): void {
    this.listeners.add(l);
  }

  unlisten(l: ConnectionListener): void {
    this.listeners.delete(l);
  }

  /** Publishes when connected; false (and counted) otherwise: frames are at most once. */
  publish(subject: string, data: Uint8Array): boolean {
    if (!this.connected || !this.nc) {
      this.metrics.dropped.inc();
      return false;
    }
    this.nc.publish(subject, data);
    return true;
  }

  /** Subscribes with a callback; null before the first connection (links subscribe on `connected`). */
  subscribe(subject: string, onMessage: (data: Uint8Array) => void): Subscription | null {
    if (!this.nc) return null;
    return this.nc.subscribe(subject, {
      callback: (err, msg) => {
        if (err === null) onMessage(msg.data);
      },
    });
  }

  /**
   * Asks relay `id` whether it still holds a live source of `channel`: `holds`, `free` (it says
   * no, or no responders: its connection is gone, so it holds nothing), or `silent` (no answer in
   * `timeoutMs`: busy or cut off, which the caller must tell apart before taking anything over).
   */
  async probeOwner(id: number, channel: string, timeoutMs: number): Promise<ProbeAnswer> {
    if (!this.nc) return 'silent';
    try {
      const reply = await this.nc.request(ownsSubject(id), new TextEncoder().encode(channel), {
        timeout: timeoutMs,
      });
      this.liveness.seen(id);
      return reply.data[0] === 1 ? 'holds' : 'free';
    } catch (e) {
      const cause = (e as { cause?: unknown }).cause;
      const timedOut =
        (e as Error).name === 'TimeoutError' || (cause as Error | undefined)?.name === 'TimeoutError';
      return timedOut ? 'silent' : 'free';
    }
  }

  async close(): Promise<void> {
    this.state = 'closed';
    if (this.timer) clearInterval(this.timer);
    this.listeners.clear();
    const nc = this.nc;
    this.nc = null;
    if (nc) await nc.close().catch(() => {});
  }

  private async connectLoop(m: NatsModules): Promise<void> {
    const servers = [...this.options.servers];
    let wait = 250;
    let warned = false;
    while (!this.stopped) {
      try {
        const nc = await m.connect({
          servers,
          name: `ds-stream-relay-${this.id.toString(16)}`,
          // A relay's own frames come back to it through its channels, never through NATS.
          noEcho: true,
          maxReconnectAttempts: -1,
          reconnectTimeWait: 250,
          timeout: 2000,
        });
        if (this.stopped) {
          await nc.close();
          return;
        }
        this.nc = nc;
        await this.onConnected(nc, m);
        return;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        // One clear line, then quiet retries: a relay must come up before its NATS does.
        if (!warned) {
          this.host.log.warn(
            { servers, err: message, retryMs: RETRY_MAX_MS },
            'NATS unreachable: serving local channels only, retrying until it answers',
          );
          warned = true;
        } else this.host.log.debug({ servers, err: message }, 'NATS still unreachable, retrying');
        await new Promise((r) => setTimeout(r, wait).unref());
        wait = Math.min(RETRY_MAX_MS, wait * 2);
      }
    }
  }

  private async onConnected(nc: NatsConnection, m: NatsModules): Promise<void> {
    nc.subscribe(HEARTBEAT_SUBJECT, {
      callback: (err, msg) => {
        if (err || msg.data.byteLength < 8) return;
        const v = new DataView(msg.data.buffer, msg.data.byteOffset, 8);
        const id = v.getUint32(0, true);
        // Each relay says its own interval: relays with different heartbeats judge each other right.
        if (id !== this.id) this.liveness.seen(id, v.getUint32(4, true));
      },
    });
    nc.subscribe(ownsSubject(this.id), {
      callback: (err, msg: Msg) => {
        if (err) return;
        msg.respond(new Uint8Array([this.host.holdsSource(new TextDecoder().decode(msg.data)) ? 1 : 0]));
      },
    });
    void this.watchStatus(nc);
    await this.openBucket(nc, m);
    this.state = 'connected';
    this.host.log.info({ server: nc.getServer(), relay: this.id.toString(16) }, 'NATS connected: cluster on');
    this.heartbeat();
    for (const l of this.listeners) l.connected();
  }

  // JetStream may be off or still starting: frames flow meanwhile, the state joins later.
  private async openBucket(nc: NatsConnection, m: NatsModules): Promise<void> {
    try {
      this.kv = await m.openBucket(nc, BUCKET);
    } catch (err) {
      this.metrics.kvErrors.inc({ op: 'open' });
      this.host.log.error(
        { err: err instanceof Error ? err.message : String(err) },
        'NATS JetStream key-value unavailable (is nats-server started with -js?): late joiners on other relays get no state; retrying',
      );
      setTimeout(() => {
        if (this.nc === nc && this.kv === null) void this.openBucket(nc, m);
      }, RETRY_MAX_MS).unref();
    }
  }

  private async watchStatus(nc: NatsConnection): Promise<void> {
    for await (const s of nc.status()) {
      if (this.stopped) return;
      if (s.type === 'disconnect') {
        this.state = 'disconnected';
        this.host.log.warn(
          { server: s.server },
          'NATS connection lost: serving local channels only until it returns',
        );
        for (const l of this.listeners) l.disconnected();
      } else if (s.type === 'reconnect') {
        this.state = 'connected';
        this.host.log.info({ server: s.server }, 'NATS reconnected: cluster on again');
        this.heartbeat();
        for (const l of this.listeners) l.connected();
      }
    }
  }

  private heartbeat(): void {
    const beat = new Uint8Array(8);
    const v = new DataView(beat.buffer);
    v.setUint32(0, this.id, true);
    v.setUint32(4, this.heartbeatMs, true);
    if (this.connected) this.nc?.publish(HEARTBEAT_SUBJECT, beat);
  }

  private tick(): void {
    this.heartbeat();
    const now = Date.now();
    this.liveness.tick(now);
    for (const l of this.listeners) {
      try {
        l.tick(now);
      } catch (err) {
        this.host.log.error({ err }, 'internal error in a cluster heartbeat');
      }
    }
  }
}
