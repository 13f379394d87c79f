import * as React from 'react';

/** Path of the dev server's link-shaper endpoint (see .storybook/shaper-plugin.ts). @internal */
export const SHAPER_ENDPOINT = '/__ds-stream/shaper';

/** The link shaper as the story sees it. @internal */
export type ShaperControl =
  | { kind: 'loading' }
  | { kind: 'absent'; detail: string }
  | {
      kind: 'ready';
      /** The shaper's relay URL, for the throttled receiver. */
      url: string;
      /** Current downstream limit in bytes per second, `null` when unlimited. */
      rate: number | null;
      setRate(bytesPerSecond: number): void;
      lift(): void;
    };

interface Status {
  url: string;
  rate: number | null;
}

function isStatus(v: unknown): v is Status {
  return typeof v === 'object' && v !== null && typeof (v as Status).url === 'string';
}

async function call(query: string, method: 'GET' | 'POST'): Promise<Status> {
  const res = await fetch(`${SHAPER_ENDPOINT}${query}`, { method, cache: 'no-store' });
  // A static host answers 404 or its index page: anything but our JSON means "no shaper".
  const body: unknown = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  if (!res.ok || !isStatus(body)) throw new Error(`${SHAPER_ENDPOINT} answered ${res.status}`);
  return body;
}

/**
 * Finds the dev server's link shaper and returns its URL and controls, or `absent` with the
 * reason when there is none (a static build). The shaper is shared by everything on the dev
 * server: a fresh mount lifts it, so a story never starts on a link left throttled.
 * @internal
 */
export function useShaper(): ShaperControl {
  const [status, setStatus] = React.useState<Status | { error: string } | null>(null);
  React.useEffect(() => {
    let live = true;
    call('?lift', 'POST').then(
      (s) => live && setStatus(s),
      (err: unknown) => live && setStatus({ error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
      // Leave the shared link as found by the next story.
      void call('?lift', 'POST').catch(() => {});
    };
  }, []);
  return React.useMemo<ShaperControl>(() => {
    if (status === null) return { kind: 'loading' };
    if ('error' in status) return { kind: 'absent', detail: status.error };
    const update = (query: string) =>
      call(query, 'POST').then(setStatus, (err: unknown) => setStatus({ error: String(err) }));
    return {
      kind: 'ready',
      url: status.url,
      rate: status.rate,
      setRate: (bps) => void update(`?rate=${Math.round(bps)}`),
      lift: () => void update('?lift'),
    };
  }, [status]);
}
