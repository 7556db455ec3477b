import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromMs, timestampMs } from '@bufbuild/protobuf/wkt';
import {
  type ActionCause,
  ANNOTATIONS,
  answerForTerminating,
  commandIdsOf,
  isCurfewInputError,
  managementOf,
  type NamespaceCommand,
  type TerminatingAnswer,
  type TerminationReport,
} from '@curfew/core';
import {
  Action,
  type Command,
  type CommandResult,
  CommandResultSchema,
  CommandStatus,
  type NamespaceSummary,
} from '@curfew/proto';
import type { Logger } from 'pino';
import {
  type ActionEnv,
  awaitDeletion,
  deleteNamespace,
  extend,
  finishInterrupted,
  resume,
  snooze,
  startSupport,
  stopSupport,
  suspend,
  withLog,
} from '../actions/index.js';
import { KubeError } from '../kube/errors.js';
import { observe } from '../kube/observe.js';
import { everyWorkload } from '../notify/build.js';

export interface CommandDeps {
  env: ActionEnv;
  clusterId: string;
  summarize: (name: string) => NamespaceSummary | undefined;
  list: () => NamespaceSummary[];
  /** How many results to remember in memory (ids repeat within minutes, not days). */
  remember?: number;
}

type Reply = (result: CommandResult) => void;
type Outcome = Omit<MessageInitShape<typeof CommandResultSchema>, 'commandId' | '$typeName'>;

/**
 * Protocol message ↔ action. Checks what a hub command addresses, calls the action with the
 * command as its cause, and turns the action's report into the CommandResult — each at most once
 * per id: a repeated id gets the first result. Memory of ids: finished results in memory for
 * quick answers; and every action that changes something records the id on the cluster with its
 * first effect (namespaces, extended objects, the agent's namespace for support pods), so an
 * agent restarted mid-way still knows it ran when the hub re-delivers. Delete needs no record: a
 * repeat finds the namespace gone.
 */
export class CommandExecutor {
  private readonly results = new Map<string, CommandResult>();
  private readonly listeners = new Map<string, Reply[]>();

  constructor(private readonly deps: CommandDeps) {}

  handle(command: Command, reply: Reply): void {
    const known = this.results.get(command.id);
    if (known) {
      reply(known);
      return;
    }
    const waiting = this.listeners.get(command.id);
    if (waiting) {
      waiting.push(reply);
      return;
    }
    this.listeners.set(command.id, [reply]);
    const { ctx } = this.deps.env;
    const log = ctx.log.child({ commandId: command.id, requestId: command.requestId });
    log.info(
      { action: Action[command.action], requestedBy: command.requestedBy },
      'command received',
    );
    void this.execute(command, (accepted) => this.broadcast(command.id, accepted), log)
      .catch((error): Outcome => {
        if (isCurfewInputError(error)) {
          return { status: CommandStatus.REJECTED, message: `${error.message} ${error.hint}` };
        }
        log.error({ err: error }, 'command failed');
        const text =
          error instanceof KubeError ? `Kubernetes API: ${error.message}` : String(error);
        return { status: CommandStatus.FAILED, message: text };
      })
      .then((partial) => {
        const result = this.result(command, partial);
        // LIST answers can hold thousands of summaries; re-running a read changes nothing,
        // so only the (small) results of other commands are kept for repeats.
        if (command.action !== Action.LIST) {
          this.results.set(command.id, result);
          this.trim();
        }
        ctx.metrics.commands.inc({
          action: Action[command.action] ?? 'UNKNOWN',
          status: CommandStatus[result.status] ?? 'UNKNOWN',
        });
        log.info(
          { status: CommandStatus[result.status], message: result.message },
          'command finished',
        );
        this.broadcast(command.id, result);
        this.listeners.delete(command.id);
      });
  }

  private broadcast(id: string, result: CommandResult) {
    for (const reply of this.listeners.get(id) ?? []) reply(result);
  }

  private result(command: Command, partial: Outcome): CommandResult {
    return create(CommandResultSchema, {
      ...partial,
      commandId: command.id,
      finishedAt: timestampFromMs(this.deps.env.ctx.clock.now()),
    });
  }

  private trim() {
    const limit = this.deps.remember ?? 10_000;
    while (this.results.size > limit) {
      const oldest = this.results.keys().next().value as string;
      this.results.delete(oldest);
    }
  }

  private async execute(command: Command, accepted: Reply, log: Logger): Promise<Outcome> {
    const { clusterId } = this.deps;
    // Every log line of the action carries the command and request ids.
    const env = withLog(this.deps.env, log);
    const { ctx, policy } = env;
    if (command.deadline && timestampMs(command.deadline) < ctx.clock.now()) {
      return { status: CommandStatus.EXPIRED, message: 'the command arrived after its deadline' };
    }
    const cause: ActionCause = {
      kind: 'command',
      commandId: command.id,
      actor: command.requestedBy || 'hub',
    };
    if (command.action === Action.LIST) {
      return { status: CommandStatus.SUCCEEDED, namespaces: this.deps.list() };
    }
    if (command.action === Action.EXTEND) return this.extend(env, command, cause);
    if (command.action === Action.SUPPORT_START || command.action === Action.SUPPORT_STOP) {
      return this.support(env, command, cause);
    }
    if (command.target.case !== 'namespace') {
      return reject(`${Action[command.action]} needs a namespace target`);
    }
    const target = command.target.value;
    if (target.clusterId && target.clusterId !== clusterId) {
      return reject(`this agent serves cluster ${clusterId}, not ${target.clusterId}`);
    }
    const name = target.namespace;
    const ns = ctx.cache.namespace(name);
    const obs = observe(ctx.cache, name);
    if (!ns || !obs) {
      if (command.action === Action.DELETE) {
        return { status: CommandStatus.SUCCEEDED, message: `namespace ${name} is already gone` };
      }
      return reject(`namespace ${name} does not exist in cluster ${clusterId}`);
    }
    if (command.action === Action.STATUS) {
      // The cloud part of a status is at most a TTL old (one lookup shared by every asker).
      await env.cloud?.inventory.refresh().catch(() => undefined);
      return { status: CommandStatus.SUCCEEDED, namespace: this.deps.summarize(name) };
    }
    // Kubernetes is deleting it: nothing may act on it but the wait for it to go.
    const verb = NAMESPACE_COMMANDS[command.action];
    const terminating: TerminatingAnswer = verb
      ? answerForTerminating(name, obs.phase, verb)
      : { kind: 'proceed' };
    if (terminating.kind === 'refuse') return reject(terminating.message);
    if (terminating.kind === 'already-deleting') {
      return this.deleted(command, env, name, terminating.message, accepted);
    }
    const management = managementOf(obs, policy);
    if (!management.managed) {
      return reject(`namespace ${name} is not managed by Curfew: ${management.reason}`);
    }
    if (CHANGES_NAMESPACE.has(command.action)) {
      // A previous agent may have died half-way through an action here — this very command,
      // re-delivered now, or another one: finish that first (or wait for the reconciler that
      // is finishing it), so the answer below describes the namespace as it ends up.
      await finishInterrupted(env, name);
    }
    const recorded = (ctx.cache.namespace(name) ?? ns).meta.annotations[ANNOTATIONS.commandIds];
    if (commandIdsOf(recorded).includes(command.id)) {
      return {
        status: CommandStatus.SUCCEEDED,
        message: 'already executed (command id recorded on the namespace)',
        namespace: this.deps.summarize(name),
      };
    }
    const done = (message: string): Outcome => ({
      status: CommandStatus.SUCCEEDED,
      message,
      namespace: this.deps.summarize(name),
    });
    switch (command.action) {
      case Action.SUSPEND:
        return done((await suspend(env, name, cause)).message);
      case Action.RESUME: {
        // Accepted as soon as it begins: starting a database first can take minutes.
        const resumed = await resume(env, name, cause, {
          begun: () =>
            accepted(
              this.result(command, {
                status: CommandStatus.ACCEPTED,
                message: env.cloud
                  ? 'resuming: cloud resources first, then the workloads'
                  : 'resumed; waiting for workloads to be ready',
              }),
            ),
        });
        const readiness = await resumed.ready;
        const cloud = resumed.cloudLines.length > 0 ? ` ${resumed.cloudLines.join(' ')}` : '';
        if (!readiness) {
          return done(`${name} resumed; this agent stopped before it was ready.${cloud}`);
        }
        return {
          ...done(
            (readiness.ready
              ? `${name} resumed: ${everyWorkload(readiness.total)} ready`
              : `${name} resumed; not ready: ${readiness.notReady.map((w) => w.name).join(', ')}`) +
              (cloud ? `.${cloud}` : ''),
          ),
          notReady: readiness.notReady,
        };
      }
      case Action.SNOOZE:
      case Action.PROLONG: {
        const ms = durationMs(command);
        if (ms <= 0) return reject('a snooze needs a positive duration, e.g. 1h');
        return done((await snooze(env, name, cause, ms)).message);
      }
      case Action.DELETE: {
        const { message } = await deleteNamespace(env, name, cause);
        return this.deleted(command, env, name, message, accepted);
      }
      default:
        return reject(
          `${Action[command.action] ?? command.action} is not supported by this agent yet`,
        );
    }
  }

  /**
   * A delete answers twice: ACCEPTED "deleting" at once (the DELETE only starts it), then the
   * final result when the namespace is gone — or FAILED with what holds it when it is stuck.
   */
  private async deleted(
    command: Command,
    env: ActionEnv,
    name: string,
    deleting: string,
    accepted: Reply,
  ): Promise<Outcome> {
    accepted(this.result(command, { status: CommandStatus.ACCEPTED, message: deleting }));
    const report: TerminationReport | null = await awaitDeletion(env, name);
    if (!report) {
      return {
        status: CommandStatus.FAILED,
        message: `this agent stopped while Kubernetes was deleting ${name}; ask for its status again in a minute.`,
      };
    }
    return {
      status: report.kind === 'deleted' ? CommandStatus.SUCCEEDED : CommandStatus.FAILED,
      message: report.message,
    };
  }

  private async extend(env: ActionEnv, command: Command, cause: ActionCause): Promise<Outcome> {
    const { clusterId } = this.deps;
    if (command.target.case !== 'sku') {
      return reject('EXTEND needs an SKU target, e.g. /tribe/squad');
    }
    const target = command.target.value;
    if (target.clusterId && target.clusterId !== clusterId) {
      return reject(`this agent serves cluster ${clusterId}, not ${target.clusterId}`);
    }
    if (target.namespace && !env.ctx.cache.namespace(target.namespace)) {
      return reject(`namespace ${target.namespace} does not exist in cluster ${clusterId}`);
    }
    const ms = durationMs(command);
    if (ms <= 0) return reject('an extension needs a positive duration, e.g. 1h');
    const report = await extend(env, target, ms, cause);
    return { status: CommandStatus.SUCCEEDED, message: report.message, matched: report.matched };
  }

  /** Support pods address the cluster itself. */
  private async support(env: ActionEnv, command: Command, cause: ActionCause): Promise<Outcome> {
    const { clusterId } = this.deps;
    const verb = command.action === Action.SUPPORT_START ? 'start' : 'stop';
    if (command.target.case !== 'clusterId') {
      return reject(`support ${verb} needs a cluster target`);
    }
    if (command.target.value && command.target.value !== clusterId) {
      return reject(`this agent serves cluster ${clusterId}, not ${command.target.value}`);
    }
    if (!command.supportName) return reject(`support ${verb} needs a name, e.g. manage1`);
    const answer =
      command.action === Action.SUPPORT_START
        ? await startSupport(env, { name: command.supportName, size: command.supportSize }, cause)
        : await stopSupport(env, command.supportName, cause);
    return {
      status: answer.ok ? CommandStatus.SUCCEEDED : CommandStatus.FAILED,
      message: answer.message,
    };
  }
}

/** The commands a namespace being deleted answers for itself (core's termination rules). */
const NAMESPACE_COMMANDS: Partial<Record<Action, NamespaceCommand>> = {
  [Action.SUSPEND]: 'suspend',
  [Action.RESUME]: 'resume',
  [Action.SNOOZE]: 'snooze',
  [Action.PROLONG]: 'prolong',
  [Action.DELETE]: 'delete',
};

/** Actions that change a namespace (and may find an interrupted one to finish first). */
const CHANGES_NAMESPACE: ReadonlySet<Action> = new Set([
  Action.SUSPEND,
  Action.RESUME,
  Action.SNOOZE,
  Action.PROLONG,
  Action.DELETE,
]);

function durationMs(command: Command): number {
  const duration = command.duration;
  return duration ? Number(duration.seconds) * 1000 + Math.floor(duration.nanos / 1e6) : 0;
}

function reject(message: string): Outcome {
  return { status: CommandStatus.REJECTED, message };
}
