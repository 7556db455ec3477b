import { parseCron } from './cron.js';
import { goStringMap } from './go-format.js';
import { annotationCauses, labelCauses } from './metadata-validation.js';
import type { KubeObject } from './object.js';
import { getPath, isPlainObject } from './object.js';
import type { ResourceType } from './resources.js';
import { fromLabelSelector, matchLabels } from './selectors.js';
import {
  containerNameCauses,
  containerPortCauses,
  dataKeyCauses,
  leaseCauses,
  serviceCauses,
} from './spec-validation.js';
import type { FieldCause } from './status.js';
import { invalid } from './status.js';
import { webhookConfigCauses } from './webhook-validation.js';

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

function nameCauses(rt: ResourceType, name: string): FieldCause[] {
  // Service names must be DNS-1035 labels (they become DNS names and env var prefixes).
  if (rt.kind === 'Service' && (name.length > 63 || !DNS1035.test(name))) {
    return [
      {
        type: 'FieldValueInvalid',
        field: 'metadata.name',
        detail: `Invalid value: "${name}": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
      },
    ];
  }
  if (rt.kind === 'Namespace' || rt.kind === 'Service') {
    if (name.length > 63 || !LABEL.test(name)) {
      return [
        {
          type: 'FieldValueInvalid',
          field: 'metadata.name',
          detail: `Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
        },
      ];
    }
    return [];
  }
  if (name.length > 253 || !SUBDOMAIN.test(name)) {
    return [
      {
        type: 'FieldValueInvalid',
        field: 'metadata.name',
        detail: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      },
    ];
  }
  return [];
}

function templateCauses(o: KubeObject): FieldCause[] {
  const out: FieldCause[] = [];
  const selector = getPath(o, 'spec.selector');
  if (!isPlainObject(selector)) {
    out.push({ type: 'FieldValueRequired', field: 'spec.selector', detail: 'Required value' });
    return out;
  }
  const labels = getPath(o, 'spec.template.metadata.labels');
  const sel = fromLabelSelector(selector) ?? [];
  if (sel.length === 0) {
    out.push({
      type: 'FieldValueInvalid',
      field: 'spec.selector',
      detail:
        'Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    });
  } else if (!matchLabels(sel, isPlainObject(labels) ? (labels as Record<string, string>) : {})) {
    out.push({
      type: 'FieldValueInvalid',
      field: 'spec.template.metadata.labels',
      detail: `Invalid value: ${goStringMap(labels)}: \`selector\` does not match template \`labels\``,
    });
  }
  out.push(
    ...containerCauses(
      getPath(o, 'spec.template.spec.containers'),
      'spec.template.spec.containers',
    ),
  );
  return out;
}

function containerCauses(cs: unknown, field: string): FieldCause[] {
  if (!Array.isArray(cs) || cs.length === 0) {
    return [{ type: 'FieldValueRequired', field, detail: 'Required value' }];
  }
  const out: FieldCause[] = [];
  const seen = new Set<string>();
  // Per container, in validateContainers' order: name, image, then ports.
  cs.forEach((c, i) => {
    const path = `${field}[${i}]`;
    if (!isPlainObject(c) || typeof c.name !== 'string' || c.name === '') {
      out.push({ type: 'FieldValueRequired', field: `${path}.name`, detail: 'Required value' });
    } else out.push(...containerNameCauses(c.name, `${path}.name`, seen));
    if (!isPlainObject(c) || typeof c.image !== 'string' || c.image === '') {
      out.push({ type: 'FieldValueRequired', field: `${path}.image`, detail: 'Required value' });
    }
    if (isPlainObject(c)) out.push(...containerPortCauses(c, path));
  });
  return out;
}

/** The validation a real registry does that clients can observe; throws 422 Invalid. */
export function validate(rt: ResourceType, o: KubeObject): void {
  const causes = validationCauses(rt, o);
  if (causes.length > 0) throw invalid(rt, o.metadata.name ?? '', causes);
}

/** What ValidateX reports for an object, in the real order where it matters. */
export function validationCauses(rt: ResourceType, o: KubeObject): FieldCause[] {
  const name = o.metadata.name ?? '';
  const causes: FieldCause[] = [];
  if (name === '') {
    causes.push({
      type: 'FieldValueRequired',
      field: 'metadata.name',
      detail: 'Required value: name or generateName is required',
    });
  } else causes.push(...nameCauses(rt, name));
  switch (rt.kind) {
    case 'Pod':
      causes.push(...containerCauses(getPath(o, 'spec.containers'), 'spec.containers'));
      break;
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet':
      causes.push(...templateCauses(o));
      break;
    case 'Job':
    case 'CronJob': {
      const base = rt.kind === 'Job' ? 'spec.template' : 'spec.jobTemplate.spec.template';
      const rp = getPath(o, `${base}.spec.restartPolicy`);
      if (rp !== 'OnFailure' && rp !== 'Never') {
        causes.push({
          type: rp === undefined ? 'FieldValueRequired' : 'FieldValueNotSupported',
          field: `${base}.spec.restartPolicy`,
          detail:
            rp === undefined
              ? 'Required value: valid values: "OnFailure", "Never"'
              : `Unsupported value: "${String(rp)}": supported values: "OnFailure", "Never"`,
        });
      }
      causes.push(
        ...containerCauses(getPath(o, `${base}.spec.containers`), `${base}.spec.containers`),
      );
      if (rt.kind === 'CronJob') {
        const schedule = getPath(o, 'spec.schedule');
        try {
          parseCron(String(schedule ?? ''));
        } catch (e) {
          causes.push({
            type: schedule === undefined ? 'FieldValueRequired' : 'FieldValueInvalid',
            field: 'spec.schedule',
            detail:
              schedule === undefined
                ? 'Required value'
                : `Invalid value: "${String(schedule)}": ${(e as Error).message}`,
          });
        }
      }
      break;
    }
  }
  causes.push(...labelCauses(o.metadata.labels, 'metadata.labels'));
  causes.push(...annotationCauses(o.metadata.annotations, 'metadata.annotations'));
  const tplMeta = getPath(o, 'spec.template.metadata');
  if (isPlainObject(tplMeta)) {
    causes.push(...labelCauses(tplMeta.labels, 'spec.template.metadata.labels'));
    causes.push(...annotationCauses(tplMeta.annotations, 'spec.template.metadata.annotations'));
  }
  if (rt.kind === 'Event') causes.push(...eventCauses(o));
  if (rt.kind === 'ConfigMap') causes.push(...dataKeyCauses(o, ['data', 'binaryData']));
  if (rt.kind === 'Secret') causes.push(...dataKeyCauses(o, ['data']));
  if (rt.kind === 'Lease') causes.push(...leaseCauses(o));
  if (rt.kind === 'Service') causes.push(...serviceCauses(o));
  if (rt.kind === 'MutatingWebhookConfiguration' || rt.kind === 'ValidatingWebhookConfiguration') {
    causes.push(...webhookConfigCauses(o));
  }
  const replicas = getPath(o, 'spec.replicas');
  if (typeof replicas === 'number' && replicas < 0) {
    causes.push({
      type: 'FieldValueInvalid',
      field: 'spec.replicas',
      detail: `Invalid value: ${replicas}: must be greater than or equal to 0`,
    });
  }
  return causes;
}

/**
 * core/v1 Event rules (legacyValidateEvent): the Event must live in its involved object's
 * namespace — for a cluster-scoped object (a Namespace, a Node) that means `default` (or
 * kube-system for new-style events with eventTime), not the namespace being described.
 */
function eventCauses(o: KubeObject): FieldCause[] {
  const ns = o.metadata.namespace ?? '';
  const involvedNs = String(getPath(o, 'involvedObject.namespace') ?? '');
  const eventTime = getPath(o, 'eventTime');
  const mismatch: FieldCause = {
    type: 'FieldValueInvalid',
    field: 'involvedObject.namespace',
    detail: `Invalid value: ${JSON.stringify(involvedNs)}: does not match event.namespace`,
  };
  if (eventTime === undefined || eventTime === null || eventTime === '') {
    if (involvedNs === '') return ns === '' || ns === 'default' ? [] : [mismatch];
    return ns === involvedNs ? [] : [mismatch];
  }
  const out: FieldCause[] = [];
  if (involvedNs === '' && ns !== 'default' && ns !== 'kube-system') out.push(mismatch);
  for (const f of ['reportingComponent', 'reportingInstance', 'action', 'reason']) {
    const v = getPath(o, f);
    if (typeof v !== 'string' || v === '')
      out.push({ type: 'FieldValueRequired', field: f, detail: 'Required value' });
  }
  return out;
}
