import {
  type SourceEngine,
  StatsOverlay,
  StreamReceiver,
  StreamSource,
  useConnectionState,
  useEnsureEngine,
  useMaybeStreamContext,
  useQuality,
  useStreamContext,
  useStreamInput,
  useStreamSource,
  useStreamStats,
} from '@ds-stream/react';
import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import * as React from 'react';
import { describe, expect, it, vi } from 'vitest';
import { freshChannel, relayPerFile } from './helpers';

const relay = relayPerFile();

// React logs errors thrown during render; keep the output clean for the throwing cases.
function quietly<T>(fn: () => T): T {
  const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    return fn();
  } finally {
    spy.mockRestore();
  }
}

function Probe({ seen }: { seen: Array<[string, boolean]> }) {
  const { role, engine } = useStreamContext();
  seen.push([role, engine !== null]);
  return null;
}

function QualityProbe({ onQuality }: { onQuality: (q: unknown) => void }) {
  onQuality(useQuality());
  return null;
}

function InputProbe() {
  useStreamInput('*', () => {});
  return null;
}

type HudProps = {
  channel: string;
  mode: 'compressed' | 'delta';
  imageQuality: number;
  onEngine: (e: SourceEngine | null) => void;
};
function Hud({ channel, mode, imageQuality, onEngine }: HudProps) {
  const { engine } = useStreamSource({ url: relay.url, channel, mode, imageQuality, quality: true });
  onEngine(engine);
  return <StatsOverlay engine={engine} data-testid="stats" />;
}

describe('context accessors', () => {
  it('useStreamContext throws outside a provider; useMaybeStreamContext returns undefined', () => {
    expect(() => quietly(() => renderHook(() => useStreamContext()))).toThrow(
      /inside <StreamSource> or <StreamReceiver>/,
    );
    expect(renderHook(() => useMaybeStreamContext()).result.current).toBeUndefined();
  });

  it('useEnsureEngine: undefined throws without a provider, null passes through', () => {
    expect(() => quietly(() => renderHook(() => useEnsureEngine()))).toThrow(/no engine passed/);
    expect(renderHook(() => useEnsureEngine(null)).result.current).toBeNull();
    expect(renderHook(() => useConnectionState(null)).result.current).toBe('idle');
    expect(renderHook(() => useStreamStats(null)).result.current.fps).toBe(0);
  });

  it('hooks work with an explicit engine and no provider', async () => {
    const channel = freshChannel();
    const first: string[] = [];
    const { result } = renderHook(() => {
      const { engine } = useStreamSource({
        url: relay.url,
        channel,
        mode: 'signal',
        signalState: {},
      });
      const r = {
        connection: useConnectionState(engine),
        quality: useQuality(engine),
        stats: useStreamStats(engine),
      };
      first.push(r.connection);
      return r;
    });
    // Before the engine exists an explicit `null` engine reads the idle snapshot.
    expect(first[0]).toBe('idle');
    await waitFor(() => expect(result.current.connection).toBe('open'));
    expect(result.current.quality?.level).toBe('signal');
    expect(typeof result.current.stats.fps).toBe('number');
  });

  it('provides role and engine to children of each component', async () => {
    const seen: Array<[string, boolean]> = [];
    render(
      <>
        <StreamSource url={relay.url} channel={freshChannel()} mode="signal" signalState={{}}>
          <Probe seen={seen} />
        </StreamSource>
        <StreamReceiver url={relay.url} channel={freshChannel()}>
          <Probe seen={seen} />
        </StreamReceiver>
      </>,
    );
    expect(seen.slice(0, 2)).toEqual([
      ['source', false],
      ['receiver', false],
    ]);
    await waitFor(() => {
      expect(seen).toContainEqual(['source', true]);
      expect(seen).toContainEqual(['receiver', true]);
    });
  });

  it('useQuality is null and useStreamInput throws inside a receiver', () => {
    let quality: unknown = 'unset';
    render(
      <StreamReceiver url={relay.url} channel={freshChannel()}>
        <QualityProbe onQuality={(q) => (quality = q)} />
      </StreamReceiver>,
    );
    expect(quality).toBeNull();
    expect(() =>
      quietly(() =>
        render(
          <StreamReceiver url={relay.url} channel={freshChannel()}>
            <InputProbe />
          </StreamReceiver>,
        ),
      ),
    ).toThrow(/arrive at a source/);
  });
});

describe('<StatsOverlay>', () => {
  it('shows fps, bandwidth, rtt, mode and quality level from the store and forwards its ref', async () => {
    const ref = React.createRef<HTMLDivElement>();
    render(
      <StreamSource url={relay.url} channel={freshChannel()} mode="signal" signalState={{ x: 1 }}>
        <StatsOverlay ref={ref} data-testid="stats" className="hud" />
      </StreamSource>,
    );
    const hud = screen.getByTestId('stats');
    expect(ref.current).toBe(hud);
    expect(hud.className).toBe('hud');
    const stat = (k: string) => hud.querySelector(`[data-ds-stat="${k}"]`)?.textContent;
    expect(stat('fps')).toBe('0 fps');
    expect(stat('bandwidth')).toBe('0 b/s');
    expect(stat('rtt')).toBe('– ms');
    expect(stat('mode')).toBe('signal');
    expect(stat('quality')).toBe('signal');
    await waitFor(() => expect(hud.getAttribute('data-ds-state')).toBe('open'));
  });

  it('inside a receiver shows the received mode and no quality level', async () => {
    const channel = freshChannel();
    render(
      <>
        <StreamSource url={relay.url} channel={channel} mode="signal" fps={30} signalState={{ x: 1 }} />
        <StreamReceiver url={relay.url} channel={channel}>
          <StatsOverlay data-testid="stats" />
        </StreamReceiver>
      </>,
    );
    const hud = screen.getByTestId('stats');
    await waitFor(() => expect(hud.querySelector('[data-ds-stat="mode"]')?.textContent).toBe('signal'));
    expect(hud.querySelector('[data-ds-stat="quality"]')).toBeNull();
  });

  it('for a source shows image quality (compressed only), audio codec and the controller reason', async () => {
    const channel = freshChannel();
    let engineOf: SourceEngine | null = null;
    const seen = (e: SourceEngine | null) => {
      engineOf = e;
    };
    const { rerender } = render(
      <Hud channel={channel} mode="compressed" imageQuality={0.6} onEngine={seen} />,
    );
    const hud = screen.getByTestId('stats');
    const stat = (k: string) => hud.querySelector(`[data-ds-stat="${k}"]`)?.textContent;
    // The idle snapshot already carries the prop.
    expect(stat('image-quality')).toBe('q 60%');
    await waitFor(() => expect(hud.getAttribute('data-ds-state')).toBe('open'));
    const engine = engineOf as SourceEngine | null;
    if (!engine) throw new Error('no engine');
    expect(stat('mode')).toBe('compressed');
    await waitFor(() => expect(stat('reason')).toBe(engine.store.getState().quality.reason));
    expect(stat('reason')).not.toBe('');
    expect(stat('audio')).toBeUndefined();

    rerender(<Hud channel={channel} mode="compressed" imageQuality={0.45} onEngine={seen} />);
    await waitFor(() => expect(stat('image-quality')).toBe('q 45%'));
    rerender(<Hud channel={channel} mode="delta" imageQuality={0.45} onEngine={seen} />);
    await waitFor(() => expect(stat('mode')).toBe('delta'));
    expect(stat('image-quality')).toBeUndefined();

    // The engine sets audioCodec once an AudioNode streams; jsdom has no Web Audio, so the test
    // writes the field the engine would write and checks the overlay follows the real store.
    act(() => engine.store.setState({ audioCodec: 'opus' }));
    expect(stat('audio')).toBe('opus');
  });
});
