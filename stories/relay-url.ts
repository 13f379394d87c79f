/// <reference types="vite/client" />
// The one place stories learn where the relay is. `npm run storybook` starts it on
// 127.0.0.1:9100 (or DS_STREAM_RELAY_PORT) and passes its URL in STORYBOOK_DS_STREAM_RELAY_URL.

/** The relay URL the stories connect to. @internal */
export const RELAY_URL: string = import.meta.env.STORYBOOK_DS_STREAM_RELAY_URL ?? 'ws://127.0.0.1:9100';

let counter = 0;

/**
 * A channel name unique to one mounted story, so stories shown together (a docs page) or
 * opened in several tabs never share a stream by accident.
 * @internal
 */
export function storyChannel(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}
