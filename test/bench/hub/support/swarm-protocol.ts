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
      /** Command ids some agent received more than once. */
      duplicates: number;
      commandIds: string[];
    };
