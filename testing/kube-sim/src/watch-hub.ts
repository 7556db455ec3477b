import type { KubeObject } from './object.js';
import type { ResourceType } from './resources.js';
import { groupVersion } from './resources.js';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface StoredEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  rv: number;
  object: KubeObject;
  /** The object before the change, so selector watchers can see it leave their set. */
  previous: KubeObject | undefined;
  /** Serialised once and shared by every watcher: fan-out to 50 watchers must not re-encode. */
  line?: string;
}

export interface WatchFilter {
  namespace?: string | undefined;
  matches(obj: KubeObject): boolean;
}

export interface Watcher {
  filter: WatchFilter;
  send(type: EventType, obj: KubeObject, line: string): void;
}

export function eventLine(type: EventType, object: unknown): string {
  return `{"type":"${type}","object":${JSON.stringify(object)}}\n`;
}

function lineOf(ev: StoredEvent): string {
  ev.line ??= eventLine(ev.type, ev.object);
  return ev.line;
}

interface Channel {
  history: StoredEvent[];
  /** Index in `history` of the oldest retained event (a ring without copying). */
  head: number;
  /** Any watch from a resourceVersion below this has lost events: 410 Expired. */
  oldestRv: number;
  watchers: Set<Watcher>;
}

/**
 * Per-resource event history and live watchers, the simulator's watch cache. The history is a
 * bounded window like kube-apiserver's watch cache, so too-old resourceVersions get 410.
 */
export class WatchHub {
  private readonly channels = new Map<ResourceType, Channel>();

  constructor(private readonly capacity: number) {}

  private channel(rt: ResourceType): Channel {
    let ch = this.channels.get(rt);
    if (!ch) {
      ch = { history: [], head: 0, oldestRv: 0, watchers: new Set() };
      this.channels.set(rt, ch);
    }
    return ch;
  }

  publish(rt: ResourceType, ev: StoredEvent): void {
    const ch = this.channel(rt);
    ch.history.push(ev);
    if (ch.history.length - ch.head > this.capacity) {
      const dropped = ch.history[ch.head];
      ch.head++;
      if (dropped) ch.oldestRv = dropped.rv;
      if (ch.head > 4096 && ch.head * 2 > ch.history.length) {
        ch.history = ch.history.slice(ch.head);
        ch.head = 0;
      }
    }
    for (const w of ch.watchers) deliver(w, ev);
  }

  /** The lowest resourceVersion a watch may start from, for the `too old` message. */
  oldestRv(rt: ResourceType): number {
    return this.channel(rt).oldestRv;
  }

  /**
   * The retained changes after `rv`, oldest first — undefined when the window no longer
   * reaches back that far (etcd would have compacted that revision).
   */
  changesAfter(rt: ResourceType, rv: number): StoredEvent[] | undefined {
    const ch = this.channel(rt);
    if (rv < ch.oldestRv) return undefined;
    const out: StoredEvent[] = [];
    for (let i = ch.head; i < ch.history.length; i++) {
      const ev = ch.history[i];
      if (ev && ev.rv > rv) out.push(ev);
    }
    return out;
  }

  /**
   * Registers a watcher and replays history after `fromRv`. Returns undefined when the window no
   * longer reaches back that far; the caller answers 410 Expired.
   */
  subscribe(rt: ResourceType, fromRv: number | undefined, w: Watcher): (() => void) | undefined {
    const ch = this.channel(rt);
    if (fromRv !== undefined) {
      if (fromRv < ch.oldestRv) return undefined;
      for (let i = ch.head; i < ch.history.length; i++) {
        const ev = ch.history[i];
        if (ev && ev.rv > fromRv) deliver(w, ev);
      }
    }
    ch.watchers.add(w);
    return () => ch.watchers.delete(w);
  }

  watcherCount(): number {
    let n = 0;
    for (const ch of this.channels.values()) n += ch.watchers.size;
    return n;
  }
}

function visible(w: Watcher, obj: KubeObject | undefined): boolean {
  if (!obj) return false;
  if (w.filter.namespace !== undefined && obj.metadata.namespace !== w.filter.namespace)
    return false;
  return w.filter.matches(obj);
}

/** Selector watchers see ADDED/DELETED when an object enters or leaves their set, as the real cache does. */
function deliver(w: Watcher, ev: StoredEvent): void {
  const now = visible(w, ev.object);
  if (ev.type !== 'MODIFIED') {
    if (now) w.send(ev.type, ev.object, lineOf(ev));
    return;
  }
  const before = visible(w, ev.previous);
  if (now && before) w.send('MODIFIED', ev.object, lineOf(ev));
  else if (now) w.send('ADDED', ev.object, eventLine('ADDED', ev.object));
  else if (before) w.send('DELETED', ev.object, eventLine('DELETED', ev.object));
}

export function bookmarkObject(rt: ResourceType, rv: number, annotations?: Record<string, string>) {
  const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
  if (annotations) metadata.annotations = annotations;
  return { kind: rt.kind, apiVersion: groupVersion(rt), metadata };
}
