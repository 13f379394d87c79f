// The receiver's `inputs`, `haptics` and `audio` props are live: a change reaches the engine on the
// same connection, and these tests check that the new setting really governs what happens next.
import {
  type InputEvent,
  type ReceiverEngine,
  StreamReceiver,
  StreamSource,
  useStreamContext,
  useStreamReceiver,
  useStreamSource,
} from '@ds-stream/react';
import { encodeMessage, encodeSignalSync, FrameType } from '@ds-stream/react/core';
import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, onTestFinished } from 'vitest';
import { freshChannel, relayPerFile, sleep } from './helpers';

const relay = relayPerFile();

function EngineProbe({ seen }: { seen: Set<unknown> }) {
  const { engine } = useStreamContext();
  if (engine) seen.add(engine);
  return null;
}

function Viewer({ channel, keyboard, seen }: { channel: string; keyboard: boolean; seen: Set<unknown> }) {
  return (
    <StreamReceiver url={relay.url} channel={channel} inputs={{ keyboard }} data-testid="rx">
      <EngineProbe seen={seen} />
    </StreamReceiver>
  );
}

describe('useStreamReceiver live settings', () => {
  it('turning keyboard input off and on takes effect on the same connection', async () => {
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
    const engines = new Set<unknown>();
    const { rerender } = render(<Viewer channel={channel} keyboard={true} seen={engines} />);
    const rx = screen.getByTestId('rx');
    await waitFor(() => expect(rx.getAttribute('data-ds-mode')).toBe('signal'));
    const opened = relay.opened();
    const keys = () => got.flatMap((e) => (e.kind === 'keydown' ? [e.keyCode] : []));
    const press = (keyCode: number) =>
      act(() => {
        rx.dispatchEvent(new KeyboardEvent('keydown', { keyCode, bubbles: true }));
      });

    // The input capture is a lazy chunk: keyboard input makes the element focusable once it listens.
    await waitFor(() => expect(rx.getAttribute('tabindex')).not.toBeNull());
    press(65);
    await waitFor(() => expect(keys()).toEqual([65]));

    rerender(<Viewer channel={channel} keyboard={false} seen={engines} />);
    expect(rx.hasAttribute('tabindex')).toBe(false);
    press(66);
    // Pointer input stays on and travels the same socket after the key: once it arrives, a key
    // press that had been sent would have arrived before it.
    act(() => {
      rx.dispatchEvent(new MouseEvent('pointerdown', { clientX: 1, clientY: 1, buttons: 1, bubbles: true }));
    });
    await waitFor(() => expect(got.some((e) => e.kind === 'pointerdown')).toBe(true));
    expect(keys()).toEqual([65]);

    rerender(<Viewer channel={channel} keyboard={true} seen={engines} />);
    press(67);
    await waitFor(() => expect(keys()).toEqual([65, 67]));
    expect(engines.size).toBe(1);
    expect(relay.opened()).toBe(opened);
  });

  it('turning haptics off and on decides whether haptic frames vibrate', async () => {
    const vibrations: number[] = [];
    // jsdom has no vibration API: give it one that records what the engine plays.
    Object.defineProperty(navigator, 'vibrate', {
      configurable: true,
      value: (pattern: number | number[]) => {
        vibrations.push(...(typeof pattern === 'number' ? [pattern] : pattern));
        return true;
      },
    });
    onTestFinished(() => {
      Reflect.deleteProperty(navigator, 'vibrate');
    });
    const channel = freshChannel();
    const source = renderHook(
      ({ n }: { n: number }) =>
        useStreamSource({ url: relay.url, channel, mode: 'signal', fps: 30, signalState: { n } }),
      { initialProps: { n: 1 } },
    );
    const receiver = renderHook(
      ({ haptics }: { haptics: boolean }) => useStreamReceiver({ url: relay.url, channel, haptics }),
      { initialProps: { haptics: true } },
    );
    await waitFor(() => expect(receiver.result.current.state.signal).toEqual({ n: 1 }));
    const engine = receiver.result.current.engine;
    const buzz = (durationMs: number) =>
      act(() => source.result.current.engine?.haptic({ durationMs, intensity: 1 }));

    buzz(30);
    await waitFor(() => expect(vibrations).toEqual([30]));

    receiver.rerender({ haptics: false });
    buzz(40);
    // The signal diff is sent after the haptic frame on the same socket: seeing it means the
    // haptic frame was received (and not played).
    source.rerender({ n: 2 });
    await waitFor(() => expect(receiver.result.current.state.signal).toEqual({ n: 2 }));
    expect(vibrations).toEqual([30]);

    receiver.rerender({ haptics: true });
    buzz(50);
    await waitFor(() => expect(vibrations).toEqual([30, 50]));
    expect(receiver.result.current.engine).toBe(engine);
  });

  it('onHaptic sees every haptic frame, with haptics off too, and a new callback needs no new engine', async () => {
    const channel = freshChannel();
    const source = renderHook(() =>
      useStreamSource({ url: relay.url, channel, mode: 'signal', fps: 30, signalState: { n: 1 } }),
    );
    const first: number[] = [];
    const second: number[] = [];
    const receiver = renderHook(
      ({ onHaptic }: { onHaptic: (cmd: { durationMs: number }) => void }) =>
        useStreamReceiver({ url: relay.url, channel, haptics: false, onHaptic }),
      { initialProps: { onHaptic: (cmd: { durationMs: number }) => first.push(cmd.durationMs) } },
    );
    await waitFor(() => expect(receiver.result.current.state.signal).toEqual({ n: 1 }));
    const engine = receiver.result.current.engine;
    act(() => source.result.current.engine?.haptic({ durationMs: 25, intensity: 0.5 }));
    await waitFor(() => expect(first).toEqual([25]));
    receiver.rerender({ onHaptic: (cmd) => second.push(cmd.durationMs) });
    act(() => source.result.current.engine?.haptic({ durationMs: 35, intensity: 0.5 }));
    await waitFor(() => expect(second).toEqual([35]));
    expect(first).toEqual([25]);
    expect(receiver.result.current.engine).toBe(engine);
  });

  it('turning audio off stops audio frames reaching the decoder; on again restarts it', async () => {
    const channel = freshChannel();
    const errors: string[] = [];
    const receiver = renderHook(
      ({ audio }: { audio: boolean }) =>
        useStreamReceiver({ url: relay.url, channel, audio, onError: (e) => errors.push(e.message) }),
      { initialProps: { audio: true } },
    );
    await waitFor(() => expect(receiver.result.current.state.connection).toBe('open'));
    const engine: ReceiverEngine | null = receiver.result.current.engine;
    const opened = relay.opened();

    // A raw source socket, so it can send AudioPcm frames jsdom's missing AudioContext never plays,
    // but whose odd payload sizes the audio decoder rejects (and so proves it saw them).
    const raw = new WebSocket(`${relay.url}/${channel}?role=source`);
    onTestFinished(() => raw.close());
    await new Promise<void>((resolve, reject) => {
      raw.onopen = () => resolve();
      raw.onerror = () => reject(new Error('raw source did not connect'));
    });
    let seq = 0;
    const audioFrame = (bytes: number) =>
      encodeMessage(
        { type: FrameType.AudioPcm, flags: 0, seq: ++seq, timestamp: 0, width: 48000, height: 2 },
        new Uint8Array(bytes),
      );
    const step = async (audioBytes: number, n: number) => {
      raw.send(audioFrame(audioBytes));
      raw.send(encodeSignalSync({ n }, { seq: ++seq, timestamp: 0 }));
      await waitFor(() => expect(receiver.result.current.state.signal).toEqual({ n }));
    };

    // The audio decoder is a lazily loaded chunk: its verdict may come after the signal frame.
    await step(3, 1);
    await waitFor(() => expect(errors).toEqual([expect.stringMatching(/AudioPcm payload 3 bytes/)]));

    receiver.rerender({ audio: false });
    await step(5, 2);
    expect(errors).toHaveLength(1);

    receiver.rerender({ audio: true });
    await step(7, 3);
    // A frame that reached the decoder while audio was off would show here, before the 7-byte one.
    await waitFor(() =>
      expect(errors).toEqual([expect.any(String), expect.stringMatching(/AudioPcm payload 7 bytes/)]),
    );
    expect(receiver.result.current.engine).toBe(engine);
    expect(relay.opened()).toBe(opened + 1); // the raw source only
    raw.close();
    await sleep(0);
  });
});
