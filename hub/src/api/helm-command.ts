/**
 * The exact command that installs an agent for a freshly registered (or rotated) cluster.
 * Values are passed with `--set-string` so helm's value parser never reinterprets them
 * (a token of digits would otherwise become a number); the chart keeps `token.value` in a
 * Secret. Value names are those of helm/curfew-agent/values.yaml.
 */
export interface InstallTarget {
  publicGrpcAddress: string;
  agentChart: string;
  agentNamespace: string;
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

export function helmInstallCommand(
  target: InstallTarget,
  clusterId: string,
  token: string,
): string {
  return [
    'helm upgrade --install curfew-agent',
    shellQuote(target.agentChart),
    `--namespace ${shellQuote(target.agentNamespace)} --create-namespace`,
    `--set-string clusterId=${shellQuote(clusterId)}`,
    `--set-string hub.address=${shellQuote(target.publicGrpcAddress)}`,
    `--set-string token.value=${shellQuote(token)}`,
  ].join(' ');
}
