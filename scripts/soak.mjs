// `npm run soak [-- RUNS] [-- --cpu|--webgpu]`: builds the app, then runs the soak spec over every page (200 quick presets by default).
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const count = args.find((a) => /^\d+$/.test(a));
const only = args.find((a) => a === '--cpu' || a === '--webgpu');
const runs = Number(count ?? 200);
if (!(runs >= 1)) {
  console.error(`usage: npm run soak [-- RUNS] [-- --cpu|--webgpu]; got “${args.join(' ')}”`);
  process.exit(2);
}

function run(cmd, cmdArgs, env = {}) {
  console.log(`\n$ ${cmd} ${cmdArgs.join(' ')}`);
  return spawnSync(cmd, cmdArgs, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;
}

if (run('npx', ['vite', 'build', '--logLevel', 'warn']) !== 0) process.exit(1);
const env = { SOAK_RUNS: String(runs), SOAK_PAGES: 'all', ...(only ? { SOAK_BACKENDS: only.slice(2) } : {}) };
// the figures land in e2e/output/soak-<backend>.json
process.exit(run('npx', ['playwright', 'test', 'e2e/soak.spec.ts'], env));
