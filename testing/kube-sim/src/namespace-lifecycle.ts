import type { KubeObject } from './object.js';
import { clone } from './object.js';
import type { DeleteOptions } from './registry-support.js';
import type { ResourceType } from './resources.js';
import { mustResource } from './resources.js';
import { ApiError, forbidden, notFound } from './status.js';
import type { Store } from './store.js';

const NS = mustResource('', 'namespaces');

/** NamespaceLifecycle's immortal namespaces (kube-apiserver's defaults). */
const IMMORTAL = new Set(['default', 'kube-system', 'kube-public']);

/**
 * NamespaceLifecycle admission for a create: no content in a namespace that does not exist
 * (404 on the namespace) or whose phase is Terminating (403 with the NamespaceTerminating
 * cause). It is a mutating plugin, so it answers before the object is even validated; a name
 * still to be generated is reported as its generateName.
 */
export function admitCreateInNamespace(
  store: Store,
  rt: ResourceType,
  ns: string,
  name: string,
): void {
  if (!rt.namespaced) return;
  const nsObj = store.get(NS, '', ns);
  if (!nsObj) throw notFound(NS, ns);
  if (nsObj.status?.phase !== 'Terminating') return;
  const err = forbidden(
    rt,
    name,
    `unable to create new content in namespace ${ns} because it is being terminated`,
  );
  throw new ApiError(err.code, err.reason, err.message, {
    ...err.details,
    causes: [
      {
        reason: 'NamespaceTerminating',
        message: `namespace ${ns} is being terminated`,
        field: 'metadata.namespace',
      },
    ],
  });
}

/** NamespaceLifecycle for a DELETE: the immortal namespaces are Forbidden. */
export function admitNamespaceDelete(name: string): void {
  if (IMMORTAL.has(name)) throw forbidden(NS, name, 'this namespace may not be deleted');
}

/**
 * The first DELETE of a namespace (pkg/registry/core/namespace/storage REST.Delete): it is not
 * removed but marked — deletionTimestamp now (no grace period), phase Terminating — and the
 * orphan / foregroundDeletion finalizers follow the propagation policy. The namespace
 * controller then empties it; the `kubernetes` spec finalizer keeps it until that is done.
 */
export function beginTermination(cur: KubeObject, options: DeleteOptions, now: string): KubeObject {
  const next = clone(cur);
  next.metadata.deletionTimestamp = now;
  next.status = { ...next.status, phase: 'Terminating' };
  const have = new Set(next.metadata.finalizers ?? []);
  const policy = options.propagationPolicy;
  const want = (finalizer: string, when: string) =>
    policy === undefined ? have.has(finalizer) : policy === when;
  const orphan = want('orphan', 'Orphan');
  const foreground = want('foregroundDeletion', 'Foreground');
  if (orphan !== have.has('orphan') || foreground !== have.has('foregroundDeletion')) {
    const kept = [...have].filter((f) => f !== 'orphan' && f !== 'foregroundDeletion');
    if (orphan) kept.push('orphan');
    if (foreground) kept.push('foregroundDeletion');
    next.metadata.finalizers = kept;
    if (kept.length === 0) delete next.metadata.finalizers;
  }
  return next;
}

/** A namespace is finalized once its spec finalizers are all gone. */
export function finalized(ns: KubeObject): boolean {
  const f = ns.spec?.finalizers;
  return !Array.isArray(f) || f.length === 0;
}
