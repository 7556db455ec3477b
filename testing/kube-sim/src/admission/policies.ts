/**
 * ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1) as kube-apiserver's CEL admission
 * plugin runs it (staging/src/k8s.io/apiserver/pkg/admission/plugin/policy/validating): every
 * binding whose policy exists, whose `validationActions` include Deny and whose policy's
 * `matchConstraints` (and the binding's own `matchResources`) match the request; then the
 * policy's `matchConditions` (all true, else skipped), its `variables`, its `validations`.
 * A false validation denies with its `message` (or `messageExpression`, or "failed expression:
 * <expr>"); an evaluation error denies under `failurePolicy: Fail` (the default) and is ignored
 * under Ignore. The denial is the real one: `<resource> "<name>" is forbidden: ValidatingAdmissionPolicy
 * '<policy>' with binding '<binding>' denied request: <message>`, reason Invalid (422) unless the
 * validation names another reason.
 *
 * Not simulated: `paramKind`/`paramRef` (params is always null), the `authorizer` variable, type
 * checking of expressions against OpenAPI schemas (objects are dynamic maps here, so an
 * expression a real server refuses at policy creation may still run), Warn/Audit actions,
 * auditAnnotations and the policy's status (typeChecking).
 */
import { type CelResult, celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import type { AdmissionAttributes } from '../admission-types.js';
import type { Api } from '../api.js';
import { isPlainObject, type KubeObject } from '../object.js';
import { mustResource } from '../resources.js';
import { ApiError } from '../status.js';
import { namespaceMatches, objectMatches, rulesMatch } from './match.js';

export const POLICIES = mustResource('admissionregistration.k8s.io', 'validatingadmissionpolicies');
export const BINDINGS = mustResource(
  'admissionregistration.k8s.io',
  'validatingadmissionpolicybindings',
);
const NAMESPACES = mustResource('', 'namespaces');

const REASON_CODES: Record<string, number> = {
  Unauthorized: 401,
  Forbidden: 403,
  Invalid: 422,
  RequestEntityTooLarge: 413,
};

const env = celEnv();
const plans = new Map<string, ReturnType<typeof plan>>();

/** Parses and plans once per expression text; a syntax error is an evaluation error. */
function evaluate(expression: string, bindings: Record<string, unknown>): CelResult | Error {
  let run = plans.get(expression);
  if (!run) {
    try {
      run = plan(env, parse(expression));
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
    plans.set(expression, run);
  }
  try {
    return run(bindings as never);
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

const failed = (r: CelResult | Error): r is Error => r instanceof Error || isCelError(r);
const reasonOf = (r: Error) => r.message;

function list(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter(isPlainObject) : [];
}

/** What `request` holds in a policy's expressions (the AdmissionRequest fields). */
function requestOf(a: AdmissionAttributes) {
  return {
    kind: { group: a.rt.group, version: a.rt.version, kind: a.rt.kind },
    resource: { group: a.rt.group, version: a.rt.version, resource: a.rt.plural },
    subResource: a.subresource,
    name: a.name,
    namespace: a.namespace,
    operation: a.operation,
    userInfo: {
      username: a.userInfo.username,
      groups: a.userInfo.groups,
      uid: a.userInfo.uid ?? '',
    },
    dryRun: a.dryRun,
  };
}

/** Does a policy's matchConstraints (or a binding's matchResources) select the request? */
function selects(
  match: unknown,
  a: AdmissionAttributes,
  nsLabels: (name: string) => Record<string, string> | undefined,
  required: boolean,
): boolean {
  if (!isPlainObject(match)) return !required;
  const rules = list(match.resourceRules);
  if ((required || rules.length > 0) && !rulesMatch({ rules }, a)) return false;
  if (rulesMatch({ rules: list(match.excludeResourceRules) }, a)) return false;
  return namespaceMatches(match, a, nsLabels) && objectMatches(match, a);
}

/**
 * Runs every bound policy on one request; throws the first denial. `object` is the object as it
 * will be stored (after mutating admission).
 */
export function validateWithPolicies(
  api: Api,
  a: AdmissionAttributes,
  object: KubeObject | undefined,
): void {
  const bindings = api.store.list(BINDINGS, undefined);
  if (bindings.length === 0) return;
  const nsLabels = (name: string) => api.store.get(NAMESPACES, '', name)?.metadata.labels;
  const sorted = [...bindings].sort((x, y) =>
    (x.metadata.name ?? '').localeCompare(y.metadata.name ?? ''),
  );
  for (const binding of sorted) {
    const spec = isPlainObject(binding.spec) ? binding.spec : {};
    const actions = Array.isArray(spec.validationActions) ? spec.validationActions : [];
    if (!actions.includes('Deny')) continue;
    const policy = api.store.get(POLICIES, '', String(spec.policyName ?? ''));
    if (!policy || !isPlainObject(policy.spec)) continue;
    if (!selects(policy.spec.matchConstraints, a, nsLabels, true)) continue;
    if (!selects(spec.matchResources, a, nsLabels, false)) continue;
    const denied = decide(policy.spec, { ...a, object }, api);
    if (denied === undefined) continue;
    const message = `ValidatingAdmissionPolicy '${policy.metadata.name}' with binding '${binding.metadata.name}' denied request: ${denied.message}`;
    const reason = denied.reason || 'Invalid';
    const resource = a.rt.group === '' ? a.rt.plural : `${a.rt.plural}.${a.rt.group}`;
    const name = a.name || object?.metadata.name || '';
    throw new ApiError(
      REASON_CODES[reason] ?? 422,
      reason,
      `${resource} "${name}" is forbidden: ${message}`,
      {
        name,
        ...(a.rt.group === '' ? {} : { group: a.rt.group }),
        kind: a.rt.plural,
        causes: [{ message }],
      } as never,
    );
  }
}

/** One policy on one request: undefined when it allows, else why it denies. */
function decide(
  spec: Record<string, unknown>,
  a: AdmissionAttributes,
  api: Api,
): { message: string; reason?: string } | undefined {
  const failOpen = spec.failurePolicy === 'Ignore';
  const bindings: Record<string, unknown> = {
    object: a.object ?? null,
    oldObject: a.oldObject ?? null,
    request: requestOf(a),
    params: null,
    namespaceObject: a.namespace ? (api.store.get(NAMESPACES, '', a.namespace) ?? null) : null,
  };
  const error = (what: string, r: Error) =>
    failOpen ? undefined : { message: `${what} resulted in error: ${reasonOf(r)}` };
  for (const condition of list(spec.matchConditions)) {
    const r = evaluate(String(condition.expression), bindings);
    if (failed(r)) return error(`failed to evaluate match condition '${condition.name}':`, r);
    if (r !== true) return undefined;
  }
  const variables: Record<string, unknown> = {};
  bindings.variables = variables;
  for (const v of list(spec.variables)) {
    const r = evaluate(String(v.expression), bindings);
    // A variable that fails only matters to the expressions that use it (they then fail).
    if (!failed(r)) variables[String(v.name)] = r;
  }
  for (const validation of list(spec.validations)) {
    const expression = String(validation.expression);
    const r = evaluate(expression, bindings);
    if (failed(r)) {
      const denied = error(`expression '${expression}'`, r);
      if (denied) return denied;
      continue;
    }
    if (r === true) continue;
    const reason = typeof validation.reason === 'string' ? validation.reason : undefined;
    let message =
      typeof validation.message === 'string' && validation.message !== ''
        ? validation.message
        : `failed expression: ${expression}`;
    if (typeof validation.messageExpression === 'string') {
      const m = evaluate(validation.messageExpression, bindings);
      if (!failed(m) && typeof m === 'string' && m.trim() !== '') message = m;
    }
    return { message, ...(reason ? { reason } : {}) };
  }
  return undefined;
}
