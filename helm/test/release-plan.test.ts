/** bin/release's arguments and plan, as data: the order of the steps and every argument. */
import { describe, expect, it } from 'vitest';
import {
  describeStep,
  parseReleaseArgs,
  type ReleaseOptions,
  ReleaseUsageError,
  releasePlan,
} from '../src/release/index.js';

const options = (over: Partial<ReleaseOptions> = {}): ReleaseOptions => ({
  registry: 'ghcr.io/acme/curfew',
  charts: 'oci://ghcr.io/acme/curfew/charts',
  version: '1.4.0',
  engine: undefined,
  out: 'out',
  dryRun: false,
  chartsOnly: false,
  noPush: false,
  ...over,
});

const lines = (over: Partial<ReleaseOptions> = {}, revision: string | null = 'abc123') =>
  releasePlan({
    options: options(over),
    engine: 'podman',
    helm: 'helm',
    root: '.',
    revision: revision ?? undefined,
  }).map(describeStep);

describe('releasePlan', () => {
  it('a full release builds both images, pushes both, then packages and pushes the agent chart before the hub chart', () => {
    expect(lines()).toEqual([
      'podman build -f hub/Dockerfile -t ghcr.io/acme/curfew/hub:1.4.0 --label org.opencontainers.image.title=curfew-hub --label org.opencontainers.image.version=1.4.0 --label org.opencontainers.image.revision=abc123 .',
      'podman build -f agent/Dockerfile -t ghcr.io/acme/curfew/agent:1.4.0 --label org.opencontainers.image.title=curfew-agent --label org.opencontainers.image.version=1.4.0 --label org.opencontainers.image.revision=abc123 .',
      'podman push ghcr.io/acme/curfew/hub:1.4.0',
      'podman push ghcr.io/acme/curfew/agent:1.4.0',
      '# copy helm/curfew-agent to out/stage/curfew-agent, setting in its values.yaml: image.repository=ghcr.io/acme/curfew/agent',
      'helm package out/stage/curfew-agent --version 1.4.0 --app-version 1.4.0 --destination out',
      '# copy helm/curfew-hub to out/stage/curfew-hub, setting in its values.yaml: image.repository=ghcr.io/acme/curfew/hub, agentChart=oci://ghcr.io/acme/curfew/charts/curfew-agent',
      'helm package out/stage/curfew-hub --version 1.4.0 --app-version 1.4.0 --destination out',
      'helm push out/curfew-agent-1.4.0.tgz oci://ghcr.io/acme/curfew/charts',
      'helm push out/curfew-hub-1.4.0.tgz oci://ghcr.io/acme/curfew/charts',
    ]);
  });

  it('--charts-only builds and pushes no image', () => {
    const plan = lines({ chartsOnly: true });
    expect(plan.filter((l) => l.startsWith('podman'))).toEqual([]);
    expect(plan.filter((l) => l.startsWith('helm push'))).toHaveLength(2);
  });

  it('--no-push builds and packages but pushes nothing', () => {
    const plan = lines({ noPush: true });
    expect(plan.filter((l) => l.includes(' push '))).toEqual([]);
    expect(plan.filter((l) => l.includes(' build '))).toHaveLength(2);
    expect(plan.filter((l) => l.startsWith('helm package'))).toHaveLength(2);
  });

  it('an unknown commit leaves out the revision label', () => {
    expect(lines({}, null).join('\n')).not.toContain('revision');
  });

  it('an argument with shell characters is printed quoted, so the line can be pasted', () => {
    expect(lines({ out: "my out's" })[5]).toBe(
      "helm package 'my out'\\''s/stage/curfew-agent' --version 1.4.0 --app-version 1.4.0 --destination 'my out'\\''s'",
    );
  });
});

describe('parseReleaseArgs', () => {
  it('only a registry: charts beside the images, the charts version, out under .tmp/release', () => {
    expect(parseReleaseArgs(['--registry', 'ghcr.io/acme/curfew'], '0.3.0')).toEqual(
      options({
        charts: 'oci://ghcr.io/acme/curfew/charts',
        version: '0.3.0',
        out: '.tmp/release/0.3.0',
      }),
    );
  });

  it('every option given is taken as given', () => {
    const argv = [
      '--registry=registry.local:5000/team',
      '--charts=oci://charts.local/helm',
      '--version=2.0.0-rc.1',
      '--engine=/opt/podman',
      '--out=/tmp/r',
      '--dry-run',
      '--charts-only',
      '--no-push',
    ];
    expect(parseReleaseArgs(argv, '0.1.0')).toEqual({
      registry: 'registry.local:5000/team',
      charts: 'oci://charts.local/helm',
      version: '2.0.0-rc.1',
      engine: '/opt/podman',
      out: '/tmp/r',
      dryRun: true,
      chartsOnly: true,
      noPush: true,
    });
  });

  it('--help asks for the usage text', () => {
    expect(parseReleaseArgs(['--help'], '0.1.0')).toBeUndefined();
  });

  it.each([
    { name: 'no registry', argv: [], says: '--registry is required' },
    {
      name: 'a registry with a scheme',
      argv: ['--registry', 'https://ghcr.io/acme'],
      says: 'without scheme or tag',
    },
    {
      name: 'an uppercase registry path',
      argv: ['--registry', 'ghcr.io/Acme'],
      says: 'lowercase registry path',
    },
    {
      name: 'a chart location that is not OCI',
      argv: ['--registry', 'ghcr.io/acme', '--charts', 'https://charts.example.com'],
      says: '--charts must be an OCI location',
    },
    {
      name: 'a version that is not SemVer',
      argv: ['--registry', 'ghcr.io/acme', '--version', 'v1.2'],
      says: '--version must be SemVer',
    },
    {
      name: 'a version with build metadata (no image tag may hold "+")',
      argv: ['--registry', 'ghcr.io/acme', '--version', '1.2.3+build.7'],
      says: '--version must be SemVer without build metadata',
    },
    { name: 'an unknown option', argv: ['--registy', 'ghcr.io/acme'], says: "'--registy'" },
  ])('$name is refused with what to pass', ({ argv, says }) => {
    let error: unknown;
    try {
      parseReleaseArgs(argv, '0.1.0');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ReleaseUsageError);
    expect((error as Error).message).toContain(says);
    expect((error as Error).message).toContain('Usage: bin/release');
  });
});
