/**
 * `bin/release` arguments, parsed once: where the two images and the two charts go, and which
 * version they carry. Every refusal says what to pass instead.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';

export interface ReleaseOptions {
  /** Image registry and path, e.g. `ghcr.io/acme/curfew`: images `<registry>/hub:<version>`, `…/agent:<version>`. */
  registry: string;
  /** OCI location of the charts, e.g. `oci://ghcr.io/acme/curfew/charts` (default `oci://<registry>/charts`). */
  charts: string;
  /** SemVer 2 without build metadata: the charts' version and appVersion and both image tags. */
  version: string;
  /** `docker`, `podman` or a path to either; found on PATH when absent. */
  engine: string | undefined;
  /** Where the staged charts and the packaged `.tgz` files go. */
  out: string;
  /** Print the commands, run none. */
  dryRun: boolean;
  /** Package (and push) only the charts: the images come from elsewhere. */
  chartsOnly: boolean;
  /** Build and package, push nothing. */
  noPush: boolean;
}

export class ReleaseUsageError extends Error {}

export const RELEASE_USAGE = `Usage: bin/release --registry <host/path> [options]

Builds the hub and agent images, pushes them, packages both helm charts with the version and
pushes them to an OCI registry. Log in first (docker login / podman login, helm registry login).

  --registry <host/path>   image registry, e.g. ghcr.io/acme/curfew: images <registry>/hub:<version>
                           and <registry>/agent:<version>
  --charts <oci://…>       where the charts go (default oci://<registry>/charts); the hub chart then
                           prints <charts>/curfew-agent in its agent install command
  --version <x.y.z>        release version (default: the charts' Chart.yaml version)
  --engine <docker|podman> container engine (default: docker, else podman, from PATH)
  --out <dir>              staged charts and .tgz files (default .tmp/release/<version>)
  --charts-only            package and push only the charts (images built and pushed elsewhere)
  --no-push                build and package, push nothing
  --dry-run                print every command, run none (needs no engine)
  --help                   this text
`;

// Docker references: lowercase path components separated by / . _ -, an optional host:port.
const REGISTRY = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*$/;
// SemVer 2 (helm's rule for chart versions) without +build: image tags cannot contain '+'.
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-(0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*)?$/;

const schema = z.object({
  registry: z
    .string({ message: '--registry is required, e.g. --registry ghcr.io/acme/curfew' })
    .regex(
      REGISTRY,
      '--registry must be a lowercase registry path without scheme or tag, e.g. ghcr.io/acme/curfew',
    ),
  charts: z
    .string()
    .regex(
      /^oci:\/\/[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*$/,
      '--charts must be an OCI location, e.g. oci://ghcr.io/acme/curfew/charts (helm push takes no chart name or tag)',
    )
    .optional(),
  version: z
    .string()
    .regex(
      SEMVER,
      '--version must be SemVer without build metadata, e.g. 1.4.0 or 1.4.0-rc.1 (helm needs SemVer; image tags cannot hold "+")',
    ),
  engine: z.string().min(1, '--engine needs a value: docker, podman or a path').optional(),
  out: z.string().min(1).optional(),
  'dry-run': z.boolean().optional(),
  'charts-only': z.boolean().optional(),
  'no-push': z.boolean().optional(),
});

/**
 * Parses `bin/release`'s arguments; `chartVersion` is what Chart.yaml says (the default
 * version). Throws ReleaseUsageError naming every wrong argument; returns undefined for --help.
 */
export function parseReleaseArgs(
  argv: readonly string[],
  chartVersion: string,
): ReleaseOptions | undefined {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        registry: { type: 'string' },
        charts: { type: 'string' },
        version: { type: 'string' },
        engine: { type: 'string' },
        out: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'charts-only': { type: 'boolean' },
        'no-push': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new ReleaseUsageError(`${(error as Error).message}\n\n${RELEASE_USAGE}`);
  }
  if (values.help) return undefined;
  const parsed = schema.safeParse({ version: chartVersion, ...values });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.message}`);
    throw new ReleaseUsageError(`bin/release:\n${problems.join('\n')}\n\n${RELEASE_USAGE}`);
  }
  const o = parsed.data;
  return {
    registry: o.registry,
    charts: o.charts ?? `oci://${o.registry}/charts`,
    version: o.version,
    engine: o.engine,
    out: o.out ?? `.tmp/release/${o.version}`,
    dryRun: o['dry-run'] ?? false,
    chartsOnly: o['charts-only'] ?? false,
    noPush: o['no-push'] ?? false,
  };
}
