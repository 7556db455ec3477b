import type { UnknownField } from './known-fields.js';
import { unknownFields } from './known-fields.js';
import type { ResourceType } from './resources.js';
import { badRequest } from './status.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** `?fieldValidation`: kubectl sends Strict (its --validate=strict); absent means Warn. */
export function fieldValidation(q: URLSearchParams): FieldValidation {
  const v = q.get('fieldValidation') ?? '';
  if (v === '' || v === 'Warn') return 'Warn';
  if (v === 'Strict' || v === 'Ignore') return v;
  throw badRequest(
    `fieldValidation: Unsupported value: ${JSON.stringify(v)}: supported values: "Ignore", "Strict", "Warn"`,
  );
}

const quoted = (u: UnknownField[]) => u.map((f) => `unknown field "${f.json}"`);

/**
 * Server-side field validation of a decoded body (or a merge/strategic patch): Strict refuses
 * unknown fields with the strict decoder's 400, Warn returns them as `Warning: 299` headers,
 * which kubectl prints as `Warning: unknown field "spec.foo"`.
 * `asObject` names the create/update wording (`Deployment in version "v1" cannot be handled as
 * a Deployment: …`); patches get the bare strict decoding error. Otherwise the unknown fields
 * are removed from `body`, since a real server never stores what its types cannot hold.
 */
export function checkUnknownFields(
  rt: ResourceType,
  body: unknown,
  mode: FieldValidation,
  asObject: boolean,
): string[] {
  const unknown = unknownFields(rt.kind, body, mode !== 'Strict');
  if (unknown.length === 0 || mode === 'Ignore') return [];
  if (mode === 'Warn') return quoted(unknown);
  const strict = `strict decoding error: ${quoted(unknown).join(', ')}`;
  throw badRequest(
    asObject
      ? `${rt.kind} in version "${rt.version}" cannot be handled as a ${rt.kind}: ${strict}`
      : strict,
  );
}

/** RFC 7234 warn-code 299 with the agent `-`, as the apiserver's warning recorder writes them. */
export function warningHeaders(messages: string[]): string[] {
  return messages.map((m) => `299 - ${JSON.stringify(m)}`);
}
