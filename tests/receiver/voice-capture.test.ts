// startVoiceCapture's failure paths: when it cannot start after the microphone was opened, it
// must not leave the microphone on (the browser's recording indicator) or an AudioContext
// running. Node has neither getUserMedia nor AudioContext, so both are stood in for by objects
// that only record being stopped and closed (the happy path runs in Chromium, tests/e2e).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startVoiceCapture } from '../../src/receiver/voice-capture';

function devices(addModule: () => Promise<void>, sampleRate = 48000) {
  const seen = { tracksStopped: 0, contextsClosed: 0 };
  vi.stubGlobal('navigator', {
    mediaDevices: {
      getUserMedia: async () => ({ getTracks: () => [{ stop: () => seen.tracksStopped++ }] }),
    },
  });
  vi.stubGlobal(
    'AudioContext',
    class {
      readonly sampleRate = sampleRate;
      readonly audioWorklet = { addModule };
      close() {
        seen.contextsClosed++;
        return Promise.resolve();
      }
    },
  );
  return seen;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('startVoiceCapture when it cannot start', () => {
  it('stops the microphone it opened when Opus is required and missing', async () => {
    const seen = devices(async () => {});
    await expect(startVoiceCapture(() => {}, { codec: 'opus' })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
    });
    expect(seen).toEqual({ tracksStopped: 1, contextsClosed: 1 });
  });

  it('stops the microphone and closes the AudioContext when the worklet cannot load', async () => {
    const seen = devices(() => Promise.reject(new DOMException('blocked by CSP', 'AbortError')));
    await expect(startVoiceCapture(() => {}, { codec: 'pcm' })).rejects.toThrow(/CSP/);
    expect(seen).toEqual({ tracksStopped: 1, contextsClosed: 1 });
  });

  it('falls back to PCM on a 192 kHz context (Opus has no such rate) instead of failing', async () => {
    const seen = devices(() => Promise.reject(new Error('no worklet')), 192000);
    // WebCodecs present: the codec choice asks it, and must take "cannot" for an answer.
    const supported = { isConfigSupported: async () => ({ supported: true }) };
    vi.stubGlobal('AudioEncoder', supported);
    vi.stubGlobal('AudioDecoder', supported);
    await expect(startVoiceCapture(() => {})).rejects.toThrow(/no worklet/);
    expect(seen).toEqual({ tracksStopped: 1, contextsClosed: 1 });
  });

  it('leaves a stream the app passed in running', async () => {
    const seen = devices(() => Promise.reject(new Error('no worklet')));
    const stream = { getTracks: () => [{ stop: () => seen.tracksStopped++ }] } as unknown as MediaStream;
    await expect(startVoiceCapture(() => {}, { codec: 'pcm', stream })).rejects.toThrow(/no worklet/);
    expect(seen).toEqual({ tracksStopped: 0, contextsClosed: 1 });
  });
});
