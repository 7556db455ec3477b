/**
 * A child process holding a share of a bench's simulated agents (hub/test/support/fake-agent),
 * each on its own gRPC channel and TCP connection, driven over Node IPC by swarm.ts.
 *
 * Why a child process: 10,000 grpc-js clients in the measuring process would make its event
 * loop the bottleneck (and its latency figures the swarm's); spread over a few children the
 * measuring process only sends admin-API requests and reads the hub's RSS.
 * Every agent answers each command at once with SUCCEEDED and remembers the ids it got, over
 * all its streams, so the bench can tell a command delivered twice from one delivered once.
 */
import { CommandStatus } from '@curfew/proto';
import { FakeAgent } from '../../../../hub/test/support/fake-agent.js';
import type { FromSwarm, SwarmAgent, ToSwarm } from './swarm-protocol.js';

if (!process.send) {
  console.error('agent-swarm: start it with an IPC channel (test/bench/hub/support/swarm.ts)');
  process.exit(2);
}
const send = (message: FromSwarm): void => void process.send?.(message);

interface Slot {
  agent: SwarmAgent;
  current: FakeAgent | undefined;
  /** Command id → how many times any of this agent's streams received it. */
  commands: Map<string, number>;
  /** Commands a single stream received twice: the hub re-sending on a live stream (a bug). */
  sameStreamRepeats: number;
  welcomes: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const slots: Slot[] = [];
const channelOptions = { 'grpc.use_local_subchannel_pool': 1 };

/** Why streams ended before their Welcome ("UNAVAILABLE: …" → count), over all agents. */
const retries = new Map<string, number>();

/**
 * Opens a new stream for the slot; resolves when its Welcome arrives. A stream that ends
 * before (the hub refused it, or grpc-js could not connect) is retried after a short random
 * pause, as the real agent's backoff does, and counted by the reason it ended.
 */
async function connect(slot: Slot, address: string): Promise<void> {
  for (;;) {
    const seen = new Set<string>();
    const agent = new FakeAgent({
      address,
      token: slot.agent.token,
      clusterId: slot.agent.clusterId,
      channelOptions,
      onCommand: (command, self) => {
        slot.commands.set(command.id, (slot.commands.get(command.id) ?? 0) + 1);
        if (seen.has(command.id)) slot.sameStreamRepeats += 1;
        seen.add(command.id);
        self.answer(command.id, CommandStatus.SUCCEEDED, 'ok');
      },
    });
    slot.current = agent;
    const welcomed = agent.next('welcome', 1, 600_000).then(() => null);
    const ended = agent.closed.then((status) => status);
    const status = await Promise.race([welcomed, ended]);
    if (status === null) {
      slot.welcomes += 1;
      // Only the Welcome and commands matter; keep the swarm's own memory flat.
      agent.received.length = 0;
      return;
    }
    agent.close();
    const reject = agent.received.find((m) => m.message.case === 'reject');
    const reason = reject
      ? `reject: ${reject.message.value && 'message' in reject.message.value ? reject.message.value.message : ''}`
      : // grpc-js puts the time into its details; counted by what happened, not when.
        `${status.code}: ${status.details.replace(/ \(\d{4}-[^)]*\)/g, '').replace(/ Resolution note: .*$/, '')}`;
    retries.set(reason, (retries.get(reason) ?? 0) + 1);
    await sleep(500 + Math.random() * 1_000);
  }
}

/** Runs `work` on every item with at most `limit` at a time. */
async function pooled<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function handle(message: ToSwarm): Promise<void> {
  switch (message.type) {
    case 'connect': {
      const added = message.agents.map((agent) => ({
        agent,
        current: undefined,
        commands: new Map<string, number>(),
        sameStreamRepeats: 0,
        welcomes: 0,
      }));
      slots.push(...added);
      const started = performance.now();
      await pooled(added, message.concurrency, (slot) => connect(slot, message.address));
      return send({ type: 'done', ms: performance.now() - started });
    }
    case 'storm': {
      // Every stream ends at once (a network blip, a load balancer restart); each agent comes
      // back after its own random delay within the window, as real agents' backoff jitter does.
      const started = performance.now();
      for (const slot of slots) slot.current?.close();
      await Promise.all(
        slots.map(async (slot) => {
          await sleep(Math.random() * message.jitterMs);
          await connect(slot, message.address);
        }),
      );
      return send({ type: 'done', ms: performance.now() - started });
    }
    case 'report': {
      let deliveries = 0;
      let duplicates = 0;
      let sameStreamRepeats = 0;
      const commandIds: string[] = [];
      for (const slot of slots) {
        sameStreamRepeats += slot.sameStreamRepeats;
        for (const [id, count] of slot.commands) {
          commandIds.push(id);
          deliveries += count;
          if (count > 1) duplicates += 1;
        }
      }
      return send({
        type: 'report',
        agents: slots.length,
        welcomes: slots.reduce((sum, slot) => sum + slot.welcomes, 0),
        deliveries,
        duplicates,
        sameStreamRepeats,
        retries: Object.fromEntries(retries),
        commandIds,
      });
    }
    case 'close': {
      for (const slot of slots) slot.current?.close();
      return send({ type: 'done', ms: 0 });
    }
  }
}

process.on('message', (message: ToSwarm) => {
  handle(message).catch((error: unknown) =>
    send({ type: 'failed', error: error instanceof Error ? error.message : String(error) }),
  );
});
send({ type: 'ready' });
