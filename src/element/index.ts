// @ds-stream/react/element: the receiver as a custom element, with no framework inside.
import { StreamReceiverElement } from './receiver-element';

export { ElementAttributeError } from './attributes';
export {
  type ReceiverConnectionDetail,
  type ReceiverElementEventMap,
  StreamReceiverElement,
} from './receiver-element';

/** The tag `defineStreamReceiver` registers by default. @public */
export const RECEIVER_TAG = 'ds-stream-receiver';

/**
 * Registers `<ds-stream-receiver>` (or `name`) with `customElements`. Idempotent: a name that is
 * already defined is left as it is and its class returned. A no-op returning `null` where there is
 * no `customElements` (server rendering, Node).
 * @example
 * ```ts
 * import { defineStreamReceiver } from '@ds-stream/react/element';
 * defineStreamReceiver();
 * document.body.innerHTML = '<ds-stream-receiver url="ws://localhost:9100" channel="game"></ds-stream-receiver>';
 * ```
 * @public
 */
export function defineStreamReceiver(name: string = RECEIVER_TAG): CustomElementConstructor | null {
  if (typeof customElements === 'undefined') return null;
  const existing = customElements.get(name);
  if (existing) return existing;
  // One class can back one name only: a second name gets its own subclass.
  const ctor = baseDefined ? class extends StreamReceiverElement {} : StreamReceiverElement;
  customElements.define(name, ctor);
  baseDefined = true;
  return ctor;
}

let baseDefined = false;

declare global {
  interface HTMLElementTagNameMap {
    'ds-stream-receiver': StreamReceiverElement;
  }
}
