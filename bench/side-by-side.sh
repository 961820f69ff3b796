#!/usr/bin/env bash
# Time this working tree against another commit (default c7d146e, the last model-1 commit), alternately,
# so that the machine's drift from minute to minute falls on both alike. Both engines are bundled by
# esbuild as in production and timed by bench/side-by-side.ts. Prints, per figure, the median over the
# rounds for each version. Usage: npm run bench:side-by-side -- [COMMIT] [ROUNDS] [mse]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ref=${1:-c7d146e}; rounds=${2:-6}; extra=${3:-}
work=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$work/other" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$root" worktree add -q --detach "$work/other" "$ref"
ln -s "$root/node_modules" "$work/other/node_modules"
cp "$root/bench/side-by-side.ts" "$work/other/bench/side-by-side.ts"
# Commits before engine/internal.ts exported everything from engine/index.ts.
[ -e "$work/other/engine/internal.ts" ] || echo "export * from './index.ts';" > "$work/other/engine/internal.ts"
bundle() { (cd "$1" && node -e "require('esbuild').buildSync({ entryPoints: ['bench/side-by-side.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: '$2', mainFields: ['module', 'main'], logLevel: 'error' })"); }
bundle "$work/other" "$work/other.mjs"
bundle "$root" "$work/this.mjs"
for ((i = 1; i <= rounds; i++)); do
  CAPSIM_ROOT="$root" node "$work/other.mjs" $extra | sed "s/^/$ref /"
  CAPSIM_ROOT="$root" node "$work/this.mjs" $extra | sed 's/^/now /'
done > "$work/times"
echo "median of $rounds alternate rounds (one core each)"
awk '{ v[$1 " " $2] = v[$1 " " $2] " " $3 } END { for (k in v) print k v[k] }' "$work/times" | sort -k2,2 -k1,1 |
  while read -r who name values; do
    m=$(tr ' ' '\n' <<<"$values" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    printf '%-44s %-8s %s\n' "$name" "$who" "$m"
  done
