#!/usr/bin/env bash
# Every test: typecheck, lint, unit + integration (vitest, real Postgres), then the built
# apps in Chromium (Playwright). Later steps run even when an earlier one fails, so the
# closing "N passed, N failed" line counts everything; the exit code is non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p reports
rm -f reports/vitest.json reports/playwright.json
status=0
step() {
  local name="$1"; shift
  local started=$SECONDS
  echo "==> $name"
  if "$@"; then echo "<== $name ok ($((SECONDS - started)) s)"; else echo "<== $name FAILED ($((SECONDS - started)) s)"; status=1; fi
}

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "Chromium is missing: install Debian's package with 'apt-get install -y chromium' (browser tests never download one)." >&2
  exit 1
fi

# The integration and browser tests run a real LiveKit server (built once with Go when missing).
if ! bash scripts/livekit.sh >/dev/null; then
  echo "No LiveKit server: install livekit-server, or Go so scripts/livekit.sh can build it." >&2
  exit 1
fi

step "typecheck" pnpm -s typecheck
step "lint" pnpm -s lint
step "unit + integration tests" pnpm exec vitest run --reporter=default --reporter=json --outputFile=reports/vitest.json
# The typecheck step already checked the apps with Next's route types (next typegen && tsc), so the
# build skips its own TypeScript pass (about 35 s per app on this machine).
step "build apps" env CLEARWELL_SKIP_BUILD_TYPECHECK=1 pnpm --workspace-concurrency=1 --filter @clearwell/provider --filter @clearwell/patient build
# First-load JS per route: fails over a route's ceiling in scripts/bundle-budget.json (a ratchet; the issue 14 targets, printed beside them, are the goal).
step "bundle sizes" node --import tsx scripts/bundle-budget.ts --enforce
step "browser tests" pnpm exec playwright test

node scripts/count-results.mjs reports/vitest.json reports/playwright.json || status=1
exit $status
