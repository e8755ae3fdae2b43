// Runs the bench section named by ?section= (bench/<name>Bench.ts) and posts its result on window.__benchResult.
import type { BenchResult, BenchSection } from './benchTypes';

declare global {
  interface Window {
    __benchResult?: BenchResult;
    __benchError?: string;
  }
}

const sections = import.meta.glob<BenchSection>('./*Bench.ts');
const logEl = document.getElementById('log');

function log(line: string): void {
  console.log(line);
  if (logEl) logEl.textContent += `${line}\n`;
}

async function main(): Promise<void> {
  const name = new URLSearchParams(location.search).get('section') ?? '';
  const load = sections[`./${name}Bench.ts`];
  if (!load) throw new Error(`no bench section "${name}"; have ${Object.keys(sections).join(', ')}`);
  const section = await load();
  window.__benchResult = await section.run(log);
}

main().catch((e: unknown) => {
  const message = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
  log(`failed: ${message}`);
  window.__benchError = message;
});
