import { ApiError } from './status.js';

interface FieldErr {
  type: 'FieldValueForbidden' | 'FieldValueNotSupported';
  field: string;
  detail: string;
}

const forbidden = (field: string, why: string): FieldErr => ({
  type: 'FieldValueForbidden',
  field,
  detail: `Forbidden: ${why}`,
});

const notSupported = (field: string, value: string, allowed: string[]): FieldErr => ({
  type: 'FieldValueNotSupported',
  field,
  detail: `Unsupported value: ${JSON.stringify(value)}: supported values: ${allowed.map((a) => JSON.stringify(a)).join(', ')}`,
});

const RVM = 'resourceVersionMatch';

/**
 * metainternalversion/validation.ValidateListOptions (WatchList on, as in 1.32): which
 * combinations of resourceVersion, resourceVersionMatch, sendInitialEvents and continue a list
 * or watch may use. A violation is the server's 422 on `ListOptions.meta.k8s.io ""`.
 */
export function validateListOptions(q: URLSearchParams, watch: boolean): void {
  const match = q.get(RVM) ?? '';
  const rv = q.get('resourceVersion') ?? '';
  const cont = q.get('continue') ?? '';
  const sendInitial = q.get('sendInitialEvents');
  const errs: FieldErr[] = [];
  if (watch) {
    if (sendInitial !== null && match !== 'NotOlderThan')
      errs.push(
        forbidden(RVM, 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'),
      );
    if (match !== '') {
      if (sendInitial === null)
        errs.push(
          forbidden(
            RVM,
            'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
          ),
        );
      if (match !== 'NotOlderThan') errs.push(notSupported(RVM, match, ['NotOlderThan']));
      if (cont !== '')
        errs.push(forbidden(RVM, 'resourceVersionMatch is forbidden when continue is provided'));
    }
  } else {
    if (match !== '') {
      if (rv === '')
        errs.push(
          forbidden(RVM, 'resourceVersionMatch is forbidden unless resourceVersion is provided'),
        );
      if (cont !== '')
        errs.push(forbidden(RVM, 'resourceVersionMatch is forbidden when continue is provided'));
      if (match !== 'Exact' && match !== 'NotOlderThan')
        errs.push(notSupported(RVM, match, ['Exact', 'NotOlderThan', '']));
      if (match === 'Exact' && rv === '0')
        errs.push(
          forbidden(RVM, 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'),
        );
    }
    if (sendInitial !== null)
      errs.push(forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  }
  if (errs.length === 0) return;
  const msgs = errs.map((e) => `${e.field}: ${e.detail}`);
  const summary = msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
  throw new ApiError(422, 'Invalid', `ListOptions.meta.k8s.io "" is invalid: ${summary}`, {
    group: 'meta.k8s.io',
    kind: 'ListOptions',
    causes: errs.map((e) => ({ reason: e.type, message: e.detail, field: e.field })),
  });
}
