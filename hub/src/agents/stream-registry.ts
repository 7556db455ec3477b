/** The agent streams held by this replica, one per cluster. */
import type { ConnectResponse, RejectReason } from '@curfew/proto';
import type { CommandStream, LocalStreams } from '../ports.js';

/** A stream as this side holds it; routing sees only its CommandStream part. */
export interface LocalStream extends CommandStream {
  send(message: ConnectResponse): void;
  /** Writes a Reject and ends the stream. */
  reject(reason: RejectReason, message: string): void;
  /** Tells the agent to reconnect elsewhere and ends the stream. */
  drain(message: string): void;
}

export class StreamRegistry implements LocalStreams {
  readonly #byCluster = new Map<string, LocalStream>();

  /** Registers the stream; returns the one it replaces on this replica, if any. */
  add(stream: LocalStream): LocalStream | undefined {
    const previous = this.#byCluster.get(stream.clusterId);
    this.#byCluster.set(stream.clusterId, stream);
    return previous === stream ? undefined : previous;
  }

  /** Forgets the stream unless a newer one already took its place. */
  remove(stream: LocalStream): void {
    if (this.#byCluster.get(stream.clusterId) === stream) this.#byCluster.delete(stream.clusterId);
  }

  get(clusterId: string): LocalStream | undefined {
    return this.#byCluster.get(clusterId);
  }

  isCurrent(stream: CommandStream): boolean {
    return this.#byCluster.get(stream.clusterId) === stream;
  }

  all(): LocalStream[] {
    return [...this.#byCluster.values()];
  }

  get size(): number {
    return this.#byCluster.size;
  }
}
