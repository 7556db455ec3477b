import { describe, expect, it } from 'vitest';
import { helmInstallCommand } from '../src/api/helm-command.js';

const target = {
  publicGrpcAddress: 'hub.example.com:443',
  agentChart: 'oci://ghcr.io/curfew/charts/curfew-agent',
  agentNamespace: 'curfew-system',
};

describe('the helm install command', () => {
  it('passes cluster id, hub address and token as strings', () => {
    expect(helmInstallCommand(target, 'prod-eu', 'abc_DEF-1234567890')).toBe(
      'helm upgrade --install curfew-agent oci://ghcr.io/curfew/charts/curfew-agent --namespace curfew-system --create-namespace --set-string clusterId=prod-eu --set-string hub.address=hub.example.com:443 --set-string token.value=abc_DEF-1234567890',
    );
  });

  it('quotes values the shell would otherwise interpret', () => {
    const command = helmInstallCommand(
      { ...target, agentChart: "./charts/it's-here" },
      'c',
      'a-token-of-16+chars',
    );
    expect(command).toContain(`'./charts/it'\\''s-here'`);
  });

  it('is built by the one validated builder: a setting it cannot print is refused, named', () => {
    expect(() =>
      helmInstallCommand({ ...target, agentChart: './a b' }, 'c', 'x'.repeat(16)),
    ).toThrow('chartRef "./a b" must be a chart reference without spaces');
  });
});
