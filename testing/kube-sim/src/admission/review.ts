import type { AdmissionAttributes } from '../admission-types.js';
import { toScale } from '../scale.js';

/** An admission.k8s.io/v1 AdmissionReview request, as the real apiserver fills it. */
export function buildReview(uid: string, a: AdmissionAttributes) {
  const scale = a.subresource === 'scale';
  const kind = scale
    ? { group: 'autoscaling', version: 'v1', kind: 'Scale' }
    : { group: a.rt.group, version: a.rt.version, kind: a.rt.kind };
  const resource = { group: a.rt.group, version: a.rt.version, resource: a.rt.plural };
  const optionsKind =
    a.operation === 'CREATE'
      ? 'CreateOptions'
      : a.operation === 'UPDATE'
        ? 'UpdateOptions'
        : 'DeleteOptions';
  const view = (o: typeof a.object) =>
    o && scale && o.kind !== 'Scale' ? toScale(o) : (o ?? null);
  const request: Record<string, unknown> = {
    uid,
    kind,
    resource,
    requestKind: kind,
    requestResource: resource,
    name: a.name,
    operation: a.operation,
    userInfo: a.userInfo,
    object: view(a.object),
    oldObject: view(a.oldObject),
    dryRun: a.dryRun,
    // A patch reaches admission as UpdateOptions (patchToUpdateOptions keeps dryRun,
    // fieldManager and fieldValidation), so only what the client sent is echoed.
    options: { kind: optionsKind, apiVersion: 'meta.k8s.io/v1', ...a.options },
  };
  if (a.subresource) {
    request.subResource = a.subresource;
    request.requestSubResource = a.subresource;
  }
  if (a.rt.namespaced) request.namespace = a.namespace;
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request };
}
