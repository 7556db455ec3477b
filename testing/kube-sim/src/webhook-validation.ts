import type { KubeObject } from './object.js';
import { isPlainObject } from './object.js';
import type { FieldCause } from './status.js';

const SIDE_EFFECTS = ['None', 'NoneOnDryRun'];
const OPERATIONS = ['*', 'CREATE', 'UPDATE', 'DELETE', 'CONNECT'];

function required(field: string, detail = 'Required value'): FieldCause {
  return { type: 'FieldValueRequired', field, detail };
}

function invalid(field: string, value: unknown, msg: string): FieldCause {
  return {
    type: 'FieldValueInvalid',
    field,
    detail: `Invalid value: ${JSON.stringify(value)}: ${msg}`,
  };
}

function clientConfigCauses(cc: unknown, field: string): FieldCause[] {
  if (!isPlainObject(cc))
    return [required(field, 'Required value: exactly one of url or service is required')];
  const hasUrl = typeof cc.url === 'string';
  const hasService = isPlainObject(cc.service);
  if (hasUrl === hasService)
    return [required(field, 'Required value: exactly one of url or service is required')];
  if (hasUrl) {
    const url = String(cc.url);
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      return [invalid(`${field}.url`, url, 'host must be specified')];
    }
    if (parsed.protocol !== 'https:')
      return [invalid(`${field}.url`, url, "'https' is the only allowed URL scheme")];
    return [];
  }
  const svc = cc.service as Record<string, unknown>;
  const out: FieldCause[] = [];
  if (!svc.name)
    out.push(required(`${field}.service.name`, 'Required value: service name is required'));
  if (!svc.namespace)
    out.push(
      required(`${field}.service.namespace`, 'Required value: service namespace is required'),
    );
  const port = svc.port;
  if (port !== undefined && (typeof port !== 'number' || port < 1 || port > 65535)) {
    out.push(
      invalid(
        `${field}.service.port`,
        port,
        'port is not valid: must be between 1 and 65535, inclusive',
      ),
    );
  }
  return out;
}

/**
 * ValidateMutating/ValidatingWebhookConfiguration (admissionregistration/v1): what kube-apiserver
 * refuses when a chart registers its webhooks.
 */
export function webhookConfigCauses(o: KubeObject): FieldCause[] {
  const hooks = Array.isArray(o.webhooks) ? o.webhooks : [];
  const out: FieldCause[] = [];
  const seen = new Set<string>();
  hooks.forEach((h, i) => {
    const f = `webhooks[${i}]`;
    if (!isPlainObject(h)) {
      out.push(required(f));
      return;
    }
    const name = typeof h.name === 'string' ? h.name : '';
    if (name === '') out.push(required(`${f}.name`));
    else if (name.split('.').length < 3) {
      out.push(
        invalid(
          `${f}.name`,
          name,
          'should be a domain with at least three segments separated by dots',
        ),
      );
    } else if (seen.has(name)) {
      out.push({
        type: 'FieldValueInvalid',
        field: `${f}.name`,
        detail: `Duplicate value: ${JSON.stringify(name)}`,
      });
    }
    seen.add(name);
    if (h.sideEffects === undefined) {
      out.push(
        required(`${f}.sideEffects`, 'Required value: must specify one of None, NoneOnDryRun'),
      );
    } else if (!SIDE_EFFECTS.includes(String(h.sideEffects))) {
      out.push({
        type: 'FieldValueNotSupported',
        field: `${f}.sideEffects`,
        detail: `Unsupported value: ${JSON.stringify(h.sideEffects)}: supported values: "None", "NoneOnDryRun"`,
      });
    }
    const versions = Array.isArray(h.admissionReviewVersions) ? h.admissionReviewVersions : [];
    if (!versions.some((v) => v === 'v1' || v === 'v1beta1')) {
      out.push(
        required(`${f}.admissionReviewVersions`, 'Required value: must specify one of v1, v1beta1'),
      );
    }
    const timeout = h.timeoutSeconds;
    if (typeof timeout === 'number' && (timeout < 1 || timeout > 30)) {
      out.push(
        invalid(
          `${f}.timeoutSeconds`,
          timeout,
          'the timeout value must be between 1 and 30 seconds',
        ),
      );
    }
    out.push(...clientConfigCauses(h.clientConfig, `${f}.clientConfig`));
    const rules = Array.isArray(h.rules) ? h.rules : [];
    rules.forEach((r, j) => {
      if (!isPlainObject(r)) return;
      const rf = `${f}.rules[${j}]`;
      const ops = Array.isArray(r.operations) ? r.operations : [];
      if (ops.length === 0) out.push(required(`${rf}.operations`));
      for (const op of ops) {
        if (!OPERATIONS.includes(String(op))) {
          out.push({
            type: 'FieldValueNotSupported',
            field: `${rf}.operations`,
            detail: `Unsupported value: ${JSON.stringify(op)}: supported values: "*", "CONNECT", "CREATE", "DELETE", "UPDATE"`,
          });
        }
      }
      for (const key of ['apiGroups', 'apiVersions', 'resources']) {
        if (!Array.isArray(r[key]) || (r[key] as unknown[]).length === 0)
          out.push(required(`${rf}.${key}`));
      }
    });
  });
  return out;
}
