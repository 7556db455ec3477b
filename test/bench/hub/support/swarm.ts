/**
 * The bench side of the simulated agents: spreads them over a few agent-swarm.ts child
 * processes (one grpc-js client per agent, each on its own TCP connection) and drives them.
 */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawnNode } from '@curfew/test-support';
import type { FromSwarm, SwarmAgent, ToSwarm } from './swarm-protocol.js';

const SWARM = fileURLToPath(new URL('./agent-swarm.ts', import.meta.url));

export interface SwarmReport {
  agents: number;
  welcomes: number;
  deliveries: number;
  duplicates: number;
  sameStreamRepeats: number;
  retries: Record<string, number>;
  commandIds: string[];
}

function nextMessage(child: ChildProcess): Promise<FromSwarm> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromSwarm) => {
      child.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`agent swarm process exited with ${code}`));
    };
    child.once('message', onMessage);
    child.once('exit', onExit);
  });
}

async function ask(child: ChildProcess, message: ToSwarm): Promise<FromSwarm> {
  const answer = nextMessage(child);
  child.send(message);
  const reply = await answer;
  if (reply.type === 'failed') throw new Error(`agent swarm: ${reply.error}`);
  return reply;
}

export class Swarm {
  private constructor(private readonly children: ChildProcess[]) {}

  /** The children's process ids (for their CPU time). */
  get pids(): number[] {
    return this.children.map((child) => child.pid ?? -1);
  }

  /** Starts `processes` swarm children, each ready to take agents. */
  static async start(processes: number): Promise<Swarm> {
    const children = Array.from({ length: processes }, () =>
      spawnNode(SWARM, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    );
    const swarm = new Swarm(children);
    try {
      await Promise.all(children.map((child) => nextMessage(child)));
    } catch (error) {
      swarm.kill();
      throw error;
    }
    return swarm;
  }

  /** Connects the agents (spread evenly over the children); resolves when all are welcomed. */
  async connect(address: string, agents: readonly SwarmAgent[], concurrency = 200): Promise<void> {
    await Promise.all(
      this.children.map((child, c) =>
        ask(child, {
          type: 'connect',
          address,
          agents: agents.filter((_, i) => i % this.children.length === c),
          concurrency,
        }),
      ),
    );
  }

  /** Drops every stream at once; resolves when every agent is welcomed again. */
  async storm(address: string, jitterMs: number): Promise<void> {
    await Promise.all(
      this.children.map((child) => ask(child, { type: 'storm', address, jitterMs })),
    );
  }

  async report(): Promise<SwarmReport> {
    const replies = await Promise.all(this.children.map((child) => ask(child, { type: 'report' })));
    const total: SwarmReport = {
      agents: 0,
      welcomes: 0,
      deliveries: 0,
      duplicates: 0,
      sameStreamRepeats: 0,
      retries: {},
      commandIds: [],
    };
    for (const reply of replies) {
      if (reply.type !== 'report') throw new Error(`agent swarm answered ${reply.type} to report`);
      total.agents += reply.agents;
      total.welcomes += reply.welcomes;
      total.deliveries += reply.deliveries;
      total.duplicates += reply.duplicates;
      total.sameStreamRepeats += reply.sameStreamRepeats;
      for (const [reason, count] of Object.entries(reply.retries)) {
        total.retries[reason] = (total.retries[reason] ?? 0) + count;
      }
      total.commandIds.push(...reply.commandIds);
    }
    return total;
  }

  /** Closes every stream, then ends the children. */
  async close(): Promise<void> {
    await Promise.allSettled(this.children.map((child) => ask(child, { type: 'close' })));
    this.kill();
  }

  kill(): void {
    for (const child of this.children) if (child.exitCode === null) child.kill('SIGKILL');
  }
}
