/**
 * Roster (0x51): the relay tells a source which receivers joined, left, or are connected, by the
 * relay id it stamps into `width` of their input. Byte table in docs/PROTOCOL.md.
 */
import { Flag, FrameType, frameTypeName, HEADER_SIZE } from './constants';
import type { ControlMeta } from './control';
import { fail } from './errors';
import { allocMessage } from './message';
import type { Message } from './types';

/**
 * What a Roster says: `snapshot` lists every receiver connected now (it replaces what the source
 * knew: sent when a source attaches), `joined` and `left` list changes since.
 * @internal
 */
export type RosterKind = 'snapshot' | 'joined' | 'left';

/** Wire values of {@link RosterKind} (payload byte 0 of a Roster). @internal */
export const RosterCode: { readonly snapshot: 0; readonly joined: 1; readonly left: 2 } = {
  snapshot: 0,
  joined: 1,
  left: 2,
};

/** A decoded Roster. @internal */
export interface RosterInfo {
  kind: RosterKind;
  /** Relay ids (1..65535) of the receivers concerned, in the relay's order. */
  ids: number[];
}

/** Bytes of a Roster payload before its ids: kind u8, count u16 LE. @internal */
export const ROSTER_HEADER_SIZE = 3;

/** Most ids one Roster carries (its count is a u16). @internal */
export const MAX_ROSTER_IDS = 0xffff;

const KIND_BY_CODE: readonly RosterKind[] = ['snapshot', 'joined', 'left'];

function checkId(id: number): void {
  if (!Number.isInteger(id) || id < 1 || id > 0xffff)
    fail('BAD_PAYLOAD', `receiver id ${id} not in 1..65535`);
}

/**
 * Encodes a Roster (0x51), sent by the relay to the source only.
 * @throws ProtocolError `BAD_PAYLOAD` for an id outside 1..65535 or more than 65535 ids
 * @example
 * ```ts
 * source.send(encodeRoster('left', [7], { seq, timestamp: 0 }));
 * ```
 * @internal
 */
export function encodeRoster(kind: RosterKind, ids: readonly number[], meta: ControlMeta): Uint8Array {
  if (ids.length > MAX_ROSTER_IDS) fail('BAD_PAYLOAD', `${ids.length} ids, at most ${MAX_ROSTER_IDS}`);
  const out = allocMessage(
    { type: FrameType.Roster, flags: 0, seq: meta.seq, timestamp: meta.timestamp, width: 0, height: 0 },
    ROSTER_HEADER_SIZE + 2 * ids.length,
  );
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let at = HEADER_SIZE;
  view.setUint8(at, RosterCode[kind]);
  view.setUint16(at + 1, ids.length, true);
  at += ROSTER_HEADER_SIZE;
  for (const id of ids) {
    checkId(id);
    view.setUint16(at, id, true);
    at += 2;
  }
  return out;
}

/**
 * Decodes a Roster message.
 * @throws ProtocolError `UNKNOWN_TYPE` (not a Roster, or FLAG_INPUT set), `SIZE_MISMATCH`
 * (payload is not 3 + 2 × count bytes), `BAD_PAYLOAD` (unknown kind, or id 0)
 * @internal
 */
export function decodeRoster(message: Message): RosterInfo {
  const { header, payload } = message;
  if (header.type !== FrameType.Roster || (header.flags & Flag.Input) !== 0) {
    fail('UNKNOWN_TYPE', `expected Roster, got ${frameTypeName(header.type)}`);
  }
  if (payload.length < ROSTER_HEADER_SIZE) {
    fail('SIZE_MISMATCH', `Roster payload is ${payload.length} bytes, header needs ${ROSTER_HEADER_SIZE}`);
  }
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const kind = KIND_BY_CODE[payload[0]!];
  if (kind === undefined) fail('BAD_PAYLOAD', `unknown Roster kind ${payload[0]}`);
  const count = view.getUint16(1, true);
  if (payload.length !== ROSTER_HEADER_SIZE + 2 * count) {
    fail(
      'SIZE_MISMATCH',
      `Roster of ${count} ids is ${payload.length} bytes, expected ${ROSTER_HEADER_SIZE + 2 * count}`,
    );
  }
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const id = view.getUint16(ROSTER_HEADER_SIZE + 2 * i, true);
    if (id === 0) fail('BAD_PAYLOAD', 'receiver id 0 in a Roster');
    ids.push(id);
  }
  return { kind, ids };
}
