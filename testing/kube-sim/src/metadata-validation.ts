import type { FieldCause } from './status.js';

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const NAME_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const PREFIX_MSG =
  "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function invalid(field: string, value: string, msg: string): FieldCause {
  return {
    type: 'FieldValueInvalid',
    field,
    detail: `Invalid value: ${JSON.stringify(value)}: ${msg}`,
  };
}

/** IsQualifiedName: `[prefix/]name`, as label and annotation keys must be. */
function keyCauses(key: string, field: string): FieldCause[] {
  const parts = key.split('/');
  if (parts.length > 2) {
    return [
      invalid(
        field,
        key,
        "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ),
    ];
  }
  const name = parts[parts.length - 1] ?? '';
  const prefix = parts.length === 2 ? (parts[0] ?? '') : undefined;
  const out: FieldCause[] = [];
  if (prefix !== undefined) {
    if (prefix === '') out.push(invalid(field, key, 'prefix part must be non-empty'));
    else if (prefix.length > 253 || !SUBDOMAIN.test(prefix))
      out.push(invalid(field, key, PREFIX_MSG));
  }
  if (name === '') out.push(invalid(field, key, 'name part must be non-empty'));
  else if (name.length > 63)
    out.push(invalid(field, key, 'name part must be no more than 63 characters'));
  else if (!NAME.test(name)) out.push(invalid(field, key, NAME_MSG));
  return out;
}

/** ValidateLabels: qualified-name keys, values of at most 63 label characters. */
export function labelCauses(labels: unknown, field: string): FieldCause[] {
  if (typeof labels !== 'object' || labels === null) return [];
  const out: FieldCause[] = [];
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    out.push(...keyCauses(k, field));
    const value = String(v ?? '');
    if (value.length > 63) out.push(invalid(field, value, 'must be no more than 63 characters'));
    else if (!VALUE.test(value)) out.push(invalid(field, value, VALUE_MSG));
  }
  return out;
}

/** ValidateAnnotations: qualified-name keys and at most 256 KiB in total; values are free. */
export function annotationCauses(annotations: unknown, field: string): FieldCause[] {
  if (typeof annotations !== 'object' || annotations === null) return [];
  const out: FieldCause[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations as Record<string, unknown>)) {
    out.push(...keyCauses(k.toLowerCase(), field));
    size += k.length + String(v ?? '').length;
  }
  if (size > 262_144) {
    out.push({
      type: 'FieldValueInvalid',
      field,
      detail: 'Too long: must have at most 262144 bytes',
    });
  }
  return out;
}

/** IsQualifiedName's messages joined as validateLabelKey joins them, or undefined when valid. */
export function labelKeyErrors(key: string): string | undefined {
  const prefix = `Invalid value: ${JSON.stringify(key)}: `;
  const msgs = keyCauses(key, '').map((c) => c.detail.slice(prefix.length));
  return msgs.length > 0 ? msgs.join('; ') : undefined;
}

/** IsValidLabelValue's messages joined with "; ", or undefined when valid. */
export function labelValueErrors(value: string): string | undefined {
  const msgs: string[] = [];
  if (value.length > 63) msgs.push('must be no more than 63 characters');
  if (!VALUE.test(value)) msgs.push(VALUE_MSG);
  return msgs.length > 0 ? msgs.join('; ') : undefined;
}
