import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { encodeEnd, FrameType, HEADER_SIZE } from '../src/protocol/index';
import type { Role } from './auth';
import { openDoorWarning } from './bind';
import { Channel } from './channel';
import { MemoryChannelState } from './channel-state';
import { type ChannelStore, MemoryChannelStore } from './channel-store';
import { giveReasons } from './close-reasons';
import { createCluster, type RelayCluster, shareDirectory } from './cluster/index';
import { CompositionDirectory } from './composition/directory';
import type { DoorContext, RoutingContext } from './context';
import { closeReason, RelayCloseCode, RelayError } from './errors';
import { type HttpContext, pathOf, serveHttp } from './http';
import { InputBudget } from './input-budget';
import { createLogger, guardLogger, type RelayLogger } from './logger';
import { RelayMetrics } from './metrics';
import { type RelayOptions, type ResolvedRelayOptions, resolveOptions } from './options';
import { type Peer, ReceiverPeer } from './peer';
import { PeerIds } from './peer-ids';
import type { Relay, RelayStats } from './relay-api';
import { RetainedBudget } from './retained-budget';
import { handleMessage } from './routing';
import { probeAlive, whenClosed } from './source-probe';
import { admit, checkDoor, type Door } from './upgrade';
import { type RelayWebRTC, rtcHost, rtcSettings, startWebRTC } from './webrtc/index';

export type { Relay, RelayStats } from './relay-api';

/** @internal */
export class RelayServer implements Relay, DoorContext, RoutingContext, HttpContext {
  readonly options: ResolvedRelayOptions;
  readonly log: RelayLogger;
  readonly metricsRegistry: RelayMetrics;
  readonly store: ChannelStore;
  readonly peers: Set<Peer> = new Set();
  readonly peerIds: PeerIds = new PeerIds();
  /** Sockets not (yet) admitted: refused until their close handshake ends, or waiting on a source probe. */
  private readonly unadmitted: Set<WebSocket> = new Set();
  private readonly budgets: WeakMap<Peer, InputBudget> = new WeakMap();
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private pingTimer: NodeJS.Timeout | null = null;
  private closing: Promise<void> | null = null;
  /** The cluster side (cluster/), when `nats` is set. */
  readonly cluster: RelayCluster | null = null;
  /** The WebRTC side, once `listen()` loaded it (null: WebSocket only). */
  webrtc: RelayWebRTC | null = null;
  /** Composition layers per base channel (issue 21). */
  readonly composition: CompositionDirectory;

  /** True once `close()` was called (/healthz answers 503). */
  get isClosing(): boolean {
    return this.closing !== null;
  }
  private bound: AddressInfo | null = null;

  constructor(options: RelayOptions) {
    this.options = resolveOptions(options);
    this.log = guardLogger(this.options.logger ?? createLogger(this.options.logLevel));
    this.metricsRegistry = new RelayMetrics(
      {
        connections: (role) => this.count(role),
        channels: () => this.store.size,
        receivers: () => [...this.store.values()].flatMap((c) => [...c.layers.receiverInfo()]),
        rates: () => [...this.store.values()].flatMap((c) => [...c.layers.rateInfo()]),
      },
      this.options.processMetrics,
    );
    const ctx = {
      metrics: this.metricsRegistry,
      log: this.log,
      keyframeRequestIntervalMs: this.options.keyframeRequestIntervalMs,
      sourceBudget: this.options.maxBufferedBytes,
      retained: new RetainedBudget(this.options.maxRetainedBytes, this.metricsRegistry.registry),
      policy: this.options.layers,
      newState: () => new MemoryChannelState(this.options.maxDeltaLogBytes, this.options.maxSignalStateBytes),
    };
    const local = new MemoryChannelStore(
      (name) =>
        new Channel(
          name,
          new MemoryChannelState(this.options.maxDeltaLogBytes, this.options.maxSignalStateBytes),
          ctx,
        ),
    );
    // Local fan-out (Channel), cluster fan-out and shared state (cluster/) are separate parts.
    if (this.options.nats) {
      this.cluster = createCluster(
        this.options.nats,
        local,
        { log: this.log, registry: this.metricsRegistry.registry, peerIds: this.peerIds },
        { maxMessageBytes: HEADER_SIZE + this.options.maxPayload, sourceProbeMs: this.options.sourceProbeMs },
      );
    }
    this.store = this.cluster?.store ?? local;
    this.composition = new CompositionDirectory(this.store, this.options.maxCompositionLayers);
    // In a cluster, base receivers here hear of every relay's layers (cluster/directory-link.ts).
    if (this.cluster) shareDirectory(this.cluster.node, this.composition, this.store);
    this.server = createServer((req, res) => serveHttp(this, req, res));
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: HEADER_SIZE + this.options.maxPayload,
      perMessageDeflate: false,
      clientTracking: false,
    });
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.onUpgrade(req, socket, head),
    );
  }

  get port(): number {
    if (!this.bound)
      throw new RelayError('NOT_LISTENING', 'relay is not listening; await relay.listen() first');
    return this.bound.port;
  }

  get url(): string {
    const host = this.bound?.family === 'IPv6' ? `[${this.bound.address}]` : (this.bound?.address ?? '');
    return `ws://${host}:${this.port}`;
  }

  listen(): Promise<void> {
    // node-datachannel loads (or fails, for `webrtc: true`) before any peer can be admitted.
    return startWebRTC(this.options.webrtc, rtcHost(this), rtcSettings(this.options)).then(async (rtc) => {
      this.webrtc = rtc;
      // Loads the NATS client (or rejects NATS_UNAVAILABLE); connecting goes on in the background.
      await this.cluster?.node.start();
      return this.bind();
    });
  }

  private bind(): Promise<void> {
    if (this.closing) return Promise.reject(new RelayError('CLOSED', 'relay was closed'));
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        this.bound = this.server.address() as AddressInfo;
        this.pingTimer = setInterval(() => this.sweep(), this.options.pingIntervalMs);
        this.pingTimer.unref();
        this.log.info({ url: this.url }, 'relay listening');
        const warning = openDoorWarning(this.options);
        if (warning) this.log.warn({ host: this.options.host }, warning);
        resolve();
      });
    });
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  metrics(): Promise<string> {
    return this.metricsRegistry.registry.metrics();
  }

  stats(): RelayStats {
    const stats = {
      channels: this.store.size,
      sources: this.count('source'),
      receivers: this.count('receiver'),
    };
    return this.cluster ? { ...stats, cluster: this.cluster.stats() } : stats;
  }

  private count(role: Role): number {
    let n = 0;
    for (const c of this.store.values()) n += role === 'source' ? (c.source ? 1 : 0) : c.receivers.size;
    return n;
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.closing) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
  }

  // Refusals complete the upgrade and then close with a 44xx code and a reason: a browser
  // cannot read the HTTP status of a failed upgrade, but it can read a close code and reason.
  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    // This runs inside ws's upgrade callback, where a throw would take the process down.
    try {
      giveReasons(ws, HEADER_SIZE + this.options.maxPayload);
      this.join(ws, req, checkDoor(this, req));
    } catch (err) {
      this.refuse(ws, req, err);
    }
  }

  private join(ws: WebSocket, req: IncomingMessage, door: Door, claimed = false): void {
    if (this.cluster && door.role === 'source' && !claimed) {
      // One source per channel across the cluster: claimed in KV first (4409 if another relay's is live).
      this.unadmitted.add(ws);
      this.cluster.claim(ws, door.channel).then(
        () => {
          this.unadmitted.delete(ws);
          if (this.closing || ws.readyState !== ws.OPEN) ws.terminate();
          else this.join(ws, req, door, true);
        },
        (err: unknown) => this.refuse(ws, req, err),
      );
      return;
    }
    let peer: Peer;
    try {
      peer = admit(this, ws, door);
    } catch (err) {
      if (err instanceof RelayError && err.code === 'SOURCE_EXISTS') this.replaceSource(ws, req, door);
      else this.refuse(ws, req, err);
      return;
    }
    this.track(peer);
    this.webrtc?.hello(peer, req.url);
  }

  /**
   * A second source: probe the channel's current one. A half-open old source (it does not
   * answer within `sourceProbeMs`) is terminated and the newcomer admitted; a live one keeps
   * the channel and the newcomer is refused 4409. The newcomer's socket is paused meanwhile,
   * so none of its frames are read before it is admitted.
   */
  private replaceSource(ws: WebSocket, req: IncomingMessage, door: Door): void {
    const old = this.store.get(door.channel)?.source;
    if (!old) {
      this.join(ws, req, door);
      return;
    }
    ws.pause();
    this.unadmitted.add(ws);
    probeAlive(old.ws, this.options.sourceProbeMs)
      .then(async (alive) => {
        if (alive || this.closing) return alive;
        // Several newcomers may share one probe: the old source is replaced (and counted) once.
        if (old.ws.readyState === old.ws.OPEN) {
          this.metricsRegistry.closed.inc({ reason: 'source_replaced' });
          this.log.info({ channel: old.channel }, 'old source did not answer the probe, replacing it');
          old.ws.terminate();
        }
        await whenClosed(old.ws);
        // Its close handler has detached it; make sure, or join would probe it again forever.
        this.onClose(old, 1006);
        return false;
      })
      .then((alive) => {
        this.unadmitted.delete(ws);
        // The newcomer may have gone while it waited: its 'close' fired before any handler of
        // ours, so admitting it would leave a dead source on the channel for good.
        if (this.closing || ws.readyState !== ws.OPEN) {
          ws.terminate();
          return;
        }
        ws.resume();
        if (alive)
          this.refuse(
            ws,
            req,
            new RelayError('SOURCE_EXISTS', `channel ${door.channel} already has a source`),
          );
        // Another newcomer may have won the race meanwhile: join probes that one in turn.
        else this.join(ws, req, door);
      })
      .catch((err: unknown) => this.refuse(ws, req, err));
  }

  private refuse(ws: WebSocket, req: IncomingMessage, err: unknown): void {
    this.unadmitted.add(ws);
    ws.once('close', () => this.unadmitted.delete(ws));
    if (!(err instanceof RelayError)) {
      // A bug while admitting costs this one socket, never the process.
      this.metricsRegistry.refused.inc({ reason: 'internal' });
      this.log.error({ err, path: pathOf(req.url) }, 'internal error admitting a connection');
      ws.close(RelayCloseCode.InternalError, 'internal relay error');
      return;
    }
    this.metricsRegistry.refused.inc({ reason: err.code });
    // The path only: the query string may hold a token.
    this.log.info({ code: err.code, path: pathOf(req.url), reason: err.message }, 'connection refused');
    ws.close(err.closeCode, closeReason(err.message));
  }

  /** Wires an admitted peer's socket: close handling first, so nothing can leave it attached. */
  private track(peer: Peer): void {
    const { ws } = peer;
    this.peers.add(peer);
    ws.on('close', (code) => this.onClose(peer, code));
    if (peer instanceof ReceiverPeer)
      this.budgets.set(peer, new InputBudget(this.options, performance.now()));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      try {
        handleMessage(this, peer, data as Buffer, isBinary);
      } catch (err) {
        // A bug must cost one connection, never the process serving every other channel.
        this.log.error({ err, channel: peer.channel, role: peer.role }, 'internal error routing a message');
        this.kick(peer, RelayCloseCode.InternalError, 'internal relay error', 'internal');
      }
    });
    ws.on('pong', () => {
      peer.lastSeen = Date.now();
    });
    ws.on('error', (err) => this.log.warn({ err, channel: peer.channel, role: peer.role }, 'socket error'));
    this.log.debug({ channel: peer.channel, role: peer.role }, 'peer connected');
  }

  /** The input budget of a receiver (sources have none). */
  inputBudget(peer: Peer): InputBudget | undefined {
    return this.budgets.get(peer);
  }

  /** Closes `peer` with a code and reason and counts it (once: a closing peer is left alone). */
  kick(peer: Peer, code: number, reason: string, metric: string): void {
    if (peer.ws.readyState !== peer.ws.OPEN) return;
    this.metricsRegistry.closed.inc({ reason: metric });
    this.log.warn({ channel: peer.channel, role: peer.role, code, reason }, 'closing peer');
    peer.ws.close(code, closeReason(reason));
  }

  private onClose(peer: Peer, code: number): void {
    if (!this.peers.delete(peer)) return;
    this.peerIds.release(peer.id);
    this.webrtc?.drop(peer);
    const channel = this.store.get(peer.channel);
    this.log.debug({ channel: peer.channel, role: peer.role, code }, 'peer disconnected');
    if (!channel) return;
    if (peer instanceof ReceiverPeer) channel.detachReceiver(peer);
    else channel.detachSource(peer);
    this.store.release(channel);
    this.composition.detached(peer, this.store.get(peer.channel) === channel);
  }

  private sweep(): void {
    const deadline = Date.now() - this.options.pingTimeoutMs;
    for (const peer of this.peers) {
      try {
        if (peer.lastSeen < deadline) {
          this.metricsRegistry.closed.inc({ reason: 'ping_timeout' });
          this.log.info({ channel: peer.channel, role: peer.role }, 'ping timeout, terminating');
          peer.ws.terminate();
        } else {
          peer.ws.ping();
        }
      } catch (err) {
        // A timer callback that throws would end the process: this peer goes, the sweep goes on.
        this.log.error({ err, channel: peer.channel, role: peer.role }, 'internal error in the ping sweep');
        peer.ws.terminate();
      }
    }
  }

  private async shutdown(): Promise<void> {
    if (this.pingTimer) clearInterval(this.pingTimer);
    const end = encodeEnd({ seq: 0, timestamp: 0 });
    const closed: Promise<void>[] = [];
    for (const peer of this.peers) {
      closed.push(new Promise((resolve) => peer.ws.once('close', () => resolve())));
      if (peer instanceof ReceiverPeer) peer.send(end, FrameType.End);
      peer.ws.close(RelayCloseCode.GoingAway, 'relay shutting down');
    }
    for (const ws of this.unadmitted) ws.terminate();
    this.webrtc?.close();
    for (const channel of this.store.values()) channel.dispose();
    // A peer that does not answer the close handshake is cut off after a grace period.
    const grace = setTimeout(() => {
      for (const peer of this.peers) peer.ws.terminate();
    }, 2000);
    await Promise.all(closed);
    clearTimeout(grace);
    // After the peers' close handlers: a source that left has released its channel in KV.
    await this.cluster?.close();
    this.wss.close();
    if (this.bound) {
      await new Promise<void>((resolve) => {
        this.server.close(() => resolve());
        this.server.closeAllConnections();
      });
    }
    this.log.info({}, 'relay closed');
  }
}

/**
 * Creates a relay (not yet listening): an HTTP server with /healthz and /metrics and the
 * WebSocket channels `ws://host:port/<channel>?role=source|receiver[&token=...]`.
 * @example
 * ```ts
 * import { createRelay } from '@ds-stream/react/relay';
 * const relay = createRelay({ port: 0, host: '127.0.0.1' });
 * await relay.listen();
 * console.log(relay.url); // ws://127.0.0.1:43121
 * await relay.close();
 * ```
 * @public
 */
export function createRelay(options: RelayOptions = {}): Relay {
  return new RelayServer(options);
}
