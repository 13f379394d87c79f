import { StreamReceiver, useConnectionState, useStreamReceiver } from '@ds-stream/react';
import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import * as React from 'react';
import { describe, expect, it, onTestFinished } from 'vitest';
import { countWebSockets, freshChannel, relayPerFile, sleep } from './helpers';

// After each test every component has disposed its engine: the relay sees no socket left.
const relay = relayPerFile();

function StateProbe() {
  return <output data-testid="probe">{useConnectionState()}</output>;
}

describe('<StreamReceiver>', () => {
  it('renders its own canvas, forwards its ref and passes DOM props through', () => {
    const ref = React.createRef<HTMLDivElement>();
    render(
      <StreamReceiver
        url={relay.url}
        channel={freshChannel()}
        ref={ref}
        className="viewer"
        style={{ width: 320 }}
        data-testid="rx"
        canvasProps={{ 'aria-label': 'stream' }}
      />,
    );
    const root = screen.getByTestId('rx');
    expect(ref.current).toBe(root);
    expect(root).toBeInstanceOf(HTMLDivElement);
    expect(root.className).toBe('viewer');
    expect(root.style.width).toBe('320px');
    expect(root.getAttribute('data-ds-role')).toBe('receiver');
    expect(root.querySelector('canvas')?.getAttribute('aria-label')).toBe('stream');
  });

  it('connects to the relay and shows the state in data-ds-state and through hooks', async () => {
    render(
      <StreamReceiver url={relay.url} channel={freshChannel()} data-testid="rx">
        <StateProbe />
      </StreamReceiver>,
    );
    const root = screen.getByTestId('rx');
    // First render is the idle placeholder; the engine starts in an effect.
    await waitFor(() => expect(root.getAttribute('data-ds-state')).toBe('open'));
    expect(screen.getByTestId('probe').textContent).toBe('open');
    expect(root.getAttribute('data-ds-source')).toBe('offline');
  });

  it('closes its socket on unmount (seen at the relay)', async () => {
    const before = relay.opened();
    const { unmount } = render(<StreamReceiver url={relay.url} channel={freshChannel()} data-testid="rx" />);
    await waitFor(() => expect(screen.getByTestId('rx').getAttribute('data-ds-state')).toBe('open'));
    expect(relay.opened()).toBe(before + 1);
    await waitFor(() => expect(relay.live()).toBe(1));
    await waitFor(() => expect(relay.peers()).toEqual({ sources: 0, receivers: 1 }));
    unmount();
    await waitFor(() => expect(relay.live()).toBe(0));
    await waitFor(() => expect(relay.peers()).toEqual({ sources: 0, receivers: 0 }));
  });

  it('opens exactly one connection under StrictMode', async () => {
    const before = relay.opened();
    const sockets = countWebSockets();
    onTestFinished(sockets.restore);
    const { unmount } = render(
      <React.StrictMode>
        <StreamReceiver url={relay.url} channel={freshChannel()} data-testid="rx" />
      </React.StrictMode>,
    );
    await waitFor(() => expect(screen.getByTestId('rx').getAttribute('data-ds-state')).toBe('open'));
    await sleep(150); // a second, late socket would show up here
    expect(sockets.count()).toBe(1);
    expect(relay.opened() - before).toBe(1);
    expect(relay.peers()).toEqual({ sources: 0, receivers: 1 });
    unmount();
    await waitFor(() => expect(relay.live()).toBe(0));
  });

  it('keeps the engine across live prop changes and replaces it for connection props', async () => {
    const channel = freshChannel();
    type P = { channel: string; keyboard: boolean; audio: boolean; haptics: boolean; tag: string };
    const { result, rerender } = renderHook(
      ({ channel, keyboard, audio, haptics, tag }: P) =>
        useStreamReceiver({
          url: relay.url,
          channel,
          // Fresh objects and functions on every render: none of them may reconnect.
          inputs: { pointer: true, keyboard },
          audio,
          haptics,
          renderSignal: () => void tag,
          onError: () => void tag,
        }),
      { initialProps: { channel, keyboard: true, audio: true, haptics: true, tag: 'a' } },
    );
    await waitFor(() => expect(result.current.state.connection).toBe('open'));
    const first = result.current.engine;
    const opened = relay.opened();
    expect(result.current.htmlProps.tabIndex).toBe(0);
    rerender({ channel, keyboard: true, audio: true, haptics: true, tag: 'b' });
    // Input flags, audio and haptics are live too: same engine, same socket.
    rerender({ channel, keyboard: false, audio: false, haptics: false, tag: 'b' });
    expect(result.current.htmlProps.tabIndex).toBeUndefined();
    rerender({ channel, keyboard: true, audio: true, haptics: false, tag: 'c' });
    await sleep(100);
    expect(result.current.engine).toBe(first);
    expect(result.current.state.connection).toBe('open');
    expect(relay.opened()).toBe(opened);

    rerender({ channel: freshChannel(), keyboard: true, audio: true, haptics: false, tag: 'c' });
    await waitFor(() => expect(result.current.engine).not.toBe(first));
    await waitFor(() => expect(result.current.state.connection).toBe('open'));
    expect(relay.opened()).toBe(opened + 1);
    await waitFor(() => expect(relay.live()).toBe(1));
    expect(first?.store.getState().connection).toBe('closed');
  });

  it('hook result: idle snapshot before the engine, htmlProps follow the store', async () => {
    const seen: string[] = [];
    const channel = freshChannel();
    const { result } = renderHook(() => {
      const r = useStreamReceiver({ url: relay.url, channel });
      seen.push(r.htmlProps['data-ds-state']);
      return r;
    });
    expect(seen[0]).toBe('idle');
    await waitFor(() => expect(result.current.htmlProps['data-ds-state']).toBe('open'));
    act(() => result.current.engine?.dispose());
    await waitFor(() => expect(result.current.htmlProps['data-ds-state']).toBe('closed'));
  });
});
