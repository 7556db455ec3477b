import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface ListeningSocket {
  pid: number;
  address: string;
  port: number;
}

/**
 * The TCP sockets the given processes listen on, read from Linux's /proc (a socket's inode
 * links a process's fd to its row in /proc/net/tcp{,6}; state 0A is LISTEN). Addresses are
 * given as the kernel has them: "127.0.0.1", "0.0.0.0", "::", "::1".
 */
export function listeningSockets(pids: number[]): ListeningSocket[] {
  const byInode = new Map<string, { address: string; port: number }>();
  for (const [file, v6] of [
    ['/proc/net/tcp', false],
    ['/proc/net/tcp6', true],
  ] as const) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const [local, state, inode] = [cols[1], cols[3], cols[9]];
      if (!local || state !== '0A' || !inode) continue;
      const [hex = '', portHex = '0'] = local.split(':');
      byInode.set(inode, {
        address: v6 ? ipv6(hex) : ipv4(hex),
        port: Number.parseInt(portHex, 16),
      });
    }
  }
  const found: ListeningSocket[] = [];
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target = '';
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      const socket = inode === undefined ? undefined : byInode.get(inode);
      if (socket) found.push({ pid, ...socket });
    }
  }
  return found;
}

/** /proc/net/tcp writes an IPv4 address as one little-endian 32-bit hex word. */
function ipv4(hex: string): string {
  const bytes = hex.match(/../g) ?? [];
  return bytes
    .reverse()
    .map((b) => Number.parseInt(b, 16))
    .join('.');
}

/** /proc/net/tcp6: four little-endian 32-bit words; enough to tell "::", "::1" and v4-mapped. */
function ipv6(hex: string): string {
  const words = (hex.match(/.{8}/g) ?? []).map((w) => (w.match(/../g) ?? []).reverse().join(''));
  const groups = words.join('').match(/.{4}/g) ?? [];
  const text = groups.map((g) => Number.parseInt(g, 16).toString(16)).join(':');
  return text.replace(/(^|:)0(:0)+(:|$)/, '::').replace(/:{3,}/, '::');
}

export const isLoopback = (address: string): boolean =>
  address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:7f');
