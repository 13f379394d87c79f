// Names on the NATS side (subjects, KV keys) and the small envelope every cluster message carries.

/** The KV bucket holding channel state (history 1: only the latest value of each key matters). @internal */
export const BUCKET = 'ds_channels';

/** Subject every relay announces itself on, once per heartbeat. @internal */
export const HEARTBEAT_SUBJECT = 'ds.relays.hb';

/**
 * A channel name as one NATS subject token and KV key token. Channel names may hold `.` (a
 * subject separator) and `~` (not allowed in KV keys): every character outside
 * `[A-Za-z0-9_-]` becomes `=XX` (hex). `=` never occurs in a channel name, so this is injective.
 * @internal
 */
export function channelToken(name: string): string {
  return name.replace(
    /[^A-Za-z0-9_-]/g,
    (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/** Subjects and keys of one channel. @internal */
export interface ChannelNames {
  /** Source frames (and source online/offline notes), owner relay to the others: at most once. */
  readonly frame: string;
  /** Receivers' input, any relay to the owner: at most once. */
  readonly input: string;
  /** KV key: which relay holds the source, with a heartbeat. */
  readonly owner: string;
  /** KV key: picture (keyframe + delta log) and merged signal state, for a relay's first receiver. */
  readonly state: string;
}

/** @internal */
export function channelNames(name: string): ChannelNames {
  const t = channelToken(name);
  return { frame: `ds.ch.${t}.frame`, input: `ds.ch.${t}.input`, owner: `${t}.owner`, state: `${t}.state` };
}

/** Subject a relay answers "do you hold the source of channel X?" on. @internal */
export function ownsSubject(relayId: number): string {
  return `ds.relay.${relayId.toString(16)}.owns`;
}

/** What an envelope carries. @internal */
export const Kind = {
  /** One fragment (src/protocol/fragment.ts) of a protocol message. */
  Fragment: 0,
  /** The channel's source attached on the sending relay. */
  SourceOnline: 1,
  /** The channel's source left the sending relay without End. */
  SourceOffline: 2,
} as const;
/** @internal */
export type Kind = (typeof Kind)[keyof typeof Kind];

/** Envelope: `kind u8 | relay u32 LE`, then (for a fragment) the fragment. */
export const ENVELOPE_SIZE = 5;

/** Writes the envelope into the first 5 bytes of `out`. @internal */
export function writeEnvelope(out: Uint8Array, kind: Kind, relay: number): void {
  out[0] = kind;
  new DataView(out.buffer, out.byteOffset, ENVELOPE_SIZE).setUint32(1, relay >>> 0, true);
}

/** Reads an envelope; null when the message is too short or of an unknown kind. @internal */
export function readEnvelope(data: Uint8Array): { kind: Kind; relay: number } | null {
  if (data.byteLength < ENVELOPE_SIZE || data[0]! > Kind.SourceOffline) return null;
  const relay = new DataView(data.buffer, data.byteOffset, ENVELOPE_SIZE).getUint32(1, true);
  return { kind: data[0] as Kind, relay };
}
