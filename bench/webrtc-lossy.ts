// Lossy links for bench/webrtc.bench.ts, one per receiver:
//  - DataChannel: a UDP proxy that drops a share of datagrams each way. ICE is routed through it by
//    rewriting candidates in signalling at the receiver: the relay's candidates it is given become
//    the proxy's client-facing port (RTCPeerConnection subclass), its own candidates the relay is
//    sent become the proxy's relay-facing port (WebSocket subclass), SDP candidate lines are
//    removed, so the only pair ICE can form runs through the proxy.
//  - WebSocket: a TCP proxy that holds a share of the downstream chunks for a while, and with them
//    everything behind (a model of a TCP retransmission: head-of-line blocking).
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { type AddressInfo, createConnection, createServer, type Server } from 'node:net';
import { RTCPeerConnection } from 'node-datachannel/polyfill';
import { WebSocket } from 'ws';
import {
  decodeMessage,
  decodeRtcSignal,
  encodeRtcSignal,
  isRtcMessage,
  peekFlags,
  peekSeq,
  peekType,
} from '../src/protocol/index';
import type { RTCPeerConnectionConstructor, WebSocketConstructor } from '../src/transport/index';

const stripSdp = (sdp: string) =>
  sdp.replace(/^a=candidate:.*\r?\n/gm, '').replace(/^a=end-of-candidates\r?\n/gm, '');

/** `candidate` with its address and port replaced, or null for one not on 127.0.0.1/UDP. */
function rewrite(candidate: string, port: number): { text: string; port: number } | null {
  const f = candidate.split(' ');
  if (f.length < 8 || f[2]?.toLowerCase() !== 'udp' || f[4] !== '127.0.0.1') return null;
  const was = Number(f[5]);
  f[5] = String(port);
  return { text: f.join(' '), port: was };
}

/** A UDP proxy between one client and the relay, dropping `loss` of the datagrams each way. */
export class UdpLossProxy {
  readonly toClient: UdpSocket = createSocket('udp4');
  readonly toRelay: UdpSocket = createSocket('udp4');
  client: RemoteInfo | null = null;
  relayPort = 0;
  dropped = 0;
  passed = 0;

  constructor(readonly loss: number) {
    this.toClient.on('message', (m, from) => {
      this.client = from;
      if (this.relayPort) this.#pass(() => this.toRelay.send(m, this.relayPort, '127.0.0.1'));
    });
    this.toRelay.on('message', (m) => {
      const c = this.client;
      if (c) this.#pass(() => this.toClient.send(m, c.port, c.address));
    });
  }

  #pass(send: () => void): void {
    if (Math.random() < this.loss) this.dropped++;
    else {
      this.passed++;
      send();
    }
  }

  async listen(): Promise<void> {
    await Promise.all(
      [this.toClient, this.toRelay].map((s) => new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()))),
    );
  }

  port(s: UdpSocket): number {
    return s.address().port;
  }

  close(): void {
    this.toClient.close();
    this.toRelay.close();
  }

  /** The constructors a receiver's DataChannel transport must use to go through this proxy. */
  constructors(): { RTCPeerConnection: RTCPeerConnectionConstructor; WebSocket: WebSocketConstructor } {
    const proxy = this;
    class ProxiedPc extends RTCPeerConnection {
      constructor(config?: RTCConfiguration) {
        super({ ...config, bindAddress: '127.0.0.1' } as RTCConfiguration);
      }
      override async addIceCandidate(c?: RTCIceCandidateInit): Promise<void> {
        const r = c?.candidate ? rewrite(c.candidate, proxy.port(proxy.toClient)) : null;
        if (!r) return;
        proxy.relayPort ||= r.port;
        return super.addIceCandidate({ ...c, candidate: r.text });
      }
      override async setRemoteDescription(d: RTCSessionDescriptionInit): Promise<void> {
        return super.setRemoteDescription({ ...d, sdp: stripSdp(d.sdp ?? '') });
      }
    }
    class ProxiedWs extends WebSocket {
      override send(data: unknown, ...rest: unknown[]): void {
        const b = data as Uint8Array;
        if (b.byteLength >= 16 && isRtcMessage(peekType(b), peekFlags(b))) {
          const s = decodeRtcSignal(decodeMessage(b));
          const meta = { seq: peekSeq(b), timestamp: 0 };
          if (s.kind === 'offer') data = encodeRtcSignal({ kind: 'offer', sdp: stripSdp(s.sdp) }, true, meta);
          if (s.kind === 'candidate' && s.candidate !== '') {
            const r = rewrite(s.candidate, proxy.port(proxy.toRelay));
            if (!r) return;
            data = encodeRtcSignal({ ...s, candidate: r.text }, true, meta);
          }
        }
        (super.send as (...a: unknown[]) => void)(data, ...rest);
      }
    }
    return {
      RTCPeerConnection: ProxiedPc as unknown as RTCPeerConnectionConstructor,
      WebSocket: ProxiedWs as unknown as WebSocketConstructor,
    };
  }
}

/** A TCP proxy to `port` that holds `share` of the downstream chunks for `holdMs`, in order. */
export async function holdProxy(
  port: number,
  share: number,
  holdMs: number,
): Promise<{ url: string; held(): number; close(): Promise<void> }> {
  let held = 0;
  const server: Server = createServer((client) => {
    client.setNoDelay(true);
    const up = createConnection(port, '127.0.0.1');
    up.setNoDelay(true);
    client.pipe(up);
    const queue: { at: number; data: Buffer }[] = [];
    let releaseAt = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const pump = () => {
      timer = null;
      const now = performance.now();
      while (queue.length && queue[0]!.at <= now) client.write(queue.shift()!.data);
      if (queue.length) timer = setTimeout(pump, queue[0]!.at - now);
    };
    up.on('data', (data: Buffer) => {
      const now = performance.now();
      const hold = Math.random() < share;
      if (hold) held++;
      releaseAt = Math.max(releaseAt, now + (hold ? holdMs : 0));
      if (releaseAt <= now && queue.length === 0) client.write(data);
      else {
        queue.push({ at: releaseAt, data });
        if (!timer) timer = setTimeout(pump, releaseAt - now);
      }
    });
    const end = () => {
      client.destroy();
      up.destroy();
    };
    client.on('error', end).on('close', end);
    up.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const p = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${p}`,
    held: () => held,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
