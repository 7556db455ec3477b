import { describe, expect, it } from 'vitest';
import { helmInstallCommand, UNSET_GRPC_ADDRESS } from '../src/api/helm-command.js';

const target = {
  publicGrpcAddress: 'hub.example.com:443',
  hubTls: true,
  agentChart: 'oci://ghcr.io/curfew/charts/curfew-agent',
  agentNamespace: 'curfew-system',
};

describe('the helm install command', () => {
  it('passes cluster id, hub address and token as strings', () => {
    expect(helmInstallCommand(target, 'prod-eu', 'abc_DEF-1234567890')).toEqual({
      helmCommand:
        'helm upgrade --install curfew-agent oci://ghcr.io/curfew/charts/curfew-agent --namespace curfew-system --create-namespace --set-string clusterId=prod-eu --set-string hub.address=hub.example.com:443 --set-string token.value=abc_DEF-1234567890',
    });
  });

  it('pins the chart version and says when agents dial without TLS, as the hub is configured', () => {
    const { helmCommand } = helmInstallCommand(
      { ...target, hubTls: false, agentChartVersion: '0.1.0' },
      'prod-eu',
      'abc_DEF-1234567890',
    );
    expect(helmCommand).toContain('curfew-agent --version 0.1.0 --namespace');
    expect(helmCommand).toContain('hub.address=hub.example.com:443 --set hub.tls=false');
  });

  it('says PUBLIC_GRPC_ADDRESS is needed when the hub does not know its public address', () => {
    const { publicGrpcAddress: _, ...unset } = target;
    const answer = helmInstallCommand(unset, 'prod-eu', 'abc_DEF-1234567890');
    expect(answer.helmCommand).toContain(`hub.address=${UNSET_GRPC_ADDRESS}`);
    expect(answer.warnings).toEqual([expect.stringMatching(/^PUBLIC_GRPC_ADDRESS is not set/)]);
  });

  it('quotes values the shell would otherwise interpret', () => {
    const { helmCommand } = helmInstallCommand(
      { ...target, agentChart: "./charts/it's-here" },
      'c',
      'a-token-of-16+chars',
    );
    expect(helmCommand).toContain(`'./charts/it'\\''s-here'`);
  });

  it('is built by the one validated builder: a setting it cannot print is refused, named', () => {
    expect(() =>
      helmInstallCommand({ ...target, agentChart: './a b' }, 'c', 'x'.repeat(16)),
    ).toThrow('chartRef "./a b" must be a chart reference without spaces');
  });
});
