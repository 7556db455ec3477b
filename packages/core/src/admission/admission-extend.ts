import { ANNOTATIONS } from '../common/annotations.js';
import { parseSku } from '../time-bombs/sku.js';
import { at, isRecord, stringAt } from './admission-object.js';
import type { TimeBombHolder } from './admission-target.js';
import type { AdmissionInput } from './admission-types.js';

/** What the messages suggest; an hour is the Extend button's shortest choice too. */
export const EXTEND_EXAMPLE = '1h';
export const DEFAULT_SLASH_COMMAND = '/devenv';

/**
 * How to extend an expired object, both ways: the Slack slash command (by SKU, the only way
 * `extend` selects workloads) and a kubectl command that works whatever the current timer is.
 * Setting the timer alone would not do when it already reads `1h` (no change, no new stamp), so
 * every command also removes `valid-until`, which makes the mutating webhook stamp afresh.
 */
export function extendAdvice(
  input: AdmissionInput,
  holder: TimeBombHolder,
  sku: string | undefined,
  slashCommand: string,
): string {
  return `To extend it, ${slashAdvice(sku, slashCommand)}; or with kubectl: ${kubectlAdvice(input, holder)}`;
}

function slashAdvice(sku: string | undefined, slashCommand: string): string {
  const path = validSku(sku);
  if (path !== null) return `in Slack run \`${slashCommand} extend ${path} ${EXTEND_EXAMPLE}\``;
  return (
    `give it an SKU (${ANNOTATIONS.sku}: /team/app next to the timer) so Slack's ` +
    `\`${slashCommand} extend <sku> <duration>\` can select it`
  );
}

function validSku(sku: string | undefined): string | null {
  if (sku === undefined) return null;
  try {
    return parseSku(sku).path;
  } catch {
    return null;
  }
}

const TEMPLATE_PATCH = JSON.stringify({
  spec: {
    template: {
      metadata: {
        annotations: { [ANNOTATIONS.timer]: EXTEND_EXAMPLE, [ANNOTATIONS.validUntil]: null },
      },
    },
  },
});
const POD_ANNOTATE = `--overwrite ${ANNOTATIONS.timer}=${EXTEND_EXAMPLE} ${ANNOTATIONS.validUntil}-`;

function kubectlAdvice(input: AdmissionInput, holder: TimeBombHolder): string {
  const ns = input.namespace;
  const owner = holder === 'pod' ? controllerOf(input.object) : null;
  if (owner !== null) {
    // A Pod a controller creates gets its validity from the owner's template: extend that.
    return `\`kubectl patch ${owner} -n ${ns} --type=merge -p '${TEMPLATE_PATCH}'\``;
  }
  const resource = `${input.kind.kind.toLowerCase()}/${input.name}`;
  if (input.operation === 'UPDATE') {
    return holder === 'pod'
      ? `\`kubectl annotate ${resource} -n ${ns} ${POD_ANNOTATE}\``
      : `\`kubectl patch ${resource} -n ${ns} --type=merge -p '${TEMPLATE_PATCH}'\``;
  }
  // CREATE: nothing exists yet to patch; the manifest carries a stale valid-until.
  const edit =
    holder === 'pod'
      ? `kubectl annotate --local -f <manifest> -o yaml ${POD_ANNOTATE}`
      : `kubectl patch --local -f <manifest> -o yaml --type=merge -p '${TEMPLATE_PATCH}'`;
  return `\`${edit} | kubectl create -f -\` (sets a new timer and drops the stale ${ANNOTATIONS.validUntil})`;
}

/**
 * `deployment/web` for a Pod of a Deployment's ReplicaSet (the ReplicaSet is named
 * `<deployment>-<pod-template-hash>`), else the controller itself; null for a bare Pod.
 */
function controllerOf(pod: unknown): string | null {
  const owners = at(pod, 'metadata', 'ownerReferences');
  const owner = Array.isArray(owners)
    ? owners.find((o) => isRecord(o) && o.controller === true)
    : undefined;
  const kind = stringAt(owner, 'kind');
  const name = stringAt(owner, 'name');
  if (kind === undefined || name === undefined) return null;
  const hash = stringAt(pod, 'metadata', 'labels', 'pod-template-hash');
  if (kind === 'ReplicaSet' && hash !== undefined && name.endsWith(`-${hash}`)) {
    return `deployment/${name.slice(0, -hash.length - 1)}`;
  }
  return `${kind.toLowerCase()}/${name}`;
}
