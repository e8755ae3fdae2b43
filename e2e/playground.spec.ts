// The playground as a person uses it: shared links, runs and plots, share/reload, back/forward, exports and imports, bad links, a link fuzz.
import { readFile } from 'node:fs/promises';
import { test, expect, engineReady } from './fixtures';
import { Rng } from '../src/data/rng';

/** The quick preset with seed 5, as a link (source, image and method are defaults, so omitted). */
const QUICK_LINK = '/#/spectrum?size=128&k=16&seed=5&v=1';

async function runAndWait(page: import('@playwright/test').Page) {
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
}

test('a shared link opens its config, runs, plots, exports, and its share link reloads to the same state', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto(QUICK_LINK);
  await engineReady(page);
  await expect(page.locator('#param-size')).toHaveValue('128');
  await expect(page.locator('#param-k')).toHaveValue('16');
  await expect(page.locator('#param-seed')).toHaveValue('5');
  await runAndWait(page);
  for (const id of ['spectrum', 'energy', 'error-vs-params', 'welore', 'reconstruction']) {
    await expect(page.getByTestId(`plot-${id}`)).toHaveAttribute('data-rendered', 'true');
  }
  await expect(page.locator('figure.plot[data-rendered="false"]')).toHaveCount(0);

  // exports: metrics CSV (one row per step), a plot as PNG, the run as JSON
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(csv.suggestedFilename()).toBe('spectrum-metrics-seed5.csv');
  const rows = (await readFile((await csv.path())!, 'utf8')).trimEnd().split('\n');
  expect(rows[0]).toMatch(/^step,total,m,n,/);
  expect(rows).toHaveLength(4);
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png-spectrum').click()]);
  expect(png.suggestedFilename()).toBe('spectrum-spectrum.png');
  const [runJson] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-run').click()]);
  const doc = JSON.parse(await readFile((await runJson.path())!, 'utf8'));
  expect(doc).toMatchObject({ format: 'subspace-lab-run', experiment: 'spectrum', backend: await engineReady(page), config: { k: 16, seed: 5, size: '128' } });
  expect(doc.history).toHaveLength(3);

  // the config export imports back after the panel changed: same config, same link, ready to run
  const [cfg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-config').click()]);
  const cfgPath = (await cfg.path())!;
  const link = await page.getByTestId('share-link').inputValue();
  await page.locator('#param-k').fill('40');
  await page.locator('#param-k').blur();
  await expect(page.getByTestId('share-link')).not.toHaveValue(link);
  await page.getByTestId('import-config').setInputFiles(cfgPath);
  await expect(page.getByTestId('import-status')).toContainText('Press Run');
  await expect(page.getByTestId('share-link')).toHaveValue(link);
  await expect(page.locator('#param-k')).toHaveValue('16');

  // reload the shared link: identical state
  await page.goto(link);
  await engineReady(page);
  await expect(page.getByTestId('share-link')).toHaveValue(link);
  for (const [k, v] of [['size', '128'], ['k', '16'], ['seed', '5'], ['method', 'jacobi'], ['image', 'camera']]) await expect(page.locator(`#param-${k}`)).toHaveValue(v);
  await page.screenshot({ path: 'e2e/output/playground.png', fullPage: true });
});

test('back and forward restore the config after two knob changes; a bad import says why', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto(QUICK_LINK);
  await engineReady(page);
  const k = page.locator('#param-k');
  for (const v of ['24', '30']) {
    await k.fill(v);
    await k.blur();
    await expect(page).toHaveURL(new RegExp(`[?&]k=${v}&`));
  }
  await page.goBack();
  await expect(k).toHaveValue('24');
  await page.goBack();
  await expect(k).toHaveValue('16');
  await page.goForward();
  await expect(k).toHaveValue('24');
  await expect(page.getByTestId('share-link')).toHaveValue(/k=24&/);

  await page.getByTestId('import-config').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"experiment":"spectrum","config":{"k":-3,"zzz":1}}') });
  await expect(page.getByTestId('import-warnings')).toContainText('Unknown parameter “zzz”');
  await expect(page.getByTestId('import-warnings')).toContainText('Rank k');
  await page.getByTestId('import-config').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{oops') });
  await expect(page.getByTestId('import-error')).toContainText('not valid JSON');
});

test('a malformed link shows its warnings and the page still works; every control has a label', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/#/spectrum?k=abc&zzz=1&seed=<script>');
  const warnings = page.getByTestId('link-warnings');
  await expect(warnings).toBeVisible();
  await expect(warnings).toContainText('Unknown parameter “zzz”');
  await expect(warnings).toContainText('Rank k');
  await expect(warnings).toContainText('Seed');
  await expect(page.getByTestId('experiment-page')).toBeVisible();
  await expect(page.locator('#param-k')).toHaveValue('20');
  expect(await page.locator('#root script').count()).toBe(0);

  const unlabeled = await page.evaluate(() => {
    const named = (el: Element) => {
      const h = el as HTMLInputElement;
      if (el.getAttribute('aria-label')?.trim() || el.getAttribute('aria-labelledby')) return true;
      if (el.tagName === 'BUTTON' || el.tagName === 'A' || el.tagName === 'SUMMARY') return !!el.textContent?.trim();
      return !!h.labels && h.labels.length > 0 && Array.from(h.labels).some((l) => l.textContent?.trim());
    };
    return Array.from(document.querySelectorAll('#root input, #root select, #root textarea, #root button, #root summary'))
      .filter((el) => !named(el))
      .map((el) => el.outerHTML.slice(0, 120));
  });
  expect(unlabeled).toEqual([]);
});

test('50 malformed hashes in a row: never throws, never injects markup, always renders', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/#/spectrum');
  await engineReady(page);
  const rng = new Rng(2024);
  const pieces = [
    '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '%', '%E0%A4%A', '%3Cscript%3E', '&&', '==', '?', '#', '1e999', 'NaN', '-0',
    '🙂', '\u0000', 'seed', 'k', 'source', 'upload', 'dataset', 'user:zz', 'hide', 'classroom', 'v', '2', '-5', 'a,b', ',,', '"', "'", '\\',
  ];
  const pick = () => pieces[rng.int(pieces.length)];
  const hashes: string[] = [];
  for (let i = 0; i < 50; i++) {
    let q = '';
    for (let j = rng.int(7); j > 0; j--) q += `${pick()}${rng.uniform() < 0.6 ? '=' : ''}${pick()}${rng.uniform() < 0.7 ? '&' : ''}`;
    const id = rng.uniform() < 0.7 ? 'spectrum' : rng.uniform() < 0.5 ? 'diagnostics' : pick();
    hashes.push(rng.uniform() < 0.1 ? q : `#/${id}?${q}`);
  }
  const failures = await page.evaluate(async (list) => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const bad: string[] = [];
    for (const h of list) {
      location.hash = h;
      await frame();
      if (!document.querySelector('header.header')) bad.push(`no header after ${h}`);
      if (document.querySelectorAll('#root script, #root iframe, #root object, #root embed, #root [onerror]').length) bad.push(`markup injected by ${h}`);
      if (!document.querySelector('#main')?.children.length) bad.push(`empty page after ${h}`);
    }
    return bad;
  }, hashes);
  expect(failures).toEqual([]);
  await expect(page.getByTestId('backend-status')).toBeVisible();
});

test('reproducible: the quick run twice gives identical metrics; cpu and webgpu agree on σ', async ({ browser }) => {
  const runQuick = async (backend: 'cpu' | 'webgpu', times: number) => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`/?backend=${backend}#/`);
      expect(await engineReady(page)).toBe(backend);
      const results = await page.evaluate(async (n) => {
        const out: string[] = [];
        for (let i = 0; i < n; i++) out.push(JSON.stringify((await window.subspaceLab.experiments.run('spectrum', 'quick')).metrics));
        return out;
      }, times);
      await expect(page.getByTestId('gpu-errors')).toHaveCount(0);
      expect(errors).toEqual([]);
      return results.map((r) => JSON.parse(r) as Record<string, unknown>);
    } finally {
      await page.close();
    }
  };
  const started = Date.now();
  const gpu = await runQuick('webgpu', 2);
  const gpuSeconds = (Date.now() - started) / 1000;
  const { svd_ms: t0, ...first } = gpu[0];
  const { svd_ms: t1, ...second } = gpu[1];
  void t0;
  void t1;
  expect(second, 'same config, same backend: the same numbers').toEqual(first);
  const [cpu] = await runQuick('cpu', 1);
  const sg = gpu[0].sigma as number[];
  const sc = cpu.sigma as number[];
  expect(sg).toHaveLength(sc.length);
  let worst = 0;
  let where = 0;
  for (let i = 0; i < sc.length; i++) {
    const rel = Math.abs(sg[i] - sc[i]) / Math.abs(sc[i]);
    if (rel > worst) [worst, where] = [rel, i];
  }
  console.log(`webgpu quick ×2: ${gpuSeconds.toFixed(1)} s; worst σ relative difference cpu vs webgpu: ${worst.toExponential(2)} at σ${where + 1} = ${sc[where]}`);
  expect(worst, `σ${where + 1}: webgpu ${sg[where]} vs cpu ${sc[where]}`).toBeLessThan(1e-3);
});

test('the gallery’s reading list links every paper to its page; diagnostics polls live tensors and switches backend', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/#/');
  const entries = page.getByTestId('reading-entry');
  await expect(entries).toHaveCount(44);
  const lora = entries.filter({ hasText: 'LoRA: Low-Rank Adaptation of Large Language Models' });
  await expect(lora.getByRole('link').first()).toHaveAttribute('href', /^https:\/\/arxiv\.org\/search\/\?searchtype=title&query=LoRA/);
  await entries.filter({ hasText: 'LORD: Low Rank Decomposition' }).getByRole('link', { name: 'Singular spectra and low-rank truncation' }).click();
  await expect(page.getByTestId('experiment-page')).toHaveAttribute('data-experiment', 'spectrum');

  await page.goto('/#/diagnostics');
  await engineReady(page);
  await expect(page.getByTestId('live-tensors')).toHaveText(/^\d+$/, { timeout: 10_000 });
  await page.getByTestId('diag-backend-switch').selectOption('cpu');
  await expect(page).toHaveURL(/\?backend=cpu#\/diagnostics$/);
  expect(await engineReady(page)).toBe('cpu');
  await expect(page.getByTestId('diag-backend-switch')).toHaveValue('cpu');
});
