import {
  type CompositionLayer,
  decodeLayerDirectory,
  decodeLayerPlacement,
  type LayerPlacement,
} from '../protocol/composition';
import { Flag, FrameType, frameTypeName, InputType } from '../protocol/constants';
import { decodeStreamStatus, type StreamStatusInfo } from '../protocol/control';
import { fail } from '../protocol/errors';
import { decodeInput, type InputEvent } from '../protocol/input';
import { decodeLayerOffer, decodeLayerReport, type LayerAssignment } from '../protocol/layers';
import { decodeRoster, type RosterInfo } from '../protocol/roster';
import type { SignalState } from '../protocol/signal-merge';
import type { Message } from '../protocol/types';
import { type AudioCompressed, decodeAudioCompressed } from './audio-compressed';
import { type AudioPcm, decodeAudioPcm } from './audio-pcm';
import { type CompressedPicture, decodeCompressed } from './compressed';
import { checkDeltaMessage } from './delta';
import { decodeHaptic, type HapticCommand } from './haptic';
import { decodeNeuralFrame, decodeNeuralLatent, type NeuralLatent } from './neural';
import { decodePixels, type RgbaPicture } from './pixels';
import { decodeSignal } from './signal';

/**
 * Every decoded message, discriminated by `kind`. Payload views point into the message.
 * A `delta` frame needs the previous picture, so it carries the message for `applyDelta`.
 * @public
 */
export type Frame =
  | ({ kind: 'pixels' } & RgbaPicture)
  | ({ kind: 'compressed' } & CompressedPicture)
  | { kind: 'delta'; width: number; height: number; message: Message }
  | ({ kind: 'audio-pcm' } & AudioPcm)
  | ({ kind: 'audio-compressed' } & AudioCompressed)
  | { kind: 'haptic'; command: HapticCommand }
  | { kind: 'signal-sync'; state: SignalState }
  | { kind: 'signal-diff'; diff: SignalState }
  | ({ kind: 'neural-frame' } & RgbaPicture)
  | { kind: 'neural-latent'; latent: NeuralLatent }
  /** NeuralAudio (0x41) and NeuralActuator (0x42): reserved codes, payload passed through unparsed. */
  | { kind: 'neural-audio' | 'neural-actuator'; payload: Uint8Array }
  | ({ kind: 'stream-status' } & StreamStatusInfo)
  /** Relay -> source: which receivers joined, left, or are there (0x51). */
  | { kind: 'roster'; roster: RosterInfo }
  /** Source -> relay: mask of the quality layers the source produces (0x52). */
  | { kind: 'layer-offer'; mask: number }
  /** Relay -> source (every receiver) or receiver (its own entry): quality layer assignments (0x53). */
  | { kind: 'layer-report'; layers: LayerAssignment[] }
  /** Source of a composition layer -> relay: where the layer sits in the composite (0x58). */
  | { kind: 'layer-placement'; placement: LayerPlacement }
  /** Relay -> receiver: the channel's composition layers and the composite size (0x59). */
  | { kind: 'layer-directory'; width: number; height: number; layers: CompositionLayer[] }
  /** Ping (frame, or input when a receiver sends it) and Pong: answer with `encodePong`. */
  | { kind: 'ping' | 'pong'; message: Message }
  | { kind: 'end' }
  /** Any message with FLAG_INPUT (except Ping). */
  | { kind: 'input'; event: InputEvent };

/** The `kind` of a decoded frame. @public */
export type FrameKind = Frame['kind'];

type Decoder = (m: Message) => Frame;

// One table, code -> decoder (noVNC's encodings table); anything absent is UNKNOWN_TYPE. Built on
// first use: a table at module level survives tree-shaking in a pre-bundled chunk (its keys read
// FrameType), so every decoder would ship with a receiver that never calls decodeFrame.
let frameDecoders: Map<number, Decoder> | null = null;
const FRAME_DECODERS = (): Map<number, Decoder> =>
  (frameDecoders ??= new Map<number, Decoder>([
    [FrameType.Pixels, (m) => ({ kind: 'pixels', ...decodePixels(m) })],
    [FrameType.CompressedPixels, (m) => ({ kind: 'compressed', ...decodeCompressed(m) })],
    [
      FrameType.DeltaPixels,
      (m) => {
        checkDeltaMessage(m);
        return { kind: 'delta', width: m.header.width, height: m.header.height, message: m };
      },
    ],
    [FrameType.AudioPcm, (m) => ({ kind: 'audio-pcm', ...decodeAudioPcm(m) })],
    [FrameType.AudioCompressed, (m) => ({ kind: 'audio-compressed', ...decodeAudioCompressed(m) })],
    [FrameType.Haptic, (m) => ({ kind: 'haptic', command: decodeHaptic(m) })],
    [FrameType.SignalSync, (m) => ({ kind: 'signal-sync', state: decodeSignal(m) })],
    [FrameType.SignalDiff, (m) => ({ kind: 'signal-diff', diff: decodeSignal(m) })],
    [FrameType.NeuralFrame, (m) => ({ kind: 'neural-frame', ...decodeNeuralFrame(m) })],
    [FrameType.NeuralAudio, (m) => ({ kind: 'neural-audio', payload: m.payload })],
    [FrameType.NeuralActuator, (m) => ({ kind: 'neural-actuator', payload: m.payload })],
    [FrameType.NeuralLatent, (m) => ({ kind: 'neural-latent', latent: decodeNeuralLatent(m) })],
    [FrameType.StreamStatus, (m) => ({ kind: 'stream-status', ...decodeStreamStatus(m) })],
    [FrameType.Roster, (m) => ({ kind: 'roster', roster: decodeRoster(m) })],
    [FrameType.LayerOffer, (m) => ({ kind: 'layer-offer', mask: decodeLayerOffer(m) })],
    [FrameType.LayerReport, (m) => ({ kind: 'layer-report', layers: decodeLayerReport(m) })],
    [FrameType.LayerPlacement, (m) => ({ kind: 'layer-placement', placement: decodeLayerPlacement(m) })],
    [FrameType.LayerDirectory, (m) => ({ kind: 'layer-directory', ...decodeLayerDirectory(m) })],
    [FrameType.Ping, (m) => ({ kind: 'ping', message: m })],
    [FrameType.Pong, (m) => ({ kind: 'pong', message: m })],
    [FrameType.End, () => ({ kind: 'end' })],
  ]));

/**
 * Decodes any message (from `decodeMessage` or `MessageReader`) into a typed frame; input
 * messages decode to `{ kind: 'input', event }`.
 * @throws ProtocolError `UNKNOWN_TYPE` for an unknown code, and whatever the frame's own
 * decoder throws (`SIZE_MISMATCH`, `BAD_JSON`, `BAD_PAYLOAD`)
 * @example
 * ```ts
 * const frame = decodeFrame(decodeMessage(new Uint8Array(event.data)));
 * switch (frame.kind) {
 *   case 'pixels': draw(frame.rgba, frame.width, frame.height); break;
 *   case 'delta': applyDelta(frame.message, backbuffer); break;
 * }
 * ```
 * @public
 */
export function decodeFrame(message: Message): Frame {
  const { type, flags } = message.header;
  if ((flags & Flag.Input) !== 0) {
    if (type === InputType.Ping) return { kind: 'ping', message };
    return { kind: 'input', event: decodeInput(message) };
  }
  const decode = FRAME_DECODERS().get(type);
  if (decode === undefined) fail('UNKNOWN_TYPE', `frame type ${frameTypeName(type)}`);
  return decode(message);
}
