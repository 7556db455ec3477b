#!/usr/bin/env bash
# Replays the build stage of hub/Dockerfile or agent/Dockerfile WITHOUT a container engine, for
# machines that have none (like the development machines of this project):
#
#   helm/docker/replay-build.sh hub      # or: agent
#
# It copies the build context (files git knows, minus .dockerignore's node_modules/dist) to a
# temporary directory, runs the Dockerfile's own RUN lines of the build stage there in order
# (`corepack enable` becomes a pnpm shim at the version package.json pins), and then checks the
# production deploy the runtime stage would copy: the ENTRYPOINT's file (dist/main.js) exists,
# every @curfew package resolves to compiled JavaScript, no development tool and no test
# infrastructure was deployed, and (agent) no helm chart rides along.
#
# What it does NOT prove: that the base image, corepack or `docker build` itself behave the
# same; it runs on this machine's OS with the repository's Node 24 (node_modules/.bin/node).
set -euo pipefail
app=${1:?usage: helm/docker/replay-build.sh hub|agent}
repo=$(cd "$(dirname "$0")/../.." && pwd)
dockerfile="$repo/$app/Dockerfile"
[[ -f "$dockerfile" ]] || { echo "replay-build: no $dockerfile" >&2; exit 1; }
node24=$(readlink -f "$repo/node_modules/node/bin/node" 2>/dev/null || true)
[[ -x "$node24" ]] || { echo "replay-build: run bin/setup first (needs node_modules/node)" >&2; exit 1; }
pnpm_version=$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$repo/package.json")

work=$(mktemp -d "${TMPDIR:-/tmp}/curfew-replay-$app.XXXXXX")
[[ -n "${KEEP:-}" ]] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src" "$work/bin"
ln -s "$node24" "$work/bin/node"
printf '#!/bin/sh\nexec npx --yes "pnpm@%s" "$@"\n' "$pnpm_version" >"$work/bin/pnpm"
chmod +x "$work/bin/pnpm"

# The build context, as .dockerignore leaves it.
(cd "$repo" && git ls-files --cached --others --exclude-standard -z |
  grep -zv -E '(^|/)(node_modules|dist|\.build)(/|$)' |
  rsync -a --from0 --files-from=- ./ "$work/src/")

# The build stage's RUN lines (from its FROM to the next FROM), continuation lines joined.
mapfile -t runs < <(awk '
  /^FROM / { stage++ }
  stage == 1 {
    line = $0
    while (line ~ /\\$/ && (getline next_line) > 0) { sub(/\\$/, "", line); line = line next_line }
    if (line ~ /^RUN /) { sub(/^RUN /, "", line); print line }
  }' "$dockerfile")
[[ ${#runs[@]} -gt 0 ]] || { echo "replay-build: no RUN lines in the build stage" >&2; exit 1; }

export PATH="$work/bin:/usr/local/bin:/usr/bin:/bin" CI=true COREPACK_ENABLE_DOWNLOAD_PROMPT=0
for run in "${runs[@]}"; do
  [[ "$run" == "corepack enable" ]] && { echo "==> RUN $run (replaced by a pnpm@$pnpm_version shim)"; continue; }
  run=${run//\/deploy/$work/deploy}
  echo "==> RUN $run"
  if ! (cd "$work/src" && bash -euo pipefail -c "$run") >"$work/step.log" 2>&1; then
    grep -v 'Unknown \(env\|user\) config' "$work/step.log" >&2 || true
    echo "replay-build: step failed: $run" >&2
    exit 1
  fi
  grep -v 'Unknown \(env\|user\) config' "$work/step.log" | tail -n 12 || true
done

deploy="$work/deploy"
echo "==> checking the deploy the runtime stage copies ($deploy)"
entry=$(sed -n 's/^ENTRYPOINT \["node", "\([^"]*\)"\]$/\1/p' "$dockerfile")
[[ -n "$entry" ]] || { echo "replay-build: no ENTRYPOINT [\"node\", \"<file>\"] in $dockerfile" >&2; exit 1; }
[[ -f "$deploy/$entry" ]] || { echo "replay-build: $deploy/$entry (the ENTRYPOINT) is missing" >&2; exit 1; }
[[ -f "$deploy/dist/index.js" ]] || { echo "replay-build: $deploy/dist/index.js is missing" >&2; exit 1; }
# The agent reads its webhook and RBAC contracts from @curfew/contracts: no chart in the image.
if [[ -e "$deploy/node_modules/@curfew/helm" ]] || find -L "$deploy" -name webhooks.yaml -print -quit | grep -q .; then
  echo "replay-build: a helm chart (or its files) was deployed" >&2
  exit 1
fi
for dev in typescript vitest tsx @biomejs/biome @vitest/coverage-v8 fast-check @curfew/kube-sim @curfew/slack-sim @curfew/test-support; do
  if [[ -e "$deploy/node_modules/$dev" ]]; then
    echo "replay-build: development dependency $dev was deployed" >&2
    exit 1
  fi
done
(cd "$deploy" && node --input-type=module -e '
  import { readdirSync } from "node:fs";
  const names = readdirSync("node_modules/@curfew", { withFileTypes: true }).map((d) => `@curfew/${d.name}`);
  for (const name of names) {
    const entry = import.meta.resolve(name);
    if (!entry.endsWith(".js")) throw new Error(`${name} resolves to ${entry}, not compiled JavaScript`);
    console.log(`${name} -> ${entry.replace(/^.*node_modules\//, "node_modules/")}`);
  }')
echo "replay-build: $app build stage OK ($(du -sh "$deploy" | cut -f1) deployed)${KEEP:+; kept in $work}"
