// getToken through the React layer (issue 15, item 3): passed to the engine through a latest-ref, so
// a new function each render does not reconnect, and the NEWEST function is what a reconnect calls.
import { StreamReceiver, StreamSource } from '@ds-stream/react';
import { createToken } from '@ds-stream/react/relay';
import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { freshChannel, relayPerFile } from './helpers';

const SECRET = 'a-test-secret-of-32-characters!!';
const relay = relayPerFile({ tokenSecret: SECRET });
const HOUR = 3600_000;

describe('getToken prop', () => {
  it('a new getToken identity does not reconnect; the next reconnect calls the latest one', async () => {
    const channel = freshChannel('tok');
    const calls: string[] = [];
    const viewer = (label: string) => (
      <StreamReceiver
        url={relay.url}
        channel={channel}
        data-testid="rx"
        getToken={async () => {
          calls.push(label);
          return createToken(SECRET, channel, 'receiver', Date.now() + HOUR);
        }}
      />
    );
    const { rerender } = render(viewer('first'));
    const rx = screen.getByTestId('rx');
    await waitFor(() => expect(rx.getAttribute('data-ds-state')).toBe('open'));
    expect(rx.hasAttribute('getToken')).toBe(false);
    expect(rx.hasAttribute('gettoken')).toBe(false);
    const opened = relay.opened();
    rerender(viewer('second'));
    rerender(viewer('third'));
    expect(rx.getAttribute('data-ds-state')).toBe('open');
    expect(relay.opened()).toBe(opened);
    expect(calls).toEqual(['first']);
    relay.cut();
    await waitFor(() => expect(calls).toEqual(['first', 'third']), { timeout: 10_000 });
    await waitFor(() => expect(rx.getAttribute('data-ds-state')).toBe('open'), { timeout: 10_000 });
    expect(relay.peers().receivers).toBe(1);
  });

  it('a source authenticates with getToken alone, and its receivers see it', async () => {
    const channel = freshChannel('tok');
    const token = (role: 'source' | 'receiver') => createToken(SECRET, channel, role, Date.now() + HOUR);
    render(
      <StreamSource
        url={relay.url}
        channel={channel}
        mode="signal"
        signalState={{ n: 1 }}
        getToken={() => token('source')}
        data-testid="src"
      />,
    );
    render(
      <StreamReceiver
        url={relay.url}
        channel={channel}
        getToken={() => token('receiver')}
        data-testid="rx"
      />,
    );
    await waitFor(() => expect(screen.getByTestId('src').getAttribute('data-ds-state')).toBe('open'));
    await waitFor(() => expect(screen.getByTestId('rx').getAttribute('data-ds-mode')).toBe('signal'));
    expect(relay.peers()).toEqual({ sources: 1, receivers: 1 });
  });

  it('without a token the relay refuses for good: state error, one connection', async () => {
    const channel = freshChannel('tok');
    const errors: Error[] = [];
    const before = relay.opened();
    render(
      <StreamReceiver url={relay.url} channel={channel} onError={(e) => errors.push(e)} data-testid="rx" />,
    );
    await waitFor(() => expect(screen.getByTestId('rx').getAttribute('data-ds-state')).toBe('error'));
    expect(errors.at(-1)).toMatchObject({ code: 'REFUSED', closeCode: 4401 });
    await new Promise((r) => setTimeout(r, 1500));
    expect(relay.opened()).toBe(before + 1);
  });
});
