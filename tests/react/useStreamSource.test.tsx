// The source options added after the first pass: custom encoders, compressed-mode image settings,
// adaptive quality with live bounds and `mode="auto"`, and the start-only options that replace the engine.
import {
  createQualityController,
  type FrameCapture,
  type FrameEncoderFactory,
  type ImageEncodeFn,
  StreamSource,
  type StreamSourceMode,
  type StreamSourceQuality,
  useStreamReceiver,
  useStreamSource,
} from '@ds-stream/react';
import { decodeCompressed, decodeMessage, encodeNeuralFrame, FrameType } from '@ds-stream/react/core';
import { createCanvas, ImageData as NapiImageData } from '@napi-rs/canvas';
import { render, renderHook, waitFor } from '@testing-library/react';
import * as React from 'react';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { freshChannel, relayPerFile } from './helpers';

const relay = relayPerFile();

const W = 8;
const H = 6;
const capture: FrameCapture = {
  capture: () => ({ rgba: new Uint8Array(W * H * 4).fill(90), width: W, height: H }),
};

// A model stand-in: the neural mode carries model-made RGBA as NeuralFrame messages.
const neural: FrameEncoderFactory = () => ({
  mode: 'neural',
  input: 'picture',
  encode: (input, ctx) =>
    input.kind === 'picture'
      ? {
          message: encodeNeuralFrame(input.frame.rgba, input.frame.width, input.frame.height, ctx),
          keyframe: true,
        }
      : null,
  reset() {},
});

/** Decodes every CompressedPixels message a plain receiver socket gets on `channel`. */
function rawReceiver(channel: string): { mimes: string[]; sizes: [number, number][]; close(): void } {
  const mimes: string[] = [];
  const sizes: [number, number][] = [];
  const ws = new WebSocket(`${relay.url}/${channel}?role=receiver`);
  ws.binaryType = 'arraybuffer';
  ws.onmessage = (e: MessageEvent<ArrayBuffer>) => {
    const message = decodeMessage(new Uint8Array(e.data));
    if (message.header.type !== FrameType.CompressedPixels) return;
    const pic = decodeCompressed(message);
    mimes.push(pic.mime);
    sizes.push([pic.width, pic.height]);
  };
  return { mimes, sizes, close: () => ws.close() };
}

describe('useStreamSource options', () => {
  it('streams a mode through a custom encoder from `encoders`', async () => {
    const channel = freshChannel();
    const onError = vi.fn<(e: Error) => void>();
    render(
      <StreamSource
        url={relay.url}
        channel={channel}
        mode="neural"
        encoders={{ neural }}
        canvas={capture}
        onError={onError}
      />,
    );
    const receiver = renderHook(() => useStreamReceiver({ url: relay.url, channel }));
    await waitFor(() => expect(receiver.result.current.state.mode).toBe('neural'));
    expect(receiver.result.current.state.width).toBe(W);
    expect(receiver.result.current.state.height).toBe(H);
    expect(onError).not.toHaveBeenCalled();
  });

  it('compressed mode: imageEncoder at start, imageQuality live, lossless replaces the engine', async () => {
    const calls: { type: string; quality: number }[] = [];
    // A real WebP/PNG encoder (jsdom has none), recording what the engine asks of it.
    const imageEncoder: ImageEncodeFn = (f, o) => {
      calls.push(o);
      const c = createCanvas(f.width, f.height);
      c.getContext('2d').putImageData(
        new NapiImageData(new Uint8ClampedArray(f.rgba), f.width, f.height),
        0,
        0,
      );
      return o.type === 'image/png' ? c.encode('png') : c.encode('webp', Math.round(o.quality * 100));
    };
    const channel = freshChannel();
    type P = { imageQuality: number; lossless: boolean };
    const source = renderHook(
      (p: P) =>
        useStreamSource({
          url: relay.url,
          channel,
          mode: 'compressed',
          fps: 30,
          canvas: capture,
          imageEncoder,
          ...p,
        }),
      { initialProps: { imageQuality: 0.7, lossless: false } },
    );
    // A raw receiver socket reads the wire itself (jsdom cannot decode images for the engine).
    const pictures = rawReceiver(channel);
    onTestFinished(pictures.close);
    await waitFor(() => expect(pictures.mimes.at(-1)).toBe('image/webp'));
    expect(pictures.sizes.at(-1)).toEqual([W, H]);
    expect(calls.at(-1)).toEqual({ type: 'image/webp', quality: 0.7 });
    expect(source.result.current.state.imageQuality).toBe(0.7);
    const engine = source.result.current.engine;
    const opened = relay.opened();

    source.rerender({ imageQuality: 0.3, lossless: false });
    await waitFor(() => expect(calls.at(-1)).toEqual({ type: 'image/webp', quality: 0.3 }));
    expect(source.result.current.state.imageQuality).toBe(0.3);
    expect(source.result.current.engine).toBe(engine);
    expect(relay.opened()).toBe(opened);

    source.rerender({ imageQuality: 0.3, lossless: true });
    await waitFor(() => expect(calls.at(-1)?.type).toBe('image/png'));
    await waitFor(() => expect(pictures.mimes.at(-1)).toBe('image/png'));
    pictures.close();
    expect(source.result.current.engine).not.toBe(engine);
    expect(engine?.store.getState().connection).toBe('closed');
  });

  it('mode="auto" lets the controller choose; a fixed mode pins it; bounds are live', async () => {
    const channel = freshChannel();
    const onError = vi.fn<(e: Error) => void>();
    type P = { mode: StreamSourceMode; quality: StreamSourceQuality };
    const { result, rerender } = renderHook(
      (p: P) => useStreamSource({ url: relay.url, channel, signalState: { a: 1 }, onError, ...p }),
      { initialProps: { mode: 'auto', quality: { maxMode: 'delta' } } },
    );
    // Before the engine: the idle snapshot already says the controller will choose.
    expect(result.current.state.quality.pinned).toBe(false);
    await waitFor(() => expect(result.current.state.connection).toBe('open'));
    const engine = result.current.engine;
    const opened = relay.opened();
    // The controller starts at the best mode the bounds allow.
    expect(result.current.state.mode).toBe('delta');
    expect(result.current.state.quality.pinned).toBe(false);

    rerender({ mode: 'signal', quality: { maxMode: 'delta' } });
    await waitFor(() => expect(result.current.state.mode).toBe('signal'));
    expect(result.current.state.quality.pinned).toBe(true);

    rerender({ mode: 'auto', quality: { maxMode: 'delta' } });
    await waitFor(() => expect(result.current.state.quality.pinned).toBe(false));

    // Bounds that leave one rung force it at once.
    rerender({ mode: 'auto', quality: { minMode: 'pixel' } });
    await waitFor(() => expect(result.current.state.mode).toBe('pixel'));
    rerender({ mode: 'auto', quality: { maxMode: 'signal' } });
    await waitFor(() => expect(result.current.state.mode).toBe('signal'));
    // Impossible bounds are refused by the engine and reported.
    rerender({ mode: 'auto', quality: { maxMode: 'signal', minMode: 'pixel' } });
    await waitFor(() => expect(onError).toHaveBeenCalled());
    expect(onError.mock.calls.at(-1)?.[0].message).toMatch(/maxMode signal is below minMode pixel/);
    expect(result.current.state.mode).toBe('signal');
    expect(result.current.engine).toBe(engine);
    expect(relay.opened()).toBe(opened);

    // No controller: a new engine, whose mode only the `mode` prop moves.
    rerender({ mode: 'auto', quality: false });
    await waitFor(() => expect(result.current.engine).not.toBe(engine));
    await waitFor(() => expect(result.current.state.connection).toBe('open'));
    expect(result.current.state.mode).toBe('delta');
    rerender({ mode: 'signal', quality: false });
    await waitFor(() => expect(result.current.state.mode).toBe('signal'));
  });

  it("mode='auto' at start keeps the controller's own pin (also under StrictMode), then unpins on change", async () => {
    const channel = freshChannel();
    const qc = createQualityController({ mode: 'signal', pin: 'signal' });
    const { result, rerender } = renderHook(
      ({ mode }: { mode: StreamSourceMode }) =>
        useStreamSource({ url: relay.url, channel, signalState: {}, quality: qc, mode }),
      { initialProps: { mode: 'auto' }, wrapper: React.StrictMode },
    );
    await waitFor(() => expect(result.current.state.connection).toBe('open'));
    expect(result.current.state.mode).toBe('signal');
    expect(result.current.state.quality.pinned).toBe(true);
    rerender({ mode: 'delta' });
    await waitFor(() => expect(result.current.state.mode).toBe('delta'));
    rerender({ mode: 'auto' });
    await waitFor(() => expect(result.current.state.quality.pinned).toBe(false));
    expect(qc.quality.pinned).toBe(false); // the app's own controller instance drives the engine
  });

  it('audioCodec and audioBitrate are read at start: changing one replaces the engine', async () => {
    const channel = freshChannel();
    type P = { audioCodec: 'auto' | 'pcm'; audioBitrate: number };
    const { result, rerender } = renderHook(
      (p: P) => useStreamSource({ url: relay.url, channel, mode: 'signal', signalState: {}, ...p }),
      { initialProps: { audioCodec: 'auto', audioBitrate: 48000 } },
    );
    await waitFor(() => expect(result.current.state.connection).toBe('open'));
    const first = result.current.engine;
    rerender({ audioCodec: 'auto', audioBitrate: 48000 });
    expect(result.current.engine).toBe(first);
    rerender({ audioCodec: 'pcm', audioBitrate: 48000 });
    await waitFor(() => expect(result.current.engine).not.toBe(first));
    const second = result.current.engine;
    rerender({ audioCodec: 'pcm', audioBitrate: 24000 });
    await waitFor(() => expect(result.current.engine).not.toBe(second));
    await waitFor(() => expect(result.current.state.connection).toBe('open'));
    expect(first?.store.getState().connection).toBe('closed');
    expect(second?.store.getState().connection).toBe('closed');
  });
});
