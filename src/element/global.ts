// The plain <script> build (dist/ds-stream-element.global.js, an IIFE): registers
// <ds-stream-receiver> on load and exposes the module as `window.DsStreamElement`.
import { defineStreamReceiver } from './index';

export * from './index';

defineStreamReceiver();
