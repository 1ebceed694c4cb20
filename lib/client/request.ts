/**
 * Requests over the Lantern socket (lib/wire/contract.ts): one emit with an acknowledgement, one kind
 * of failure. Shared by the browser, the test fixture and the benchmark clients.
 */
import type { Socket } from 'socket.io-client';
import { WIRE_PROTOCOL, type Ack, type ClientToServerEvents, type ErrorCode, type HandshakeAuth, type ServerToClientEvents } from '../wire/contract';

export type LanternSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The handshake every client sends: the server refuses another wire protocol. */
export function handshakeAuth(extra: Record<string, unknown> = {}): HandshakeAuth & Record<string, unknown> {
  return { protocol: WIRE_PROTOCOL, ...extra };
}

/** The server's codes, plus the two failures the client itself observes. */
export type RequestCode = ErrorCode | 'timeout' | 'disconnected';

export class RequestError extends Error {
  constructor(
    message: string,
    readonly code: RequestCode,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

export type RequestEvent = 'scans:watch' | 'scan:subscribe';
export type RequestValue<E extends RequestEvent> = Parameters<ClientToServerEvents[E]> extends [unknown, Ack<infer T>] ? T : never;
type Reply<T> = { ok: true; value: T } | { ok: false; error: string; code: ErrorCode };

/**
 * Emits a request and resolves with its value; rejects with a RequestError (the server's code, or
 * `timeout` / `disconnected`). `onValue` runs inside the acknowledgement itself, before any later
 * message is handled: Node's websocket client emits every message of one network read in a row, so a
 * subscriber must learn its scan id there, not after an `await` resumes, or it would drop the first frame.
 */
export function request<E extends RequestEvent>(
  socket: LanternSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
  options: { timeoutMs?: number; onValue?: (value: RequestValue<E>) => void } = {},
): Promise<RequestValue<E>> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    // The typed emit overloads do not resolve through a generic event name.
    const timed = socket.timeout(timeoutMs);
    const emit = timed.emit as unknown as (this: unknown, e: E, p: unknown, ack: (error: Error | null, reply: Reply<RequestValue<E>>) => void) => void;
    emit.call(timed, event, payload, (error, reply) => {
      if (error) {
        const connected = socket.connected;
        reject(new RequestError(connected ? `${event}: no answer within ${timeoutMs / 1000} s` : `${event}: disconnected`, connected ? 'timeout' : 'disconnected'));
      } else if (!reply.ok) {
        reject(new RequestError(reply.error, reply.code));
      } else {
        try {
          options.onValue?.(reply.value);
        } catch (e) {
          reject(e as Error);
          return;
        }
        resolve(reply.value);
      }
    });
  });
}
