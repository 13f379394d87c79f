import { describe, expect, test } from 'vitest';
import { isTransportError, type TransportError } from '../../src/transport/errors';
import {
  isLegalTransition,
  TRANSITIONS,
  type TransportState,
  TransportStateMachine,
} from '../../src/transport/state';

const STATES = Object.keys(TRANSITIONS) as TransportState[];

describe('transport state table', () => {
  test.each([
    ['idle', 'connecting', true],
    ['connecting', 'open', true],
    ['open', 'reconnecting', true],
    ['reconnecting', 'connecting', true],
    ['open', 'closing', true],
    ['closing', 'closed', true],
    ['closed', 'connecting', false],
    ['closed', 'open', false],
    ['idle', 'open', false],
    ['open', 'connecting', false],
    ['closing', 'open', false],
    ['reconnecting', 'open', false],
  ] as const)('%s → %s legal: %s', (from, to, legal) => {
    expect(isLegalTransition(from, to)).toBe(legal);
  });

  test('closed is final', () => {
    for (const s of STATES) expect(isLegalTransition('closed', s)).toBe(false);
  });

  test('the machine follows legal moves and reports them', () => {
    const seen: string[] = [];
    const m = new TransportStateMachine((n, p) => seen.push(`${p}>${n}`));
    m.to('connecting');
    m.to('open');
    m.to('reconnecting');
    m.to('connecting');
    m.to('closed');
    expect(seen).toEqual([
      'idle>connecting',
      'connecting>open',
      'open>reconnecting',
      'reconnecting>connecting',
      'connecting>closed',
    ]);
  });

  test('every illegal move throws ILLEGAL_TRANSITION and leaves the state alone', () => {
    for (const from of STATES) {
      for (const to of STATES) {
        if (isLegalTransition(from, to)) continue;
        const m = new TransportStateMachine(() => {});
        // Walk to `from` along legal moves.
        const path: Record<TransportState, TransportState[]> = {
          idle: [],
          connecting: ['connecting'],
          open: ['connecting', 'open'],
          reconnecting: ['connecting', 'reconnecting'],
          closing: ['connecting', 'closing'],
          closed: ['closed'],
        };
        for (const s of path[from]) m.to(s);
        let err: unknown;
        try {
          m.to(to);
        } catch (e) {
          err = e;
        }
        expect(isTransportError(err, 'ILLEGAL_TRANSITION')).toBe(true);
        expect((err as TransportError).message).toContain(`${from} → ${to}`);
        expect(m.state).toBe(from);
      }
    }
  });
});
