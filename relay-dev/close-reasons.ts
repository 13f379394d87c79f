import type { WebSocket } from 'ws';
import { RelayCloseCode } from './errors';

/**
 * ws closes oversized or badly framed messages itself, with a code but no reason; wrap this
 * socket's close so those closes carry one too (peers log it and can show it).
 * @internal
 */
export function giveReasons(ws: WebSocket, maxMessageBytes: number): void {
  const close = ws.close.bind(ws);
  ws.close = (code?: number, reason?: string | Buffer): void => {
    if (reason === undefined && code === RelayCloseCode.MessageTooBig) {
      reason = `PAYLOAD_TOO_LARGE: message larger than 16 + max payload (${maxMessageBytes} bytes)`;
    } else if (reason === undefined && code === RelayCloseCode.ProtocolError) {
      reason = 'invalid WebSocket frame';
    }
    close(code, reason);
  };
}
