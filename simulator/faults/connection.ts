import type { Socket } from "node:net";
import type { FailureCode } from "../domain/errors.ts";

export type DropMode = "refuse" | "reset" | "blackhole" | "drop";

/**
 * Thrown when a fault means the client gets no HTTP answer at all. Over a socket the
 * connection is cut; through `app.request` the call rejects, as fetch does on a network error.
 */
export class ConnectionDropped extends Error {
  readonly mode: DropMode;
  readonly outcome: FailureCode;

  constructor(mode: DropMode, socket: Socket | undefined) {
    super(`connection ${mode === "drop" || mode === "blackhole" ? "dropped" : mode} by a mockpos fault`);
    this.name = "ConnectionDropped";
    this.mode = mode;
    this.outcome = mode === "blackhole" || mode === "drop" ? "TIMEOUT" : "UNREACHABLE";
    // A reset sends RST at once; the others end the socket the way a dead peer or a timed-out proxy does.
    if (socket && !socket.destroyed) {
      if (mode === "reset" || mode === "refuse") socket.resetAndDestroy();
      else socket.destroy();
    }
  }
}
