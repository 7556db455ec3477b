/** Reading the charts the way helm does, for tests that cannot run helm itself. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { AGENT_CHART_DIR, HUB_CHART_DIR } from '../../src/index.js';

export type ChartName = 'curfew-hub' | 'curfew-agent';
export const CHARTS: readonly ChartName[] = ['curfew-hub', 'curfew-agent'];

export function chartDir(chart: ChartName): string {
  return chart === 'curfew-hub' ? HUB_CHART_DIR : AGENT_CHART_DIR;
}

export function readChartFile(chart: ChartName, path: string): string {
  return readFileSync(join(chartDir(chart), path), 'utf8');
}

export function readYaml(file: string): unknown {
  return parse(readFileSync(file, 'utf8'));
}

export function templateFiles(chart: ChartName): string[] {
  return readdirSync(join(chartDir(chart), 'templates')).sort();
}

type Values = Record<string, unknown>;

function isObject(value: unknown): value is Values {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Helm's coalescing of user values over the chart's: maps merge key by key, anything else
 * (lists included) replaces, and `null` deletes the key.
 */
export function mergeValues(defaults: Values, overrides: Values): Values {
  const merged: Values = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) {
    const current = merged[key];
    if (value === null) delete merged[key];
    else if (isObject(current) && isObject(value)) merged[key] = mergeValues(current, value);
    else merged[key] = value;
  }
  return merged;
}

export function defaultValues(chart: ChartName): Values {
  const values = readYaml(join(chartDir(chart), 'values.yaml'));
  if (!isObject(values)) throw new Error(`${chart}/values.yaml must be a map`);
  return values;
}

/** A validator for the chart's values.schema.json; strict, so a typo in a keyword fails too. */
export function valuesValidator(chart: ChartName) {
  const schema = JSON.parse(readChartFile(chart, 'values.schema.json')) as object;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(schema);
  return (values: unknown): ErrorObject[] => (validate(values) ? [] : [...(validate.errors ?? [])]);
}

/** `/image/tag must be string`: the path helm users see as the field to fix. */
export function describeErrors(errors: readonly ErrorObject[]): string[] {
  return errors.map((e) => {
    // An unknown key is reported on its parent; name the key itself, which is what to fix.
    const extra = e.keyword === 'additionalProperties' ? e.params.additionalProperty : undefined;
    const path = extra === undefined ? e.instancePath : `${e.instancePath}/${String(extra)}`;
    return `${path || '/'} ${e.message ?? ''}`.trim();
  });
}
