#!/usr/bin/env node
// Runs the TypeScript sources through tsx (no build step in this repo); needs Node 24.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
main(process.argv.slice(2)).catch((e) => {
  console.error(`kube-sim: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
