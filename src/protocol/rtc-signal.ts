/**
 * WebRTC signalling over the WebSocket a client already holds to the relay: RtcHello (0x54, relay
 * → client: "I terminate DataChannels") and RtcSignal (frame 0x55 between the relay and any client;
 * input 0x72 from a receiver, which may send input only). Byte tables in docs/PROTOCOL.md.
 */
import { Flag, FrameType, frameTypeName, InputType } from './constants';
import type { ControlMeta } from './control';
import { fail } from './errors';
import { encodeMessage } from './message';
import type { Message } from './types';

/** Version byte of RtcHello's payload. @internal */
export const RTC_HELLO_VERSION = 1;

/** Largest RtcSignal payload (kind byte + body), in bytes. @internal */
export const MAX_RTC_SIGNAL_BYTES = 65_536;

/**
 * What an RtcSignal carries: the client's SDP `offer`, the relay's SDP `answer`, one ICE
 * `candidate` (trickled; an empty candidate ends them), or `switched`: "my DataChannels are open
 * and from after this message on I send on them", which fixes the order across the switch.
 * @internal
 */
export type RtcSignal =
  | { kind: 'offer'; sdp: string }
  | { kind: 'answer'; sdp: string }
  | { kind: 'candidate'; candidate: string; sdpMid: string | null }
  | { kind: 'switched' };

/** Wire values of `RtcSignal['kind']` (payload byte 0). @internal */
export const RtcSignalCode: {
  readonly offer: 0;
  readonly answer: 1;
  readonly candidate: 2;
  readonly switched: 3;
} = { offer: 0, answer: 1, candidate: 2, switched: 3 };

const KINDS: readonly RtcSignal['kind'][] = ['offer', 'answer', 'candidate', 'switched'];
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Encodes an RtcHello (relay → client). @internal */
export function encodeRtcHello(meta: ControlMeta): Uint8Array {
  return encodeMessage(
    { type: FrameType.RtcHello, flags: 0, seq: meta.seq, timestamp: meta.timestamp, width: 0, height: 0 },
    Uint8Array.of(RTC_HELLO_VERSION),
  );
}

/**
 * Encodes an RtcSignal: as input 0x72 when `asInput` (a receiver sends it), else as frame 0x55
 * (the relay, or a source).
 * @throws ProtocolError `BAD_PAYLOAD` when the encoded payload is over 64 KiB
 * @example
 * ```ts
 * ws.send(encodeRtcSignal({ kind: 'offer', sdp: pc.localDescription.sdp }, role === 'receiver', meta));
 * ```
 * @internal
 */
export function encodeRtcSignal(signal: RtcSignal, asInput: boolean, meta: ControlMeta): Uint8Array {
  let body = '';
  if (signal.kind === 'offer' || signal.kind === 'answer') body = signal.sdp;
  else if (signal.kind === 'candidate')
    body = JSON.stringify({ candidate: signal.candidate, sdpMid: signal.sdpMid });
  const text = utf8.encode(body);
  if (1 + text.length > MAX_RTC_SIGNAL_BYTES) fail('BAD_PAYLOAD', `RtcSignal of ${1 + text.length} bytes`);
  const payload = new Uint8Array(1 + text.length);
  payload[0] = RtcSignalCode[signal.kind];
  payload.set(text, 1);
  return encodeMessage(
    {
      type: asInput ? InputType.RtcSignal : FrameType.RtcSignal,
      flags: asInput ? Flag.Input : 0,
      seq: meta.seq,
      timestamp: meta.timestamp,
      width: 0,
      height: 0,
    },
    payload,
  );
}

/** True for RtcHello, and for RtcSignal in either form (frame 0x55, input 0x72). @internal */
export function isRtcMessage(type: number, flags: number): boolean {
  if ((flags & Flag.Input) !== 0) return type === InputType.RtcSignal;
  return type === FrameType.RtcSignal || type === FrameType.RtcHello;
}

/**
 * Decodes an RtcHello; returns its version.
 * @throws ProtocolError `UNKNOWN_TYPE` (not an RtcHello), `SIZE_MISMATCH` (payload is not 1 byte)
 * @internal
 */
export function decodeRtcHello(message: Message): number {
  const { header, payload } = message;
  if (header.type !== FrameType.RtcHello || (header.flags & Flag.Input) !== 0) {
    fail('UNKNOWN_TYPE', `expected RtcHello, got ${frameTypeName(header.type)}`);
  }
  if (payload.length !== 1) fail('SIZE_MISMATCH', `RtcHello payload is ${payload.length} bytes, expected 1`);
  return payload[0]!;
}

/**
 * Decodes an RtcSignal (frame 0x55 or input 0x72).
 * @throws ProtocolError `UNKNOWN_TYPE` (neither form), `SIZE_MISMATCH` (empty, or over 64 KiB),
 * `BAD_PAYLOAD` (unknown kind, bad UTF-8, an SDP that is not one, a candidate that is not
 * `{candidate: string, sdpMid: string | null}`, a body on `switched`)
 * @internal
 */
export function decodeRtcSignal(message: Message): RtcSignal {
  const { header, payload } = message;
  if (!isRtcMessage(header.type, header.flags) || header.type === FrameType.RtcHello) {
    fail('UNKNOWN_TYPE', `expected RtcSignal, got ${frameTypeName(header.type)}`);
  }
  if (payload.length < 1 || payload.length > MAX_RTC_SIGNAL_BYTES) {
    fail(
      'SIZE_MISMATCH',
      `RtcSignal payload is ${payload.length} bytes, expected 1..${MAX_RTC_SIGNAL_BYTES}`,
    );
  }
  const kind = KINDS[payload[0]!];
  if (kind === undefined) fail('BAD_PAYLOAD', `unknown RtcSignal kind ${payload[0]}`);
  let body: string;
  try {
    body = fromUtf8.decode(payload.subarray(1));
  } catch {
    fail('BAD_PAYLOAD', 'RtcSignal body is not UTF-8');
  }
  if (kind === 'switched') {
    if (body.length > 0) fail('BAD_PAYLOAD', 'switched carries no body');
    return { kind };
  }
  if (kind === 'offer' || kind === 'answer') {
    if (!body.startsWith('v=0')) fail('BAD_PAYLOAD', `${kind} is not an SDP (must start with v=0)`);
    return { kind, sdp: body };
  }
  return decodeCandidate(body);
}

function decodeCandidate(body: string): RtcSignal {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    fail('BAD_PAYLOAD', 'candidate is not JSON');
  }
  const o = v as { candidate?: unknown; sdpMid?: unknown } | null;
  if (
    typeof o !== 'object' ||
    o === null ||
    typeof o.candidate !== 'string' ||
    !(typeof o.sdpMid === 'string' || o.sdpMid === null)
  ) {
    fail('BAD_PAYLOAD', 'candidate must be {candidate: string, sdpMid: string | null}');
  }
  return { kind: 'candidate', candidate: o.candidate, sdpMid: o.sdpMid };
}
