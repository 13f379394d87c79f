import {
  decodeMessage,
  decodeRtcSignal,
  encodeKeyframeRequest,
  encodeRtcSignal,
  FrameType,
  isRtcMessage,
  peekFlags,
  peekType,
  type RtcSignal,
} from '../protocol/index';
import { ChannelPair, fragmentLimitOf } from './datachannel-link';
import {
  type DataChannelTransport,
  type DataChannelTransportOptions,
  DEFAULT_ICE_TIMEOUT_MS,
  type PathCounters,
  type RTCPeerConnectionConstructor,
  type TransportKind,
} from './datachannel-types';
import { Emitter } from './emitter';
import { TransportError } from './errors';
import type { TransportState } from './state';
import type { SendOptions, SendResult, Transport, TransportEvents } from './types';
import { createWebSocketTransport, DEFAULT_HIGH_WATER_MARK } from './websocket';

/**
 * A `Transport` that opens the usual WebSocket to the relay, signals WebRTC over it (docs/PROTOCOL.md
 * "WebRTC signalling") and, once both DataChannels are open, moves its frames there: pictures on
 * an unordered channel retransmitted for at most 500 ms, everything else on a reliable ordered one, each
 * message fragmented under the SCTP `maxMessageSize`. A lost picture fragment drops that frame
 * whole; the chain then waits for a keyframe, which is asked for (never a torn picture). The
 * WebSocket stays open as the control link; if the channels fail after the switch, the
 * connection is treated as lost and reconnects (WebSocket first, WebRTC again).
 * @example
 * ```ts
 * const transport = createDataChannelTransport({ url: channelUrl(relayUrl, 'demo', 'receiver') });
 * createReceiverEngine({ transport });
 * ```
 * @public
 */
export function createDataChannelTransport(options: DataChannelTransportOptions): DataChannelTransport {
  return new DataChannelTransportImpl(options);
}

class DataChannelTransportImpl implements DataChannelTransport {
  readonly #ws: Transport;
  readonly #o: DataChannelTransportOptions;
  readonly #asInput: boolean;
  readonly #hwm: number;
  readonly #events = new Emitter<TransportEvents>();
  readonly #kinds = new Emitter<{ kind: (k: TransportKind) => void }>();
  #pc: RTCPeerConnection | null = null;
  #pair: ChannelPair | null = null;
  /** True once this side said `switched`: sends go on the channels. */
  #sending = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #seq = 0;
  readonly counters: PathCounters = {
    webrtcBytesIn: 0,
    websocketBytesIn: 0,
    webrtcBytesOut: 0,
    websocketBytesOut: 0,
    picturesDropped: 0,
    fallbacks: 0,
  };

  constructor(o: DataChannelTransportOptions) {
    this.#o = o;
    // `webrtc=1` asks the relay for RtcHello; a relay that offers none ignores it.
    this.#ws = createWebSocketTransport({ ...o, url: `${o.url}${o.url.includes('?') ? '&' : '?'}webrtc=1` });
    this.#asInput = new URL(o.url.replace(/^ws/i, 'http')).searchParams.get('role') === 'receiver';
    this.#hwm = o.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
    this.#ws.on('state', (next, prev) => {
      if (next !== 'open') this.#endRtc();
      this.#events.emit('state', next, prev);
    });
    this.#ws.on('error', (e) => this.#events.emit('error', e));
    this.#ws.on('open', (info) => {
      if (this.#o.mode === 'webrtc') this.#arm('the relay offered no WebRTC (RtcHello)');
      this.#events.emit('open', info);
    });
    this.#ws.on('message', (bytes) => this.#fromSocket(bytes));
  }

  get state(): TransportState {
    return this.#ws.state;
  }

  get kind(): TransportKind {
    return this.#sending ? 'webrtc' : 'websocket';
  }

  get bufferedAmount(): number {
    return this.#ws.bufferedAmount + (this.#pair?.bufferedAmount ?? 0);
  }

  on<K extends keyof TransportEvents>(event: K, handler: TransportEvents[K]): () => void {
    return this.#events.on(event, handler);
  }

  onKind(handler: (kind: TransportKind) => void): () => void {
    return this.#kinds.on('kind', handler);
  }

  connect(): void {
    this.#ws.connect();
  }

  send(data: Uint8Array, options?: SendOptions): SendResult {
    const pair = this.#pair;
    if (this.#sending && pair && this.state === 'open') {
      if (options?.droppable && pair.bufferedAmount > this.#hwm) return 'dropped';
      try {
        pair.send(data);
      } catch (e) {
        this.#lostChannels(String(e));
        return 'not-open';
      }
      this.counters.webrtcBytesOut += data.byteLength;
      return 'sent';
    }
    const r = this.#ws.send(data, options);
    if (r === 'sent') this.counters.websocketBytesOut += data.byteLength;
    return r;
  }

  lose(error: TransportError): void {
    this.#endRtc();
    this.#ws.lose?.(error);
  }

  close(code?: number, reason?: string): void {
    this.#endRtc();
    this.#ws.close(code, reason);
    this.#events.clear();
    this.#kinds.clear();
  }

  #fromSocket(bytes: Uint8Array): void {
    if (bytes.byteLength >= 16 && isRtcMessage(peekType(bytes), peekFlags(bytes))) {
      try {
        this.#signal(bytes);
      } catch (e) {
        this.#giveUp(`bad signalling: ${String(e)}`);
      }
      return;
    }
    this.counters.websocketBytesIn += bytes.byteLength;
    this.#events.emit('message', bytes);
  }

  #signal(bytes: Uint8Array): void {
    if (peekType(bytes) === FrameType.RtcHello) {
      this.#start();
      return;
    }
    const s = decodeRtcSignal(decodeMessage(bytes));
    const pc = this.#pc;
    if (!pc) return;
    if (s.kind === 'answer') {
      pc.setRemoteDescription({ type: 'answer', sdp: s.sdp }).catch((e: unknown) => this.#giveUp(String(e)));
    } else if (s.kind === 'candidate') {
      if (s.candidate !== '')
        pc.addIceCandidate({ candidate: s.candidate, sdpMid: s.sdpMid }).catch(() => {
          // A candidate this browser cannot use (another address family): the others may do.
        });
    } else if (s.kind === 'switched') this.#pair?.release();
  }

  #send(signal: RtcSignal): void {
    this.#ws.send(encodeRtcSignal(signal, this.#asInput, { seq: this.#seq++ & 0xffff, timestamp: 0 }));
  }

  /** The relay offers WebRTC: create both channels and offer. */
  #start(): void {
    this.#endRtc();
    const Ctor =
      this.#o.RTCPeerConnection ??
      (globalThis as { RTCPeerConnection?: RTCPeerConnectionConstructor }).RTCPeerConnection;
    if (!Ctor) {
      this.#giveUp('no RTCPeerConnection here (pass options.RTCPeerConnection)');
      return;
    }
    const pc = new Ctor({ iceServers: this.#o.iceServers ?? [] });
    this.#pc = pc;
    const pair = new ChannelPair(
      pc,
      {
        message: (m) => {
          this.counters.webrtcBytesIn += m.byteLength;
          this.#events.emit('message', m);
        },
        askKeyframe: () => {
          this.counters.picturesDropped = pair.picturesDropped;
          if (this.#sending) this.send(encodeKeyframeRequest({ seq: this.#seq++ & 0xffff, timestamp: 0 }));
        },
        broken: (reason) => (this.#pair === pair ? this.#lostChannels(reason) : undefined),
      },
      this.#hwm >>> 1,
    );
    this.#pair = pair;
    this.#arm('ICE did not complete');
    const opened = () => {
      if (this.#pair !== pair || !pair.open || this.#sending) return;
      this.#disarm();
      pair.setLimit(fragmentLimitOf(pc));
      // `switched` is the last message of this stream on the socket: all after it go on the channels.
      this.#send({ kind: 'switched' });
      this.#sending = true;
      this.#kinds.emit('kind', 'webrtc');
    };
    pair.reliable.onopen = opened;
    pair.pictures.onopen = opened;
    pc.onicecandidate = (ev) => {
      if (this.#pc !== pc) return;
      const c = ev.candidate;
      this.#send({ kind: 'candidate', candidate: c?.candidate ?? '', sdpMid: c?.sdpMid ?? null });
    };
    pc.createOffer()
      .then((offer) => pc.setLocalDescription(offer).then(() => offer))
      .then((offer) => {
        if (this.#pc === pc) this.#send({ kind: 'offer', sdp: pc.localDescription?.sdp ?? offer.sdp ?? '' });
      })
      .catch((e: unknown) => this.#giveUp(String(e)));
  }

  #arm(why: string): void {
    this.#disarm();
    const ms = this.#o.iceTimeoutMs ?? DEFAULT_ICE_TIMEOUT_MS;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (!this.#sending) this.#giveUp(`${why} in ${ms} ms`);
    }, ms);
  }

  #disarm(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** WebRTC did not come up: stay on the WebSocket ('auto'), or count the connection lost. */
  #giveUp(reason: string): void {
    if (this.#sending) {
      this.#lostChannels(reason);
      return;
    }
    this.#endRtc();
    this.counters.fallbacks++;
    if (this.#o.mode === 'webrtc' && this.state === 'open') {
      this.#ws.lose?.(new TransportError('CONNECT_FAILED', `WebRTC: ${reason}`));
    }
  }

  /** The channels failed: before the switch that is a fallback, after it a lost connection. */
  #lostChannels(reason: string): void {
    if (!this.#sending) {
      this.#giveUp(reason);
      return;
    }
    this.#endRtc();
    this.#ws.lose?.(new TransportError('CLOSED_BY_PEER', `DataChannel: ${reason}`));
  }

  #endRtc(): void {
    this.#disarm();
    const pc = this.#pc;
    const was = this.#sending;
    this.#pc = null;
    this.#sending = false;
    this.#pair?.close();
    this.#pair = null;
    if (pc) {
      pc.onicecandidate = null;
      try {
        pc.close();
      } catch {
        // Already closed.
      }
    }
    if (was) this.#kinds.emit('kind', 'websocket');
  }
}
