/**
 * The exact command that installs an agent for a freshly registered (or rotated) cluster, as the
 * admin API returns it: one line, from the one validated builder in @curfew/contracts (which
 * also checks the hub's settings at start-up, so a registration never fails here).
 */
import { helmInstallCommand as buildHelmInstallCommand } from '@curfew/contracts';

export interface InstallTarget {
  /** Unset (PUBLIC_GRPC_ADDRESS): the command carries a placeholder and a warning says so. */
  publicGrpcAddress?: string;
  /** Whether agents dial it with TLS. */
  hubTls: boolean;
  agentChart: string;
  /** Pinned with `--version` when set. */
  agentChartVersion?: string;
  agentNamespace: string;
}

/**
 * What goes into hub.address when the hub does not know its public gRPC address: it names the
 * missing setting, so a command pasted anyway fails to connect with that name in the agent's log.
 */
export const UNSET_GRPC_ADDRESS = 'PUBLIC_GRPC_ADDRESS-is-not-set:443';

export interface InstallCommand {
  helmCommand: string;
  /** What the operator must fix before the command works; absent when nothing. */
  warnings?: string[];
}

export function helmInstallCommand(
  target: InstallTarget,
  clusterId: string,
  token: string,
): InstallCommand {
  const helmCommand = buildHelmInstallCommand(
    {
      clusterId,
      token,
      hubGrpcAddress: target.publicGrpcAddress ?? UNSET_GRPC_ADDRESS,
      hubTls: target.hubTls,
      chartRef: target.agentChart,
      ...(target.agentChartVersion === undefined ? {} : { chartVersion: target.agentChartVersion }),
      namespace: target.agentNamespace,
    },
    { layout: 'one-line' },
  );
  if (target.publicGrpcAddress !== undefined) return { helmCommand };
  return {
    helmCommand,
    warnings: [
      `PUBLIC_GRPC_ADDRESS is not set on the hub, so hub.address in this command is a placeholder: replace ${UNSET_GRPC_ADDRESS} with the host:port agents reach the hub's gRPC port at, and set PUBLIC_GRPC_ADDRESS (helm: publicGrpcAddress, or ingress.grpc.host) so the next commands carry it`,
    ],
  };
}
