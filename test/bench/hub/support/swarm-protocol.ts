/** The IPC messages between a bench (swarm.ts) and its agent-swarm.ts children. */

export interface SwarmAgent {
  clusterId: string;
  token: string;
}

export type ToSwarm =
  /** Adds these agents and connects each to `address`, `concurrency` at a time. */
  | { type: 'connect'; address: string; agents: SwarmAgent[]; concurrency: number }
  /** Ends every stream at once; each agent reconnects after a random delay in [0, jitterMs). */
  | { type: 'storm'; address: string; jitterMs: number }
  | { type: 'report' }
  | { type: 'close' };

export type FromSwarm =
  | { type: 'ready' }
  /** The last connect/storm/close finished: every agent got its Welcome (after `ms`). */
  | { type: 'done'; ms: number }
  | { type: 'failed'; error: string }
  | {
      type: 'report';
      agents: number;
      /** Welcomes received over all streams of all agents. */
      welcomes: number;
      /** Commands received, counting each delivery. */
      deliveries: number;
      /**
       * Command ids some agent received more than once, over all its streams: a command sent
       * on a stream that dropped before its answer got through is sent again on the next one
       * (at least once; the real agent answers a repeated id with its first result).
       */
      duplicates: number;
      /** Repeats on one and the same stream: never expected. */
      sameStreamRepeats: number;
      /** Streams that ended before their Welcome and were retried, by why they ended. */
      retries: Record<string, number>;
      commandIds: string[];
    };
