// The app opens, picks a backend with a reason, and its API multiplies matrices on both backends.
import { test, expect, engineReady } from './fixtures';

test('opens on the gallery with the backend shown; auto picks cpu on a software adapter', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Experiments' })).toBeVisible();
  const backend = await engineReady(page);
  const fallback = await page.evaluate(() => window.subspaceLab.device?.fallback ?? null);
  if (fallback !== false) {
    expect(backend).toBe('cpu');
    await expect(page.getByTestId('fallback-banner')).toBeVisible();
  } else {
    expect(backend).toBe('webgpu');
  }
  await expect(page.getByTestId('card-spectrum')).toBeVisible();
  await page.screenshot({ path: 'e2e/output/gallery.png', fullPage: true });
});

for (const backend of ['webgpu', 'cpu'] as const) {
  test(`window.subspaceLab.linalg.matmul matches float64 on ${backend}`, async ({ page, pageErrors }) => {
    void pageErrors;
    await page.goto(`/?backend=${backend}#/`);
    expect(await engineReady(page)).toBe(backend);
    const worst = await page.evaluate(async () => {
      const lab = window.subspaceLab;
      await lab.ready;
      // a deterministic generator local to this check (no Math.random)
      let s = 12345;
      const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
      const mk = (r: number, c: number) => ({ rows: r, cols: c, data: Float32Array.from({ length: r * c }, rnd) });
      let worstErr = 0;
      for (const [m, k, n, ta, tb] of [[41, 23, 9, false, true], [5, 77, 31, true, false], [70, 3, 66, true, true], [1, 50, 1, false, false]] as const) {
        const a = ta ? mk(k, m) : mk(m, k);
        const b = tb ? mk(n, k) : mk(k, n);
        const c = await lab.linalg.matmul(a, b, { transA: ta, transB: tb });
        let scale = 0;
        const ref = new Float64Array(m * n);
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) {
            let acc = 0;
            for (let p = 0; p < k; p++) acc += (ta ? a.data[p * m + i] : a.data[i * k + p]) * (tb ? b.data[j * k + p] : b.data[p * n + j]);
            ref[i * n + j] = acc;
            scale = Math.max(scale, Math.abs(acc));
          }
        if (c.rows !== m || c.cols !== n) throw new Error(`shape ${c.rows}×${c.cols}, expected ${m}×${n}`);
        for (let i = 0; i < m * n; i++) worstErr = Math.max(worstErr, Math.abs(c.data[i] - ref[i]) / scale);
      }
      return worstErr;
    });
    expect(worst).toBeLessThan(1e-5);
    const err = await page.evaluate(async () =>
      window.subspaceLab.linalg.matmul({ rows: 2, cols: 3, data: new Float32Array(6) }, { rows: 2, cols: 2, data: new Float32Array(4) }).then(
        () => 'no error',
        (e: Error) => e.message,
      ),
    );
    expect(err).toMatch(/inner dimensions/);
  });
}

test('the compute worker starts after the first render, so its script compile does not stretch it', async ({ page, pageErrors }) => {
  void pageErrors;
  await page.addInitScript(() => {
    // when React first puts the app into #root (replacing the static "Loading…" line)
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-testid="backend-status"]')) {
        (window as unknown as { firstRenderAt: number }).firstRenderAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
    // when the page creates its compute worker
    const NativeWorker = window.Worker;
    window.Worker = class extends NativeWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        (window as unknown as { workerAt: number }).workerAt ??= performance.now();
      }
    };
  });
  await page.goto('/?backend=cpu#/spectrum');
  await engineReady(page);
  const t = await page.evaluate(() => ({
    rendered: (window as unknown as { firstRenderAt?: number }).firstRenderAt ?? null,
    worker: (window as unknown as { workerAt?: number }).workerAt ?? null,
  }));
  expect(t.rendered, 'the app rendered').not.toBeNull();
  expect(t.worker, 'the worker was created').not.toBeNull();
  expect(t.worker!).toBeGreaterThan(t.rendered!);
});

test("a run's outcome crosses from the worker without its final metrics; experiments.run still returns them, from the last report", async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/?backend=cpu#/');
  await engineReady(page);
  const r = await page.evaluate(async () => {
    const lab = window.subspaceLab;
    const seen: string[] = [];
    const reply = await lab.runs.start('e2e-reply', 'spectrum', 'quick', (p) => void seen.push(JSON.stringify(p.metrics)));
    const reports: string[] = [];
    const viaApi = await lab.experiments.run('spectrum', 'quick', { onProgress: (p) => void reports.push(JSON.stringify(p.metrics)) });
    return { keys: Object.keys(reply).sort(), status: reply.status, steps: reply.steps, reports: seen.length, apiMetrics: JSON.stringify(viaApi.metrics), apiLast: reports.at(-1), apiReports: reports.length };
  });
  // the affinity matrices, activations and curves of a page's last report used to travel twice at the run's end
  expect(r.keys).toEqual(['config', 'message', 'status', 'steps', 'warnings']);
  expect([r.status, r.steps]).toEqual(['done', r.reports]);
  expect(r.apiReports).toBeGreaterThan(1);
  expect(r.apiMetrics).toBe(r.apiLast);
  expect(JSON.parse(r.apiMetrics)).toHaveProperty('sigma');
});

test("a run disables the parameter fields through their fieldset, and its start and end leave the side panels' other inputs alone", async ({ page, pageErrors }) => {
  void pageErrors;
  await page.goto('/?backend=cpu#/spectrum');
  await engineReady(page);
  const fieldset = page.getByTestId('params-fieldset');
  const seed = page.locator('#param-seed');
  await expect(seed).toBeEnabled();
  await expect(page.getByTestId('teacher-classroom')).toBeAttached();
  // every attribute change in the side panels (parameters, links, export, import) from here on
  await page.evaluate(() => {
    const log: string[] = [];
    (window as unknown as { __sideMutations: string[] }).__sideMutations = log;
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target as Element;
        const inFields = el.tagName !== 'FIELDSET' && el.closest('[data-testid="params-fieldset"]') !== null;
        log.push(`${inFields ? 'field ' : ''}${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : el.id ? `#${el.id}` : ''} ${r.attributeName}`);
      }
    }).observe(document.querySelector('[data-testid="experiment-side"]')!, { attributes: true, subtree: true });
  });
  await page.getByTestId('step').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'paused');
  // the fields are disabled while the run is going (paused is going), by their fieldset
  await expect(fieldset).toHaveAttribute('disabled', '');
  await expect(seed).toBeDisabled();
  expect(await seed.evaluate((el) => el.matches(':disabled') && !el.hasAttribute('disabled'))).toBe(true);
  await page.getByTestId('resume').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(seed).toBeEnabled();
  const mutations = await page.evaluate(() => (window as unknown as { __sideMutations: string[] }).__sideMutations);
  // the fieldset's attribute set at the run's start and removed at its end; no parameter field touched, nor any input
  // of the teacher link or the share box, whose props a run does not change (each of them was updated at every run's
  // start, report and end before the panels were memoised). Inputs that follow the run do change: the upload and
  // import boxes (busy), the export buttons (a history to export), the embed link (the plots' list).
  expect(mutations.filter((m) => m.startsWith('fieldset'))).toEqual(['fieldset[params-fieldset] disabled', 'fieldset[params-fieldset] disabled']);
  expect(mutations.filter((m) => m.startsWith('field '))).toEqual([]);
  expect(mutations.filter((m) => /^input\[(hide-|teacher-|share-link)/.test(m))).toEqual([]);
  expect(mutations.some((m) => m.startsWith('button[export-csv] disabled'))).toBe(true);
});
