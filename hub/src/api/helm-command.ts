/**
 * The exact command that installs an agent for a freshly registered (or rotated) cluster, as the
 * admin API returns it: one line, from the one validated builder in @curfew/contracts (which
 * also checks the hub's settings at start-up, so a registration never fails here).
 */
import { helmInstallCommand as buildHelmInstallCommand } from '@curfew/contracts';

export interface InstallTarget {
  publicGrpcAddress: string;
  agentChart: string;
  agentNamespace: string;
}

export function helmInstallCommand(
  target: InstallTarget,
  clusterId: string,
  token: string,
): string {
  return buildHelmInstallCommand(
    {
      clusterId,
      token,
      hubGrpcAddress: target.publicGrpcAddress,
      chartRef: target.agentChart,
      namespace: target.agentNamespace,
    },
    { layout: 'one-line' },
  );
}
