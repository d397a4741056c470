/**
 * GET /events: the WebSocket that pushes back-end events to pages. Clients send nothing on it (requests
 * go over POST /api), so a client frame bigger than a control frame is already suspect: the payload cap is
 * small, and a bad frame (wrong length, unmasked, reserved opcode or bit, bad UTF-8, over the cap) makes
 * ws close that one socket with the protocol's status code. Every socket has an 'error' listener, since an
 * EventEmitter 'error' without one throws and would end the whole host.
 */
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/** The largest client message accepted: far above any control frame (125 bytes), far below ws's 100 MiB. */
export const EVENTS_MAX_PAYLOAD_BYTES = 64 * 1024;

export interface EventSockets {
  /** Complete the upgrade of a request the host has already authorised (token, Host, Origin). */
  upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void;
  broadcast(message: string): void;
  close(): void;
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden' };

/** Answer a refused upgrade and drop the socket; a socket the client already reset is simply gone. */
export function refuseUpgrade(socket: Duplex, status: 400 | 403): void {
  if (!socket.destroyed) socket.end(`HTTP/1.1 ${status} ${REASONS[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

export function createEventSockets(): EventSockets {
  const wss = new WebSocketServer({ noServer: true, maxPayload: EVENTS_MAX_PAYLOAD_BYTES });
  // noServer: ws never listens itself, but an 'error' here must not be fatal either.
  wss.on('error', () => undefined);
  const clients = new Set<WebSocket>();
  return {
    upgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        clients.add(ws);
        // ws has already sent the close frame with the right code; nothing else to do for this one socket.
        ws.on('error', () => undefined);
        ws.on('close', () => clients.delete(ws));
      });
    },
    broadcast(message) {
      for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(message);
    },
    close() {
      for (const ws of clients) ws.terminate();
      wss.close();
    },
  };
}
