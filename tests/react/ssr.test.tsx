// @vitest-environment node
// Server rendering: no window, no document, no sockets. Any access to them would throw here.

import {
  StatsOverlay,
  StreamReceiver,
  StreamSource,
  useConnectionState,
  useStreamStats,
} from '@ds-stream/react';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';

afterEach(() => {
  vi.unstubAllGlobals();
});

function Probe() {
  const connection = useConnectionState();
  const { fps } = useStreamStats();
  return (
    <i>
      {connection}/{fps}
    </i>
  );
}

describe('server rendering', () => {
  it('runs without window or document', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });

  it('renders <StreamReceiver> as a stable idle placeholder', () => {
    const el = (
      <StreamReceiver url="ws://127.0.0.1:1" channel="ssr" className="rx">
        <StatsOverlay />
        <Probe />
      </StreamReceiver>
    );
    const html = renderToString(el);
    expect(renderToString(el)).toBe(html);
    expect(html).toContain('data-ds-state="idle"');
    expect(html).toContain('data-ds-role="receiver"');
    expect(html).toContain('<canvas>');
    expect(html).toContain('<i>idle<!-- -->/<!-- -->0</i>');
    expect(html).not.toContain('data-ds-mode');
    expect(html).not.toContain('data-ds-stat="quality"');
  });

  it('renders <StreamSource> around its canvas with the requested mode', () => {
    const html = renderToString(
      <StreamSource url="ws://127.0.0.1:1" channel="ssr" mode="signal" signalState={{ a: 1 }}>
        <canvas width={4} height={4} />
        <StatsOverlay />
      </StreamSource>,
    );
    expect(html).toMatch(/^<div data-ds-role="source" data-ds-mode="signal" data-ds-state="idle">/);
    expect(html).toContain('<canvas width="4" height="4"></canvas>');
    // Before the engine exists the overlay shows a snapshot of the props, on server and client alike.
    expect(html).toContain(
      '<span data-ds-stat="mode">signal</span><span data-ds-stat="quality">signal</span>',
    );
  });

  it('opens no socket while rendering, even where a global WebSocket exists (Node 22)', () => {
    let constructed = 0;
    vi.stubGlobal(
      'WebSocket',
      class extends WebSocket {
        constructor(url: string) {
          super(url);
          constructed++;
        }
      },
    );
    renderToString(
      <>
        <StreamReceiver url="ws://127.0.0.1:1" channel="ssr" getToken={() => 'never-called'} />
        <StreamSource url="ws://127.0.0.1:1" channel="ssr" mode="signal" signalState={{ a: 1 }} />
      </>,
    );
    expect(constructed).toBe(0);
  });
});
