import { create } from '@bufbuild/protobuf';
import {
  type CommandResult,
  CommandResultSchema,
  CommandStatus,
  NamespaceState,
  type NamespaceSummary,
  NamespaceSummarySchema,
} from '@curfew/proto';
import type {
  AuditEntry,
  AuditLog,
  ClusterDirectory,
  ClusterInfo,
  ClusterNamespace,
  CommandDispatcher,
  DispatchOutcome,
  DispatchRequest,
  NamespaceDirectory,
  NamespaceFilter,
} from '../../../src/ports.js';

export function summary(
  init: Partial<Omit<NamespaceSummary, '$typeName'>> & { name: string },
): NamespaceSummary {
  return create(NamespaceSummarySchema, { state: NamespaceState.RUNNING, ...init });
}

export class FakeNamespaces implements NamespaceDirectory {
  readonly items: ClusterNamespace[] = [];
  /** How long each read takes (a slow read model: every outbox job that reads it is slow). */
  delayMs = 0;

  add(clusterId: string, s: NamespaceSummary): ClusterNamespace {
    const item = { clusterId, summary: s, seenAt: Date.now() };
    this.items.push(item);
    return item;
  }

  async find(namespace: string, clusterId?: string): Promise<ClusterNamespace[]> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return this.items.filter(
      (i) => i.summary.name === namespace && (clusterId === undefined || i.clusterId === clusterId),
    );
  }

  async list(filter: NamespaceFilter = {}): Promise<ClusterNamespace[]> {
    return this.items.filter(
      (i) => filter.clusterId === undefined || i.clusterId === filter.clusterId,
    );
  }
}

export class FakeClusters implements ClusterDirectory {
  readonly items: ClusterInfo[] = [];

  add(info: ClusterInfo): void {
    this.items.push(info);
  }

  async get(clusterId: string): Promise<ClusterInfo | null> {
    return this.items.find((c) => c.clusterId === clusterId) ?? null;
  }

  async list(): Promise<ClusterInfo[]> {
    return [...this.items];
  }
}

export class FakeAudit implements AuditLog {
  readonly entries: AuditEntry[] = [];

  async record(entry: AuditEntry): Promise<void> {
    this.entries.push(entry);
  }

  async list(): Promise<AuditEntry[]> {
    return [...this.entries];
  }
}

type Script = (
  request: DispatchRequest,
  commandId: string,
) => DispatchOutcome | Promise<DispatchOutcome>;

/**
 * Records every dispatch and answers from a script. Like the real dispatcher, one
 * idempotency key is one command: a repeat returns the first outcome and is not
 * counted as a new command.
 */
export class FakeDispatcher implements CommandDispatcher {
  readonly dispatched: DispatchRequest[] = [];
  readonly calls: DispatchRequest[] = [];
  private readonly byKey = new Map<string, DispatchOutcome>();
  private readonly listeners = new Map<string, ((o: DispatchOutcome) => void)[]>();
  private readonly finished = new Set<(commandId: string) => void>();
  /** Every command's current outcome, as the real dispatcher keeps it in Redis. */
  private readonly outcomes = new Map<string, DispatchOutcome>();
  private counter = 0;

  constructor(public script: Script = (request, id) => succeeded(id, request)) {}

  async dispatch(request: DispatchRequest): Promise<DispatchOutcome> {
    this.calls.push(request);
    const key = request.idempotencyKey;
    const known = key === undefined ? undefined : this.byKey.get(key);
    if (known) return known;
    this.counter += 1;
    this.dispatched.push(request);
    const commandId = `cmd-${this.counter}`;
    const outcome = await this.script(request, commandId);
    if (key !== undefined) this.byKey.set(key, outcome);
    if (!this.outcomes.has(commandId)) this.outcomes.set(commandId, outcome);
    return outcome;
  }

  async outcome(commandId: string): Promise<DispatchOutcome | null> {
    return this.outcomes.get(commandId) ?? null;
  }

  onFinished(listener: (commandId: string) => void): () => void {
    this.finished.add(listener);
    return () => this.finished.delete(listener);
  }

  onOutcome(commandId: string, listener: (outcome: DispatchOutcome) => void): () => void {
    this.listeners.set(commandId, [...(this.listeners.get(commandId) ?? []), listener]);
    return () =>
      this.listeners.set(
        commandId,
        (this.listeners.get(commandId) ?? []).filter((l) => l !== listener),
      );
  }

  /** The cluster answers a pending command later (heard on every replica, as with the real one). */
  complete(commandId: string, outcome: DispatchOutcome): void {
    this.outcomes.set(commandId, outcome);
    for (const listener of this.listeners.get(commandId) ?? []) listener(outcome);
    for (const listener of this.finished) listener(commandId);
  }
}

export function succeeded(
  commandId: string,
  request: DispatchRequest,
  after?: Partial<Omit<NamespaceSummary, '$typeName'>>,
): DispatchOutcome {
  const result: CommandResult = create(CommandResultSchema, {
    commandId,
    status: CommandStatus.SUCCEEDED,
    message: '',
    ...(request.namespace === undefined
      ? {}
      : {
          namespace: summary({
            name: request.namespace,
            state: NamespaceState.SUSPENDED,
            ...after,
          }),
        }),
  });
  return { state: 'done', commandId, result };
}
