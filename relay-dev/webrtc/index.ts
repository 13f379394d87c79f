import { encodeRtcHello, isProtocolError } from '../../src/protocol/index';
import type { RoutingContext } from '../context';
import type { RelayLogger } from '../logger';
import type { ResolvedRelayOptions } from '../options';
import type { Peer } from '../peer';
import { handleMessage } from '../routing';
import { loadRtcModule, type RtcModule, rtcLoadError, WebRTCUnavailableError } from './load';
import { RtcSession } from './session';

export { WebRTCUnavailableError } from './load';

/** What the relay's WebRTC side needs from the relay. @internal */
export interface RtcRelayHost {
  readonly log: RelayLogger;
  /** Routes one message that arrived on a peer's DataChannel (routing.ts's handleMessage). */
  route(peer: Peer, bytes: Uint8Array): void;
  /** Asks the peer's channel's source for a keyframe (a picture from it was lost on the way). */
  askKeyframe(peer: Peer): void;
  /** Closes a peer whose channels failed after the switch, or that sent malformed signalling. */
  kick(peer: Peer, code: number, reason: string, metric: string): void;
}

/** Settings of the relay's WebRTC side (from `RelayOptions`). @internal */
export interface RtcSettings {
  iceServers: readonly string[];
  /** Interface ICE binds to (the relay's host unless it is a wildcard). */
  bindAddress: string | undefined;
  maxHeldBytes: number;
  openTimeoutMs: number;
}

/**
 * Loads node-datachannel for a relay: null when WebRTC is off, or on by default and not
 * installed (the relay then serves WebSocket only).
 * @throws WebRTCUnavailableError when `mode` is true (asked for explicitly) and it cannot be loaded
 * @internal
 */
export async function startWebRTC(
  mode: boolean | undefined,
  host: RtcRelayHost,
  settings: RtcSettings,
  load: () => Promise<RtcModule | null> = loadRtcModule,
): Promise<RelayWebRTC | null> {
  if (mode === false) return null;
  const module = await load();
  if (!module) {
    if (mode === true) throw new WebRTCUnavailableError(rtcLoadError());
    return null;
  }
  return new RelayWebRTC(module, host, settings);
}

/**
 * The relay's WebRTC side: says RtcHello to each admitted peer, runs one `RtcSession` per peer
 * that offers, and routes what arrives on its channels through the same `handleMessage` as its
 * WebSocket messages, so budgets, limits, auth (the socket's) and metrics apply alike.
 * @internal
 */
export class RelayWebRTC {
  readonly #sessions = new Map<Peer, RtcSession>();
  readonly #config: RTCConfiguration & { bindAddress?: string };

  constructor(
    private readonly module: RtcModule,
    private readonly host: RtcRelayHost,
    private readonly settings: RtcSettings,
  ) {
    this.#config = { iceServers: settings.iceServers.map((urls) => ({ urls })) };
    if (settings.bindAddress !== undefined) this.#config.bindAddress = settings.bindAddress;
  }

  /**
   * A peer was admitted: when it asked for WebRTC (`?webrtc=1` in its URL), tell it this relay
   * offers DataChannels. Peers that did not ask never see a WebRTC message.
   */
  hello(peer: Peer, target: string | undefined): void {
    if (!wantsWebRTC(target)) return;
    peer.ws.send(encodeRtcHello({ seq: 0, timestamp: 0 }));
  }

  /** One RtcSignal from `peer` (already charged to its input budget by routing). */
  signal(peer: Peer, bytes: Uint8Array): void {
    let s = this.#sessions.get(peer);
    if (!s) {
      s = this.#session(peer);
      this.#sessions.set(peer, s);
    }
    s.signal(bytes).catch((err: unknown) => {
      if (isProtocolError(err)) this.host.kick(peer, err.closeCode, err.message, 'malformed');
      else this.host.log.warn({ err, channel: peer.channel, role: peer.role }, 'webrtc negotiation failed');
    });
  }

  /** The peer's socket closed: its session goes with it. */
  drop(peer: Peer): void {
    this.#sessions.get(peer)?.close();
    this.#sessions.delete(peer);
  }

  close(): void {
    for (const s of this.#sessions.values()) s.close();
    this.#sessions.clear();
  }

  #session(peer: Peer): RtcSession {
    const { host, settings } = this;
    return new RtcSession({
      module: this.module,
      config: this.#config,
      maxHeldBytes: settings.maxHeldBytes,
      openTimeoutMs: settings.openTimeoutMs,
      sendOnSocket: (bytes) => {
        if (peer.ws.readyState === peer.ws.OPEN) peer.ws.send(bytes);
      },
      linked: (link) => {
        peer.link = link;
      },
      message: (bytes) => host.route(peer, bytes),
      askKeyframe: () => host.askKeyframe(peer),
      lost: (reason) => host.kick(peer, 1001, `DataChannel lost: ${reason}`, 'datachannel_lost'),
    });
  }
}

/** True when an upgrade's request target asks for WebRTC (`webrtc=1`). @internal */
export function wantsWebRTC(target: string | undefined): boolean {
  try {
    return new URL(target ?? '/', 'http://relay').searchParams.get('webrtc') === '1';
  } catch {
    return false;
  }
}

/** The relay's side of `RtcRelayHost`, over what routing already has. @internal */
export function rtcHost(relay: RoutingContext): RtcRelayHost {
  return {
    log: relay.log,
    route(peer, bytes) {
      try {
        handleMessage(relay, peer, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), true);
      } catch (err) {
        relay.log.error({ err, channel: peer.channel, role: peer.role }, 'internal error routing a message');
        relay.kick(peer, 1011, 'internal relay error', 'internal');
      }
    },
    askKeyframe(peer) {
      if (peer.role === 'source') relay.store.get(peer.channel)?.requestKeyframe();
    },
    kick: (peer, code, reason, metric) => relay.kick(peer, code, reason, metric),
  };
}

/** `RtcSettings` from the relay's options. @internal */
export function rtcSettings(o: ResolvedRelayOptions): RtcSettings {
  const wildcard = o.host === '0.0.0.0' || o.host === '::' || o.host === '';
  return {
    iceServers: o.iceServers,
    bindAddress: wildcard ? undefined : o.host === 'localhost' ? '127.0.0.1' : o.host,
    maxHeldBytes: o.maxBufferedBytes,
    openTimeoutMs: 15_000,
  };
}
