// node-datachannel is an optional peer dependency: imported only when the relay offers WebRTC.

/** The part of the W3C API the relay uses, as `node-datachannel/polyfill` exports it. @internal */
export interface RtcModule {
  RTCPeerConnection: new (config: RTCConfiguration & { bindAddress?: string }) => RTCPeerConnection;
}

/** Why WebRTC cannot start: `--webrtc` was asked for and node-datachannel is not installed. @public */
export class WebRTCUnavailableError extends Error {
  readonly code = 'WEBRTC_UNAVAILABLE' as const;
  constructor(cause: unknown) {
    super(
      'WEBRTC_UNAVAILABLE: --webrtc needs the optional peer dependency node-datachannel ' +
        `(npm install node-datachannel); it could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'WebRTCUnavailableError';
  }
}

/**
 * Loads the W3C polyfill of node-datachannel (libdatachannel), or null when it is not installed.
 * The specifier is a variable so bundlers leave the import alone.
 * @internal
 */
export async function loadRtcModule(specifier = 'node-datachannel/polyfill'): Promise<RtcModule | null> {
  try {
    const m = (await import(specifier)) as Partial<RtcModule> & { default?: Partial<RtcModule> };
    const Ctor = m.RTCPeerConnection ?? m.default?.RTCPeerConnection;
    if (typeof Ctor !== 'function') return null;
    return { RTCPeerConnection: Ctor };
  } catch (err) {
    lastLoadError = err;
    return null;
  }
}

let lastLoadError: unknown = null;

/** What the last failed `loadRtcModule` threw (for the `--webrtc` error message). @internal */
export function rtcLoadError(): unknown {
  return lastLoadError;
}
