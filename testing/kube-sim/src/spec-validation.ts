import type { KubeObject } from './object.js';
import { isPlainObject } from './object.js';
import type { FieldCause } from './status.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

const invalid = (field: string, value: unknown, msg: string): FieldCause => ({
  type: 'FieldValueInvalid',
  field,
  detail: `Invalid value: ${typeof value === 'string' ? JSON.stringify(value) : String(value)}: ${msg}`,
});

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** validateContainers' name check for container `i`: a DNS-1123 label, unique in the pod. */
export function containerNameCauses(name: string, path: string, seen: Set<string>): FieldCause[] {
  const out: FieldCause[] = [];
  if (seen.has(name)) {
    out.push({
      type: 'FieldValueDuplicate',
      field: path,
      detail: `Duplicate value: ${JSON.stringify(name)}`,
    });
  } else if (name.length > 63) {
    out.push(invalid(path, name, 'must be no more than 63 characters'));
  } else if (!DNS1123_LABEL.test(name)) {
    out.push(invalid(path, name, LABEL_MSG));
  }
  seen.add(name);
  return out;
}

/** validateContainerPorts: a containerPort is required and must be a valid port number. */
export function containerPortCauses(c: Record<string, unknown>, path: string): FieldCause[] {
  const out: FieldCause[] = [];
  const ports = Array.isArray(c.ports) ? c.ports : [];
  ports.forEach((p, j) => {
    if (!isPlainObject(p)) return;
    const pp = `${path}.ports[${j}].containerPort`;
    const n = p.containerPort;
    if (n === undefined || n === 0)
      out.push({ type: 'FieldValueRequired', field: pp, detail: 'Required value' });
    else if (typeof n === 'number' && (n < 1 || n > 65535))
      out.push(invalid(pp, n, 'must be between 1 and 65535, inclusive'));
  });
  return out;
}

/** ValidateConfigMap / ValidateSecret: every key of data (and binaryData) is a config key. */
export function dataKeyCauses(o: KubeObject, fields: string[]): FieldCause[] {
  const out: FieldCause[] = [];
  for (const f of fields) {
    const data = (o as Record<string, unknown>)[f];
    if (!isPlainObject(data)) continue;
    for (const k of Object.keys(data)) {
      const path = `${f}[${k}]`;
      if (k.length > 253) out.push(invalid(path, k, 'must be no more than 253 characters'));
      if (!CONFIG_KEY.test(k))
        out.push(
          invalid(
            path,
            k,
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
          ),
        );
      if (k === '.') out.push(invalid(path, k, "must not be '.'"));
      else if (k === '..') out.push(invalid(path, k, "must not be '..'"));
      else if (k.startsWith('..')) out.push(invalid(path, k, "must not start with '..'"));
    }
  }
  return out;
}

/** ValidateLeaseSpec: a duration must be positive and the transition count not negative. */
export function leaseCauses(o: KubeObject): FieldCause[] {
  const spec = isPlainObject(o.spec) ? o.spec : {};
  const out: FieldCause[] = [];
  const d = spec.leaseDurationSeconds;
  if (typeof d === 'number' && d <= 0)
    out.push(invalid('spec.leaseDurationSeconds', d, 'must be greater than 0'));
  const t = spec.leaseTransitions;
  if (typeof t === 'number' && t < 0)
    out.push(invalid('spec.leaseTransitions', t, 'must be greater than or equal to 0'));
  return out;
}

/** ValidateService's most common complaint: a non-headless, non-ExternalName Service needs ports. */
export function serviceCauses(o: KubeObject): FieldCause[] {
  const spec = isPlainObject(o.spec) ? o.spec : {};
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  if (ports.length > 0 || spec.type === 'ExternalName' || spec.clusterIP === 'None') return [];
  return [{ type: 'FieldValueRequired', field: 'spec.ports', detail: 'Required value' }];
}
