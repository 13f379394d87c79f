import {
  type AppInputEvent,
  type FrameCapture,
  type InputEvent,
  StreamReceiver,
  StreamSource,
  useQuality,
  useStreamInput,
  useStreamReceiver,
  useStreamSource,
} from '@ds-stream/react';
import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import * as React from 'react';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { countWebSockets, freshChannel, relayPerFile, sleep } from './helpers';

const relay = relayPerFile();

// jsdom has no 2D canvas: give one canvas element the single call capture makes (getImageData),
// so the real wiring (child lookup / ref -> engine.setCanvas -> capture -> relay -> receiver) runs.
function readable(canvas: HTMLCanvasElement, width: number, height: number): void {
  canvas.width = width;
  canvas.height = height;
  const data = new Uint8ClampedArray(width * height * 4).fill(128);
  Object.defineProperty(canvas, 'getContext', {
    value: () => ({ getImageData: () => ({ data, width, height }) }),
  });
}

// A canvas outside the source, handed over by ref.
function External({ url, channel }: { url: string; channel: string }) {
  const ref = React.useRef<HTMLCanvasElement>(null);
  const setCanvas = React.useCallback((c: HTMLCanvasElement | null) => {
    ref.current = c;
    if (c) readable(c, 5, 7);
  }, []);
  return (
    <>
      <canvas ref={setCanvas} />
      <StreamSource url={url} channel={channel} mode="pixel" canvasRef={ref} />
    </>
  );
}

function KeyLog({ onKey }: { onKey: (keyCode: number) => void }) {
  useStreamInput('keydown', (ev) => onKey(ev.keyCode));
  return null;
}

function Level({ onLevel }: { onLevel: (level: string | undefined) => void }) {
  onLevel(useQuality()?.level);
  return null;
}

describe('<StreamSource>', () => {
  it('wraps its children in a div, forwards its ref and shows mode and state', async () => {
    const ref = React.createRef<HTMLDivElement>();
    render(
      <StreamSource
        url={relay.url}
        channel={freshChannel()}
        mode="signal"
        signalState={{ n: 1 }}
        ref={ref}
        data-testid="src"
      >
        <canvas data-testid="cv" />
      </StreamSource>,
    );
    const root = screen.getByTestId('src');
    expect(ref.current).toBe(root);
    expect(root.contains(screen.getByTestId('cv'))).toBe(true);
    expect(root.getAttribute('data-ds-role')).toBe('source');
    expect(root.getAttribute('data-ds-mode')).toBe('signal');
    await waitFor(() => expect(root.getAttribute('data-ds-state')).toBe('open'));
  });

  it('pushes a mode change into the live engine instead of reconnecting', async () => {
    const channel = freshChannel();
    const { result, rerender } = renderHook(
      (props: { mode: 'signal' | 'pixel'; fps: number }) =>
        useStreamSource({ url: relay.url, channel, signalState: { a: 1 }, ...props }),
      { initialProps: { mode: 'signal', fps: 10 } },
    );
    await waitFor(() => expect(result.current.state.connection).toBe('open'));
    const engine = result.current.engine;
    const opened = relay.opened();
    rerender({ mode: 'pixel', fps: 20 });
    await waitFor(() => expect(result.current.state.mode).toBe('pixel'));
    expect(result.current.htmlProps['data-ds-mode']).toBe('pixel');
    expect(result.current.engine).toBe(engine);
    expect(relay.opened()).toBe(opened);
  });

  it('streams signalState prop changes to a receiver on the same channel', async () => {
    const channel = freshChannel();
    const source = renderHook(
      (props: { n: number }) =>
        useStreamSource({ url: relay.url, channel, mode: 'signal', fps: 30, signalState: { n: props.n } }),
      { initialProps: { n: 1 } },
    );
    const receiver = renderHook(() => useStreamReceiver({ url: relay.url, channel }));
    await waitFor(() => expect(receiver.result.current.state.signal).toEqual({ n: 1 }));
    source.rerender({ n: 2 });
    await waitFor(() => expect(receiver.result.current.state.signal).toEqual({ n: 2 }));
    expect(receiver.result.current.state.mode).toBe('signal');
  });

  it('delivers receiver input to onInput and useStreamInput', async () => {
    const channel = freshChannel();
    const onInput = vi.fn<(ev: AppInputEvent) => void>();
    const keys: number[] = [];
    render(
      <StreamSource
        url={relay.url}
        channel={channel}
        mode="signal"
        signalState={{ ready: true }}
        onInput={onInput}
      >
        <KeyLog onKey={(k) => keys.push(k)} />
      </StreamSource>,
    );
    const receiver = renderHook(() => useStreamReceiver({ url: relay.url, channel }));
    await waitFor(() => expect(receiver.result.current.state.signal).toEqual({ ready: true }));
    act(() => {
      // Flow control first: the source engine answers it, onInput never sees it. The receiver
      // has ACKed the signal frame by now, and input keeps its order on the way.
      receiver.result.current.engine?.sendInput({ kind: 'keyframe-request' });
      receiver.result.current.engine?.sendInput({ kind: 'keydown', keyCode: 65, modifiers: 0 });
    });
    await waitFor(() => expect(keys).toEqual([65]));
    expect(onInput.mock.calls).toEqual([[{ kind: 'keydown', keyCode: 65, modifiers: 0 }]]);
  });

  it('captures DOM input on <StreamReceiver> and hands it to the source', async () => {
    const channel = freshChannel();
    const got: InputEvent[] = [];
    render(
      <StreamSource
        url={relay.url}
        channel={channel}
        mode="signal"
        signalState={{ ready: true }}
        onInput={(ev) => got.push(ev)}
      />,
    );
    render(<StreamReceiver url={relay.url} channel={channel} data-testid="rx" />);
    const rx = screen.getByTestId('rx');
    await waitFor(() => expect(rx.getAttribute('data-ds-mode')).toBe('signal'));
    // The input capture is a lazy chunk: keyboard input makes the element focusable once it listens.
    await waitFor(() => expect(rx.getAttribute('tabindex')).not.toBeNull());
    act(() => {
      rx.focus();
      rx.dispatchEvent(new KeyboardEvent('keydown', { key: 'b', keyCode: 66, bubbles: true }));
    });
    await waitFor(() => expect(got.some((e) => e.kind === 'keydown' && e.keyCode === 66)).toBe(true));
  });

  it('streams pixels from a FrameCapture passed as `canvas`', async () => {
    const channel = freshChannel();
    const capture: FrameCapture = {
      capture: () => ({ rgba: new Uint8Array(4 * 2 * 4).fill(200), width: 4, height: 2 }),
    };
    render(<StreamSource url={relay.url} channel={channel} mode="pixel" canvas={capture} />);
    const receiver = renderHook(() => useStreamReceiver({ url: relay.url, channel }));
    await waitFor(() => expect(receiver.result.current.state.mode).toBe('pixel'));
    expect(receiver.result.current.state.width).toBe(4);
    expect(receiver.result.current.state.height).toBe(2);
  });

  it('captures the child <canvas>, and the canvas behind canvasRef', async () => {
    const channel = freshChannel();
    const receiver = renderHook(() => useStreamReceiver({ url: relay.url, channel }));
    const child = render(
      <StreamSource url={relay.url} channel={channel} mode="pixel">
        <div>
          <canvas
            ref={(c) => {
              if (c) readable(c, 6, 3);
            }}
          />
        </div>
      </StreamSource>,
    );
    await waitFor(() => expect(receiver.result.current.state.width).toBe(6));
    child.unmount();

    render(<External url={relay.url} channel={channel} />);
    await waitFor(() => expect(receiver.result.current.state.width).toBe(5));
    expect(receiver.result.current.state.height).toBe(7);
  });

  it('reports engine errors to onError', async () => {
    const onError = vi.fn<(e: Error) => void>();
    // No encoder is registered for 'neural': the engine reports it once it is open.
    render(<StreamSource url={relay.url} channel={freshChannel()} mode="neural" onError={onError} />);
    await waitFor(() => expect(onError).toHaveBeenCalled());
    expect(onError.mock.calls[0]?.[0].message).toMatch(/neural/);
  });

  it('useQuality reads the controller state of the source in context', async () => {
    let level: string | undefined;
    render(
      <StreamSource url={relay.url} channel={freshChannel()} mode="signal" signalState={{}} data-testid="src">
        <Level onLevel={(l) => (level = l)} />
      </StreamSource>,
    );
    await waitFor(() => expect(screen.getByTestId('src').getAttribute('data-ds-state')).toBe('open'));
    expect(level).toBe('signal');
  });

  it('closes its socket on unmount and opens one under StrictMode', async () => {
    const before = relay.opened();
    const sockets = countWebSockets();
    onTestFinished(sockets.restore);
    const { unmount } = render(
      <React.StrictMode>
        <StreamSource
          url={relay.url}
          channel={freshChannel()}
          mode="signal"
          signalState={{}}
          data-testid="src"
        />
      </React.StrictMode>,
    );
    await waitFor(() => expect(screen.getByTestId('src').getAttribute('data-ds-state')).toBe('open'));
    await sleep(150);
    expect(sockets.count()).toBe(1);
    expect(relay.opened() - before).toBe(1);
    expect(relay.live()).toBe(1);
    expect(relay.peers()).toEqual({ sources: 1, receivers: 0 });
    unmount();
    await waitFor(() => expect(relay.live()).toBe(0));
    await waitFor(() => expect(relay.peers()).toEqual({ sources: 0, receivers: 0 }));
  });
});
