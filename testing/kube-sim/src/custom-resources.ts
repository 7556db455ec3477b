/**
 * Custom resources: a CustomResourceDefinition in the store makes its type servable, as the
 * apiextensions-apiserver does. The types are derived from the CRD objects of ONE simulator's
 * store on each request, so a test that installs the Argo CD or Flux CRDs does not make them
 * appear in another simulator running in the same process ("CRD absent" stays a 404 there).
 *
 * Simplifications, on purpose: every served version is stored on its own (no conversion between
 * versions, so define one), objects are stored unpruned and unvalidated against the schema, and
 * deleting a CRD makes its type unservable without deleting the objects.
 */
import { isPlainObject, type KubeObject } from './object.js';
import { mustResource, RESOURCES, type ResourceType } from './resources.js';
import type { Store } from './store.js';

const CRDS = mustResource('apiextensions.k8s.io', 'customresourcedefinitions');

/**
 * One object per group/version/plural, reused across requests and simulators: the store keys
 * its data by the ResourceType object, so the same CRD must always yield the same one.
 */
const known = new Map<string, ResourceType>();

function strings(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out = v.filter((x): x is string => typeof x === 'string');
  return out.length > 0 ? out : undefined;
}

function typesOf(crd: KubeObject): ResourceType[] {
  const spec = isPlainObject(crd.spec) ? crd.spec : {};
  const names = isPlainObject(spec.names) ? spec.names : {};
  const group = typeof spec.group === 'string' ? spec.group : '';
  const plural = typeof names.plural === 'string' ? names.plural : '';
  const kind = typeof names.kind === 'string' ? names.kind : '';
  if (!group || !plural || !kind || crd.metadata.deletionTimestamp) return [];
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isPlainObject) : [];
  return versions
    .filter((v) => v.served !== false && typeof v.name === 'string')
    .map((v) => {
      const subs = isPlainObject(v.subresources) ? v.subresources : {};
      const fields: ResourceType = {
        group,
        version: String(v.name),
        kind,
        plural,
        singular: typeof names.singular === 'string' ? names.singular : kind.toLowerCase(),
        namespaced: spec.scope !== 'Cluster',
        shortNames: strings(names.shortNames),
        categories: strings(names.categories),
        subresources: [
          ...(isPlainObject(subs.status) ? (['status'] as const) : []),
          ...(isPlainObject(subs.scale) ? (['scale'] as const) : []),
        ],
        // Every custom resource has metadata.generation, bumped by spec changes.
        generation: true,
        custom: true,
      };
      const key = `${group}/${fields.version}/${plural}`;
      const existing = known.get(key);
      if (existing) return Object.assign(existing, fields);
      known.set(key, fields);
      return fields;
    });
}

/** The built-in table plus every type the store's CRDs define. */
export function servedTypes(store: Store): readonly ResourceType[] {
  const crds = store.list(CRDS, '');
  if (crds.length === 0) return RESOURCES;
  const builtIn = new Set(RESOURCES.map((rt) => `${rt.group}/${rt.version}/${rt.plural}`));
  const custom = crds
    .flatMap(typesOf)
    .filter((rt) => !builtIn.has(`${rt.group}/${rt.version}/${rt.plural}`));
  return [...RESOURCES, ...custom];
}
