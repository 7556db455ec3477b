import { randomUUID } from 'node:crypto';
import type { AdmissionAttributes, Admit } from '../admission-types.js';
import type { Api } from '../api.js';
import type { KubeObject } from '../object.js';
import { isPlainObject } from '../object.js';
import { PatchError } from '../patch/errors.js';
import { applyJsonPatch } from '../patch/json-patch.js';
import { mustResource } from '../resources.js';
import { ApiError, internal } from '../status.js';
import { callWebhook, WebhookCallError } from './call.js';
import { namespaceMatches, objectMatches, rulesMatch } from './match.js';
import { BINDINGS, POLICIES, validateWithPolicies } from './policies.js';
import { buildReview } from './review.js';

export interface AdmissionOptions {
  now: () => number;
  /** Turns a webhook's `clientConfig.service` into a base URL (there is no cluster network here). */
  resolveService?: (svc: {
    namespace: string;
    name: string;
    port: number;
    path: string;
  }) => string | undefined;
}

const MUTATING = mustResource('admissionregistration.k8s.io', 'mutatingwebhookconfigurations');
const VALIDATING = mustResource('admissionregistration.k8s.io', 'validatingwebhookconfigurations');
const NAMESPACES = mustResource('', 'namespaces');

interface Hook {
  name: string;
  spec: Record<string, unknown>;
}

function hooks(api: Api, rt: typeof MUTATING): Hook[] {
  return api.store
    .list(rt, undefined)
    .flatMap((cfg) => (Array.isArray(cfg.webhooks) ? cfg.webhooks : []))
    .filter(isPlainObject)
    .map((spec) => ({ name: String(spec.name), spec }));
}

function webhookUrl(h: Hook, opts: AdmissionOptions): string {
  const cc = isPlainObject(h.spec.clientConfig) ? h.spec.clientConfig : {};
  if (typeof cc.url === 'string') return cc.url;
  if (isPlainObject(cc.service)) {
    const svc = {
      namespace: String(cc.service.namespace),
      name: String(cc.service.name),
      port: typeof cc.service.port === 'number' ? cc.service.port : 443,
      path: typeof cc.service.path === 'string' ? cc.service.path : '/',
    };
    const base = opts.resolveService?.(svc);
    if (base) return `${base.replace(/\/$/, '')}${svc.path}`;
    throw new WebhookCallError(
      `failed to call webhook: service ${svc.namespace}/${svc.name}:${svc.port} cannot be reached from kube-sim; pass resolveService or use clientConfig.url`,
    );
  }
  throw new WebhookCallError('failed to call webhook: clientConfig has neither url nor service');
}

/** The denial a client sees, exactly as webhookerrors.ToStatusErr builds it. */
function denial(
  name: string,
  status: NonNullable<Awaited<ReturnType<typeof callWebhook>>['status']> | undefined,
) {
  const by = `admission webhook "${name}" denied the request`;
  const code = status?.code && status.code >= 400 ? status.code : 400;
  const message = status?.message
    ? `${by}: ${status.message}`
    : status?.reason
      ? `${by}: ${status.reason}`
      : `${by} without explanation`;
  return new ApiError(code, status?.reason ?? '', message, status?.details as never);
}

/**
 * Admission as kube-apiserver runs it for webhooks and policies: every matching mutating webhook
 * in order (configurations by name), applying JSONPatch responses, then ValidatingAdmissionPolicies
 * and the validating webhooks on the final object. Call failures obey failurePolicy.
 */
export function createAdmission(api: Api, opts: AdmissionOptions): Admit {
  const nsLabels = (name: string) => api.store.get(NAMESPACES, '', name)?.metadata.labels;
  const matching = (list: Hook[], a: AdmissionAttributes) =>
    list.filter(
      (h) =>
        rulesMatch(h.spec, a) && namespaceMatches(h.spec, a, nsLabels) && objectMatches(h.spec, a),
    );

  async function invoke(h: Hook, a: AdmissionAttributes, object: KubeObject | undefined) {
    const timeout = typeof h.spec.timeoutSeconds === 'number' ? h.spec.timeoutSeconds : 10;
    const uid = randomUUID();
    try {
      const caBundle =
        isPlainObject(h.spec.clientConfig) && typeof h.spec.clientConfig.caBundle === 'string'
          ? h.spec.clientConfig.caBundle
          : undefined;
      const res = await callWebhook(
        webhookUrl(h, opts),
        caBundle,
        buildReview(uid, { ...a, object }),
        timeout,
      );
      if (res.uid !== undefined && res.uid !== uid) {
        throw new WebhookCallError(
          `received invalid webhook response: expected response.uid="${uid}", got "${res.uid}"`,
        );
      }
      return res;
    } catch (e) {
      if (!(e instanceof WebhookCallError)) throw e;
      if (h.spec.failurePolicy === 'Ignore') return undefined;
      throw internal(`failed calling webhook "${h.name}": ${e.message}`);
    }
  }

  return async (a) => {
    // Admission configuration is never subject to admission (no lock-out), as upstream.
    if (a.rt === MUTATING || a.rt === VALIDATING || a.rt === POLICIES || a.rt === BINDINGS) {
      return a.object;
    }
    let object = a.object;
    for (const h of matching(hooks(api, MUTATING), a)) {
      const res = await invoke(h, a, object);
      if (!res) continue;
      if (!res.allowed) throw denial(h.name, res.status);
      if (res.patch && object) {
        if (res.patchType !== undefined && res.patchType !== 'JSONPatch') {
          throw internal(
            `failed calling webhook "${h.name}": unsupported patch type "${res.patchType}"`,
          );
        }
        try {
          const ops = JSON.parse(Buffer.from(res.patch, 'base64').toString('utf8')) as unknown;
          object = applyJsonPatch(object, ops) as KubeObject;
        } catch (e) {
          if (e instanceof PatchError || e instanceof SyntaxError) {
            throw internal(
              `failed calling webhook "${h.name}": failed to apply patch: ${e.message}`,
            );
          }
          throw e;
        }
      }
    }
    // The CEL admission plugin runs before the validating webhooks (plugin order upstream).
    validateWithPolicies(api, a, object);
    const validating = matching(hooks(api, VALIDATING), { ...a, object });
    const results = await Promise.all(
      validating.map((h) => invoke(h, a, object).then((r) => [h, r] as const)),
    );
    for (const [h, r] of results) if (r && !r.allowed) throw denial(h.name, r.status);
    return object;
  };
}
