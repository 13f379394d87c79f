import {
  createReceiverEngine,
  type ReceiverEngine,
  type ReceiverEngineOptions,
  type ReceiverInputOptions,
  type ReceiverState,
} from '../receiver/index';
import type { ConnectionState, StreamStats } from '../transport/index';
import { parseInputs, parseSwitch } from './attributes';

/** Detail of the `ds-connection` event. @public */
export interface ReceiverConnectionDetail {
  /** Link to the relay. */
  connection: ConnectionState;
  /** False after the relay said the source left. */
  sourceOnline: boolean;
  /** Mode of the last frame received, `null` before any. */
  mode: ReceiverState['mode'];
}

/**
 * Events a `<ds-stream-receiver>` dispatches (`CustomEvent`s, not bubbling).
 * @public
 */
export interface ReceiverElementEventMap {
  /** The connection state, source presence or stream mode changed. */
  'ds-connection': CustomEvent<ReceiverConnectionDetail>;
  /** New stats, about 4 times a second while they change. */
  'ds-stats': CustomEvent<StreamStats>;
  /** The engine reported a new error, or an attribute could not be read. */
  'ds-error': CustomEvent<Error>;
}

// Changing one of these replaces the engine (a new connection); the others are pushed live.
const CONNECTION_ATTRIBUTES = ['url', 'channel', 'token'];
const OBSERVED = [...CONNECTION_ATTRIBUTES, 'inputs', 'haptics', 'audio'];

// The canvas shows the stream at its own size, shrunk (aspect kept) when the element is narrower;
// apps restyle it through `::part(canvas)`.
const STYLE = ':host{display:inline-block;line-height:0}canvas{display:block;max-width:100%;height:auto}';

// The module may be imported where there is no DOM (server rendering, Node tools): the class then
// extends a placeholder and `defineStreamReceiver` is a no-op.
const Base: typeof HTMLElement =
  typeof HTMLElement === 'undefined' ? (class {} as unknown as typeof HTMLElement) : HTMLElement;

/**
 * `<ds-stream-receiver url="ws://..." channel="...">`: shows a relay channel on a canvas in its
 * shadow root, plays its audio and haptics and sends input back, with no framework. A thin wrapper
 * around `createReceiverEngine`: the engine is created when the element is connected to a document
 * and disposed when it leaves. Attributes: `url`, `channel`, `token` (changing one reconnects),
 * `inputs` (`all` by default, `none`, or a list such as `"pointer keyboard"`), `audio` and
 * `haptics` (`on` by default, `off`), all live. Events: `ds-connection`, `ds-stats`, `ds-error`.
 * Its `data-ds-state`, `data-ds-source` and `data-ds-mode` attributes mirror the state for CSS, and
 * the canvas is styled with `ds-stream-receiver::part(canvas)`.
 * @example
 * ```html
 * <script src="https://unpkg.com/@ds-stream/react/dist/ds-stream-element.global.js"></script>
 * <ds-stream-receiver url="ws://localhost:9100" channel="game" inputs="pointer keyboard"></ds-stream-receiver>
 * <script>
 *   document.querySelector('ds-stream-receiver')
 *     .addEventListener('ds-connection', (e) => console.log(e.detail.connection));
 * </script>
 * ```
 * @public
 */
export class StreamReceiverElement extends Base {
  /** Attributes whose changes the element follows. */
  static readonly observedAttributes: readonly string[] = OBSERVED;

  #engine: ReceiverEngine | null = null;
  #unsubscribe: (() => void) | null = null;
  #canvas: HTMLCanvasElement | null = null;
  #restartQueued = false;
  /** The element set its own `tabindex` (keyboard capture) and may take it away again. */
  #ownTabIndex = false;
  #inputs: ReceiverInputOptions | false | undefined = undefined;
  #getToken: (() => Promise<string> | string) | undefined = undefined;

  /** The live engine while the element is connected (for `sendInput`, the store), else `null`. */
  get engine(): ReceiverEngine | null {
    return this.#engine;
  }

  /** The `<canvas>` the stream is drawn into (in the open shadow root), once connected. */
  get canvas(): HTMLCanvasElement | null {
    return this.#canvas;
  }

  /**
   * Called before each connection attempt for a fresh token, replacing the `token` attribute (a
   * property: a function cannot be an attribute). Setting it reconnects.
   */
  get getToken(): (() => Promise<string> | string) | undefined {
    return this.#getToken;
  }
  set getToken(fn: (() => Promise<string> | string) | undefined) {
    this.#getToken = fn;
    this.#queueRestart();
  }

  connectedCallback(): void {
    if (!this.#canvas) {
      const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = STYLE;
      this.#canvas = document.createElement('canvas');
      this.#canvas.setAttribute('part', 'canvas');
      root.append(style, this.#canvas);
    }
    this.setAttribute('data-ds-role', 'receiver');
    if (!this.#engine) this.#start();
  }

  disconnectedCallback(): void {
    // A move (remove then append in the same task) keeps the connection; a removal ends it.
    queueMicrotask(() => {
      if (!this.isConnected) this.#stop();
    });
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (old === value || !this.#engine) return;
    if (CONNECTION_ATTRIBUTES.includes(name)) this.#queueRestart();
    else this.#applyLive(name);
  }

  /** Coalesces several connection attributes set in one task into one reconnect. */
  #queueRestart(): void {
    if (!this.#engine || this.#restartQueued) return;
    this.#restartQueued = true;
    queueMicrotask(() => {
      this.#restartQueued = false;
      if (!this.isConnected) return;
      this.#stop();
      this.#start();
    });
  }

  #start(): void {
    const url = this.getAttribute('url');
    const channel = this.getAttribute('channel');
    if (!url || !channel || !this.#canvas) return;
    const options: ReceiverEngineOptions = { url, channel };
    const token = this.getAttribute('token');
    if (token !== null) options.token = token;
    const getToken = this.#getToken;
    if (getToken) options.getToken = () => getToken();
    this.#inputs = this.#read('inputs', () => parseInputs(this.getAttribute('inputs')), undefined);
    if (this.#inputs !== undefined) options.inputs = this.#inputs;
    options.audio = this.#read('audio', () => parseSwitch('audio', this.getAttribute('audio')), true);
    options.haptics = this.#read('haptics', () => parseSwitch('haptics', this.getAttribute('haptics')), true);
    const engine = createReceiverEngine(options);
    this.#engine = engine;
    this.#unsubscribe = engine.store.subscribe((s, prev) => this.#onState(s, prev));
    this.#reflect(engine.store.getState());
    engine.attach(this, this.#canvas);
    engine.connect();
  }

  #stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#engine?.dispose();
    this.#engine = null;
  }

  #applyLive(name: string): void {
    const engine = this.#engine!;
    if (name === 'inputs') {
      this.#inputs = this.#read('inputs', () => parseInputs(this.getAttribute('inputs')), this.#inputs);
      engine.setInputs(this.#inputs);
      this.#reflect(engine.store.getState());
    } else if (name === 'audio') {
      engine.setAudio(this.#read('audio', () => parseSwitch('audio', this.getAttribute('audio')), true));
    } else {
      engine.setHaptics(
        this.#read('haptics', () => parseSwitch('haptics', this.getAttribute('haptics')), true),
      );
    }
  }

  /** Reads an attribute; a bad value is reported as a `ds-error` event and `fallback` is used. */
  #read<T>(name: string, parse: () => T, fallback: T): T {
    try {
      return parse();
    } catch (e) {
      this.#emit('ds-error', e instanceof Error ? e : new Error(`bad ${name}`));
      return fallback;
    }
  }

  #onState(s: ReceiverState, prev: ReceiverState): void {
    if (s.connection !== prev.connection || s.sourceOnline !== prev.sourceOnline || s.mode !== prev.mode) {
      this.#reflect(s);
      this.#emit('ds-connection', { connection: s.connection, sourceOnline: s.sourceOnline, mode: s.mode });
    }
    if (s.stats !== prev.stats) this.#emit('ds-stats', s.stats);
    if (s.error && s.error !== prev.error) this.#emit('ds-error', s.error);
  }

  /** Mirrors the state into `data-ds-*` attributes, and takes focus only when keys are captured. */
  #reflect(s: ReceiverState): void {
    this.setAttribute('data-ds-state', s.connection);
    this.setAttribute('data-ds-source', s.sourceOnline ? 'online' : 'offline');
    if (s.mode) this.setAttribute('data-ds-mode', s.mode);
    else this.removeAttribute('data-ds-mode');
    const keyboard = this.#inputs !== false && this.#inputs?.keyboard !== false;
    if (keyboard && !this.hasAttribute('tabindex')) {
      this.tabIndex = 0;
      this.#ownTabIndex = true;
    } else if (!keyboard && this.#ownTabIndex) {
      this.removeAttribute('tabindex');
      this.#ownTabIndex = false;
    }
  }

  #emit<K extends keyof ReceiverElementEventMap>(
    type: K,
    detail: ReceiverElementEventMap[K]['detail'],
  ): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
