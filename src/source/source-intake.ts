import { decodeMessage, Flag, InputType, isProtocolError } from '../protocol/index';
import { keptMessage, lazyModule } from '../transport/lazy-module';
import type { InputSink } from './input-sink';
import { handleSourceMessage, type SourceMessageHost } from './source-messages';

/** What the source's intake of relay messages reaches. @internal */
export interface SourceIntakeHost {
  readonly inbox: SourceMessageHost;
  readonly input: InputSink;
  disposed(): boolean;
  /** A receiver's input did not decode: that receiver's fault, counted, not the source's error. */
  badInput(): void;
  error(error: Error): void;
}

/**
 * Bytes from the relay in: each message decoded and handed to `handleSourceMessage`, except
 * VoiceInput and BciInput, whose codec is a lazy chunk: they are decoded once it has loaded, in
 * arrival order (at once after the first), and go straight to the app's handlers. A malformed
 * input message is counted (`badInput`); anything else that throws is the source's error (an app
 * handler that throws reaches the store through the InputSink, not here).
 * @internal
 */
export function sourceIntake(host: SourceIntakeHost): (bytes: Uint8Array) => void {
  const fault = (e: unknown, input: boolean) => {
    if (isProtocolError(e) && input) host.badInput();
    else host.error(e instanceof Error ? e : new Error(String(e)));
  };
  const variableInput = lazyModule(
    () => import('../protocol/input'),
    (e) => fault(e, true),
  );
  return (bytes) => {
    try {
      const message = decodeMessage(bytes);
      const { header } = message;
      if (
        header.flags & Flag.Input &&
        (header.type === InputType.VoiceInput || header.type === InputType.BciInput)
      ) {
        const kept = keptMessage(message);
        variableInput(({ decodeInput }) => {
          if (!host.disposed()) host.input.emit(decodeInput(kept), { receiverId: kept.header.width });
        });
        return;
      }
      handleSourceMessage(message, host.inbox);
    } catch (e) {
      fault(e, (bytes[1]! & Flag.Input) !== 0);
    }
  };
}
