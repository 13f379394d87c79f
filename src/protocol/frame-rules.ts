import { Flag, FrameType } from './constants';
import { layerFlagsError } from './layers';

/**
 * The one rule for what a picture keyframe is, shared by the codecs (which refuse a frame that
 * breaks it) and the relay (which routes and retains frames by it), so the two can never
 * disagree about a frame.
 *
 * - Pixels, CompressedPixels and NeuralFrame are whole pictures: always keyframes.
 * - DeltaPixels depends on the previous picture: never a keyframe, and FLAG_KEYFRAME on it is
 *   an error (see {@link frameFlagsError}).
 * - Any other frame type is a keyframe exactly when it carries FLAG_KEYFRAME.
 * @public
 */
export function isPictureKeyframe(type: number, flags: number): boolean {
  switch (type) {
    case FrameType.Pixels:
    case FrameType.CompressedPixels:
    case FrameType.NeuralFrame:
      return true;
    case FrameType.DeltaPixels:
      return false;
    default:
      return (flags & Flag.Keyframe) !== 0;
  }
}

/**
 * Why a source frame's flags are invalid for its type, or null when they are fine. The relay
 * closes a source that sends such a frame; the codec rejects it with `BAD_PAYLOAD`. This covers
 * the quality-layer field too (`layerFlagsError`).
 * @internal
 */
export function frameFlagsError(type: number, flags: number): string | null {
  if (type === FrameType.DeltaPixels && (flags & Flag.Keyframe) !== 0) {
    return 'DeltaPixels must not carry FLAG_KEYFRAME';
  }
  return layerFlagsError(type, flags);
}
