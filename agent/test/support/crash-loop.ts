import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { type CommandResult, CommandSchema, CommandStatus } from '@curfew/proto';
import type { Agent } from '../../src/agent.js';
import type { ClusterDriver } from './cluster-driver.js';
import { crashing, type WriteRecord } from './crashing-kube.js';
import { ManualClock, makeAgent, startHub } from './harness.js';
import { eventually, type TestHub } from './test-hub.js';

export interface CrashRun {
  driver: ClusterDriver;
  hub: TestHub;
  clock: ManualClock;
  address: string;
}

export interface CrashLoop {
  make: () => Promise<ClusterDriver>;
  /** The cluster before the story starts. */
  prepare: (driver: ClusterDriver) => Promise<void>;
  start: number;
  /** Anything before the doomed agent starts (another agent suspending first, say). */
  before?: (run: CrashRun) => Promise<void>;
  /** What the doomed agent is asked; resolves when it is done or dead. */
  act: (agent: Agent, run: CrashRun, dead: () => boolean) => Promise<void>;
  /** What the fresh agent is asked (the hub re-delivers), until everything is finished. */
  finish: (agent: Agent, run: CrashRun) => Promise<void>;
  /** The story is over on an undisturbed agent (for counting its writes). */
  done: (run: CrashRun) => Promise<boolean>;
  /** Checked after each crash; `writes` are both agents' completed writes, in order. */
  check: (run: CrashRun, writes: { first: WriteRecord[]; second: WriteRecord[] }) => Promise<void>;
}

/**
 * The project's fault injection for exactly-once: runs a story once on an agent nobody kills to
 * count its writes, then once per write with the agent killed right after that write (no more
 * requests, no more watch events — kill -9 between two requests) and a fresh agent started on
 * the same cluster to finish it. Returns the crash points and the count. One request at a time
 * (concurrency 1), so "after k writes" is a precise point between two requests.
 */
export async function atEveryWrite(loop: CrashLoop): Promise<{ writes: number }> {
  const total = await countWrites(loop);
  for (let crashAfter = 1; crashAfter <= total; crashAfter += 1) {
    const run = await begin(loop);
    try {
      const doomed = crashing(run.driver.connect(), crashAfter);
      const first = makeAgent(doomed.kube, run.address, run.clock, { concurrency: 1 });
      await first.start();
      await first.link.whenConnected();
      await Promise.race([
        loop.act(first, run, () => doomed.state.dead),
        eventually(() => doomed.state.dead, 15_000),
      ]).catch(() => undefined);
      await eventually(() => doomed.state.dead, 15_000).catch(() => {
        throw new Error(`the story made fewer than ${crashAfter} writes this time`);
      });
      await first.stop().catch(() => undefined);
      const witness = crashing(run.driver.connect(), Number.POSITIVE_INFINITY);
      const second = makeAgent(witness.kube, run.address, run.clock, { instanceId: 'agent-b' });
      try {
        await second.start();
        await second.link.whenConnected();
        await loop.finish(second, run);
        await quiet(second);
        await loop
          .check(run, { first: doomed.state.writes, second: witness.state.writes })
          .catch((error: unknown) => {
            const written = doomed.state.writes.map((w) => w.method).join(', ');
            throw new Error(
              `after a crash after write ${crashAfter} (${written}): ${(error as Error).message}`,
            );
          });
      } finally {
        await second.stop();
      }
    } finally {
      await end(run);
    }
  }
  return { writes: total };
}

async function countWrites(loop: CrashLoop): Promise<number> {
  const run = await begin(loop);
  try {
    const watched = crashing(run.driver.connect(), Number.POSITIVE_INFINITY);
    const agent = makeAgent(watched.kube, run.address, run.clock, { concurrency: 1 });
    try {
      await agent.start();
      await agent.link.whenConnected();
      await loop.act(agent, run, () => false);
      await eventually(() => loop.done(run), 15_000);
      await quiet(agent);
      return watched.state.writes.length;
    } finally {
      await agent.stop();
    }
  } finally {
    await end(run);
  }
}

async function begin(loop: CrashLoop): Promise<CrashRun> {
  const driver = await loop.make();
  await loop.prepare(driver);
  const { hub, address } = await startHub();
  const run = { driver, hub, address, clock: new ManualClock(loop.start) };
  await loop.before?.(run);
  return run;
}

async function end(run: CrashRun) {
  await run.hub.stop();
  await run.driver.stop();
}

/** Lets watch events land and everything the agent started finish. */
export async function quiet(agent: Agent): Promise<void> {
  for (let i = 0; i < 3; i += 1) {
    await new Promise((r) => setTimeout(r, 20));
    await agent.reconciler.idle();
    await agent.outbox.idle();
  }
}

/**
 * Sends a command and waits for its final result — or until the agent is dead (a killed agent
 * answers nothing; a result it still computed is ignored by the caller's checks).
 */
export async function ask(
  hub: TestHub,
  init: MessageInitShape<typeof CommandSchema>,
  dead: () => boolean = () => false,
): Promise<CommandResult | undefined> {
  const command = create(CommandSchema, init);
  const before = hub.results().length;
  hub.command(command);
  const result = await eventually(
    () =>
      dead() ||
      hub
        .results()
        .slice(before)
        .find((r) => r.commandId === command.id && r.status !== CommandStatus.ACCEPTED),
    15_000,
  );
  return result === true ? undefined : result;
}
