import type { TransportKind } from './datachannel-types';
import type { Transport } from './types';

interface KindSource {
  readonly kind?: unknown;
  onKind?: unknown;
}

/** The path `t` streams over now: a DataChannel transport says; any other is `'websocket'`. @internal */
export function transportKindOf(t: Transport): TransportKind {
  return (t as KindSource).kind === 'webrtc' ? 'webrtc' : 'websocket';
}

/**
 * Calls `fn` whenever `t` changes path (a DataChannel transport), and at once when it is already
 * on WebRTC (a transport handed over ready); a no-op for others.
 * @internal
 */
export function watchTransportKind(t: Transport, fn: (kind: TransportKind) => void): () => void {
  if (transportKindOf(t) === 'webrtc') fn('webrtc');
  const onKind = (t as KindSource).onKind;
  if (typeof onKind !== 'function') return () => {};
  return (onKind as (h: (k: TransportKind) => void) => () => void).call(t, fn);
}
