// `npm test`: every test layer (typecheck, unit, kernels in Chromium, e2e), then one line "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { chromiumPath } from './chromium.mjs';

const RESULTS = 'test-results';
rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });

function run(cmd, args, env = {}) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

/** Installs Debian's chromium and fonts when missing and we may (root + apt-get); otherwise says what to run. */
function ensureChromium() {
  if (existsSync(chromiumPath())) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (isRoot && hasApt) {
    console.log('Chromium is missing; installing Debian packages chromium and fonts-liberation…');
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update', '-qq'], env) === 0 && run('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-liberation'], env) === 0) {
      return existsSync(chromiumPath());
    }
  }
  console.error(
    'Chromium is needed for the kernel and e2e tests but was not found.\n' +
      '  On Debian/Ubuntu run:  sudo apt-get install -y chromium fonts-liberation\n' +
      '  Or point CHROMIUM_PATH at a Chromium/Chrome binary with WebGPU support.',
  );
  return false;
}

const counts = { passed: 0, failed: 0, skipped: 0 };
const layers = [];

function vitestCounts(file) {
  if (!existsSync(file)) return null;
  const j = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: j.numPassedTests, failed: j.numFailedTests + (j.numFailedTestSuites && !j.numFailedTests ? j.numFailedTestSuites : 0), skipped: j.numPendingTests + j.numTodoTests };
}

function playwrightCounts(file) {
  if (!existsSync(file)) return null;
  const s = JSON.parse(readFileSync(file, 'utf8')).stats ?? {};
  return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: s.unexpected ?? 0, skipped: s.skipped ?? 0 };
}

/** Skips are always shown: a browser test skipped for want of an adapter must never read as passed. */
function summaryLine(c) {
  return `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
}

function record(name, status, c) {
  const got = c ?? { passed: 0, failed: 1, skipped: 0 };
  // A runner that exits non-zero without reporting a failed test still counts as one failure.
  if (status !== 0 && got.failed === 0) got.failed = 1;
  counts.passed += got.passed;
  counts.failed += got.failed;
  counts.skipped += got.skipped;
  layers.push(`${name}: ${summaryLine(got)}`);
}

const only = process.argv.slice(2);
const want = (layer) => only.length === 0 || only.includes(layer);

if (want('typecheck')) {
  const s = run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
  record('typecheck', s, { passed: s === 0 ? 1 : 0, failed: s === 0 ? 0 : 1, skipped: 0 });
}
if (want('unit')) {
  const f = `${RESULTS}/unit.json`;
  const s = run('npx', ['vitest', 'run', '--project', 'unit', '--reporter=default', '--reporter=json', `--outputFile.json=${f}`]);
  record('unit', s, vitestCounts(f));
}
const haveChromium = (want('kernels') || want('e2e')) && ensureChromium();
if (want('kernels')) {
  if (!haveChromium) record('kernels', 1, null);
  else {
    const f = `${RESULTS}/kernels.json`;
    const s = run('npx', ['vitest', 'run', '--project', 'kernels', '--reporter=default', '--reporter=json', `--outputFile.json=${f}`]);
    record('kernels', s, vitestCounts(f));
  }
}
if (want('e2e')) {
  if (!haveChromium) record('e2e', 1, null);
  else if (run('npx', ['vite', 'build', '--logLevel', 'warn']) !== 0) record('e2e (build)', 1, null);
  else {
    const f = 'e2e/output/report.json';
    rmSync(f, { force: true });
    const s = run('npx', ['playwright', 'test']);
    record('e2e', s, playwrightCounts(f));
  }
}

console.log('\n' + layers.join('\n'));
console.log(summaryLine(counts));
process.exit(counts.failed > 0 ? 1 : 0);
