import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromMs, timestampMs } from '@bufbuild/protobuf/wkt';
import {
  applyAnnotationPatch,
  applySnooze,
  type ClusterPolicy,
  formatDuration,
  isCurfewInputError,
  managementOf,
  resumeAnnotations,
  suspendAnnotations,
} from '@curfew/core';
import {
  Action,
  type Command,
  type CommandResult,
  CommandResultSchema,
  CommandStatus,
  type NamespaceSummary,
  type Notification,
} from '@curfew/proto';
import type { Logger } from 'pino';
import { ANN } from '../annotations.js';
import { isNotFound, KubeError } from '../kube/errors.js';
import { observe } from '../kube/observe.js';
import * as build from '../notify/build.js';
import type { ActionContext } from './context.js';
import { extendBySku } from './extend.js';
import type { KeyedMutex } from './keyed-mutex.js';
import { patchNamespace, recordEvent, rememberedIds } from './namespace-patch.js';
import type { ReadinessReporter, ReadinessResult } from './readiness.js';
import { withRetry } from './retry.js';
import { type SupportSettings, startSupport, stopSupport } from './support.js';
import { resumeNamespace, suspendNamespace } from './suspend-resume.js';

export interface CommandDeps {
  ctx: ActionContext;
  policy: ClusterPolicy;
  locks: KeyedMutex;
  reconciler: ReadinessReporter;
  notify: (notification: Notification) => void;
  staleAfterMs: number;
  clusterId: string;
  summarize: (name: string) => NamespaceSummary | undefined;
  list: () => NamespaceSummary[];
  /** Support pods: where they run, the image, how long they live. */
  support: SupportSettings;
  /** How many results to remember in memory (ids repeat within minutes, not days). */
  remember?: number;
}

type Reply = (result: CommandResult) => void;
type Outcome = Omit<MessageInitShape<typeof CommandResultSchema>, 'commandId' | '$typeName'>;

/**
 * Executes hub commands, each at most once per id: a repeated id gets the first result.
 * Memory of ids: finished results in memory for quick answers; and for actions that change a
 * namespace, the id is written on the namespace in the same patch as the first effect, so an
 * agent restarted mid-way (when the hub re-delivers) still knows it ran — suspend and resume
 * would be harmless to repeat, but a repeated snooze would extend twice, and a stale suspend
 * re-run after someone resumed would undo their resume. Delete needs no record: a repeat
 * finds the namespace gone.
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
    const log = this.deps.ctx.log.child({ commandId: command.id, requestId: command.requestId });
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
        this.deps.ctx.metrics.commands.inc({
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
      finishedAt: timestampFromMs(this.deps.ctx.clock.now()),
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
    const { policy, clusterId } = this.deps;
    // Every log line of the action carries the command and request ids.
    const ctx: ActionContext = { ...this.deps.ctx, log };
    const now = ctx.clock.now();
    if (command.deadline && timestampMs(command.deadline) < now) {
      return { status: CommandStatus.EXPIRED, message: 'the command arrived after its deadline' };
    }
    if (command.action === Action.LIST) {
      return { status: CommandStatus.SUCCEEDED, namespaces: this.deps.list() };
    }
    if (command.action === Action.EXTEND) return this.extend(ctx, command);
    if (command.action === Action.SUPPORT_START || command.action === Action.SUPPORT_STOP) {
      return this.support(ctx, command);
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
      return { status: CommandStatus.SUCCEEDED, namespace: this.deps.summarize(name) };
    }
    const management = managementOf(obs, policy);
    if (!management.managed) {
      return reject(`namespace ${name} is not managed by Curfew: ${management.reason}`);
    }
    if (rememberedIds(ns).includes(command.id)) {
      return {
        status: CommandStatus.SUCCEEDED,
        message: 'already executed (command id recorded on the namespace)',
        namespace: this.deps.summarize(name),
      };
    }
    const actor = command.requestedBy || 'hub';
    const nctx = { now, staleAfterMs: this.deps.staleAfterMs };
    const done = (message: string): Outcome => ({
      status: CommandStatus.SUCCEEDED,
      message,
      namespace: this.deps.summarize(name),
    });
    switch (command.action) {
      case Action.SUSPEND: {
        const usage = ctx.cache.usage(name);
        const text = (r: { workloadsChanged: number }) =>
          `${name} was suspended by ${actor}: ${r.workloadsChanged} workloads scaled to 0.`;
        const report = await this.deps.locks.run(name, () =>
          suspendNamespace(ctx, name, {
            actor,
            commandId: command.id,
            // Someone chose to suspend: any earlier drift verdict no longer applies.
            annotations: {
              ...suspendAnnotations(now, actor),
              [ANN.drift]: null,
              [ANN.undoneSuspends]: null,
            },
            beforeFinal: (r) =>
              this.deps.notify(
                build.suspended(
                  ctx.cache.namespace(name) ?? ns,
                  usage,
                  actor,
                  text(r),
                  nctx,
                  r.suspendedAt ?? '',
                  command.id,
                ),
              ),
          }),
        );
        return done(text(report));
      }
      case Action.RESUME: {
        const report = await this.deps.locks.run(name, () =>
          resumeNamespace(ctx, name, {
            actor,
            commandId: command.id,
            annotations: resumeAnnotations(suspendedView(obs), policy, now),
          }),
        );
        accepted(
          this.result(command, {
            status: CommandStatus.ACCEPTED,
            message: 'resumed; waiting for workloads to be ready',
          }),
        );
        const readiness = await new Promise<ReadinessResult>((resolve) =>
          this.deps.reconciler.reportReadiness(name, report.restored, actor, command.id, resolve),
        );
        return {
          ...done(
            readiness.ready
              ? `${name} resumed: all ${readiness.total} workloads ready`
              : `${name} resumed; not ready: ${readiness.notReady.map((w) => w.name).join(', ')}`,
          ),
          notReady: readiness.notReady,
        };
      }
      case Action.SNOOZE:
      case Action.PROLONG: {
        const ms = durationMs(command);
        if (ms <= 0) return reject('a snooze needs a positive duration, e.g. 1h');
        const text = await this.deps.locks.run(name, () =>
          this.snooze(ctx, name, ms, actor, command.id),
        );
        this.deps.notify(
          build.outcome(ctx.cache.namespace(name) ?? ns, actor, text, nctx, command.id),
        );
        return done(text);
      }
      case Action.DELETE: {
        await recordEvent(
          ctx,
          name,
          'CurfewDeleting',
          `Namespace deleted by ${actor} (command ${command.id})`,
        );
        await this.deps.locks.run(name, () =>
          withRetry(ctx.retry, () => ctx.kube.deleteNamespace(name)).catch((error) => {
            if (!isNotFound(error)) throw error;
          }),
        );
        ctx.metrics.actions.inc({ action: 'delete', outcome: 'succeeded' });
        const text = `${name} is being deleted (requested by ${actor}).`;
        this.deps.notify(build.outcome(ns, actor, text, nctx, command.id));
        return { status: CommandStatus.SUCCEEDED, message: text };
      }
      default:
        return reject(
          `${Action[command.action] ?? command.action} is not supported by this agent yet`,
        );
    }
  }

  private async extend(ctx: ActionContext, command: Command): Promise<Outcome> {
    const { clusterId } = this.deps;
    if (command.target.case !== 'sku') {
      return reject('EXTEND needs an SKU target, e.g. /tribe/squad');
    }
    const target = command.target.value;
    if (target.clusterId && target.clusterId !== clusterId) {
      return reject(`this agent serves cluster ${clusterId}, not ${target.clusterId}`);
    }
    if (target.namespace && !ctx.cache.namespace(target.namespace)) {
      return reject(`namespace ${target.namespace} does not exist in cluster ${clusterId}`);
    }
    const ms = durationMs(command);
    if (ms <= 0) return reject('an extension needs a positive duration, e.g. 1h');
    const report = await extendBySku(
      ctx,
      this.deps.locks,
      this.deps.policy,
      target,
      ms,
      command.requestedBy || 'hub',
      command.id,
    );
    return { status: CommandStatus.SUCCEEDED, message: report.message, matched: report.matched };
  }

  /**
   * Support pods address the cluster itself. A repeated id is answered from memory; after a
   * restart a re-delivered start finds its Pod (same answer) and a stop finds nothing to stop.
   */
  private async support(ctx: ActionContext, command: Command): Promise<Outcome> {
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
        ? await startSupport(ctx, this.deps.support, {
            name: command.supportName,
            size: command.supportSize,
            requestedBy: command.requestedBy || 'hub',
          })
        : await stopSupport(ctx, this.deps.support, command.supportName);
    return {
      status: answer.ok ? CommandStatus.SUCCEEDED : CommandStatus.FAILED,
      message: answer.message,
    };
  }

  private async snooze(
    ctx: ActionContext,
    name: string,
    ms: number,
    actor: string,
    commandId: string,
  ): Promise<string> {
    const { policy } = this.deps;
    const now = ctx.clock.now();
    const obs = observe(ctx.cache, name);
    if (!obs) throw new KubeError(`namespace "${name}" not found`, 404, 'NotFound');
    const suspended = obs.annotations[ANN.state] === 'suspended';
    if (!suspended) {
      const snooze = applySnooze(obs, policy, now, ms);
      await patchNamespace(ctx, name, snooze.annotations, commandId);
      await recordEvent(
        ctx,
        name,
        'CurfewSnoozed',
        `Shutdown moved by ${formatDuration(ms)} by ${actor} (command ${commandId})`,
      );
      return `${name} snoozed until ${new Date(snooze.snoozedUntil).toISOString()}`;
    }
    // Snoozing a suspended namespace means "I need it now, for this long": resume, then snooze.
    const resumed = resumeAnnotations(obs, policy, now);
    const after = {
      ...obs,
      annotations: applyAnnotationPatch(obs.annotations, { ...resumed, [ANN.state]: 'running' }),
    };
    const snooze = applySnooze(after, policy, now, ms);
    const report = await resumeNamespace(ctx, name, {
      actor,
      commandId,
      annotations: { ...resumed, ...snooze.annotations },
    });
    this.deps.reconciler.reportReadiness(name, report.restored, actor, commandId);
    return `${name} resumed and snoozed until ${new Date(snooze.snoozedUntil).toISOString()}`;
  }
}

function durationMs(command: Command): number {
  const duration = command.duration;
  return duration ? Number(duration.seconds) * 1000 + Math.floor(duration.nanos / 1e6) : 0;
}

function reject(message: string): Outcome {
  return { status: CommandStatus.REJECTED, message };
}

/** core's resumeAnnotations expects the namespace as it is while suspended. */
function suspendedView<T extends { annotations: Readonly<Record<string, string>> }>(obs: T): T {
  return { ...obs, annotations: { ...obs.annotations, [ANN.state]: 'suspended' } };
}
