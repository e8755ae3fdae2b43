// JS heap of a page and of its dedicated workers through the DevTools protocol, after a forced garbage collection.
import type { CDPSession, Page } from '@playwright/test';

export type HeapFigures = { pageBytes: number; workerBytes: number };

/**
 * Measures the page's heap and its workers' heaps (the compute worker's included: workers
 * have no performance.memory). Attaches to the workers once; later calls reuse the sessions.
 */
export async function heapMeter(page: Page): Promise<() => Promise<HeapFigures>> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const workers: string[] = [];
  const pending = new Map<number, (result: unknown) => void>();
  let nextId = 1;
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'worker') workers.push(e.sessionId);
  });
  cdp.on('Target.detachedFromTarget', (e) => {
    const i = workers.indexOf(e.sessionId);
    if (i >= 0) workers.splice(i, 1);
  });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message) as { id: number; result?: unknown; error?: { message: string } };
    const done = pending.get(m.id);
    if (!done) return;
    pending.delete(m.id);
    done(m.error ? new Error(m.error.message) : m.result);
  });
  // non-flattened sessions: worker commands travel inside Target.sendMessageToTarget
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const inWorker = async <T>(sessionId: string, method: string): Promise<T> => {
    const id = nextId++;
    const reply = new Promise<unknown>((resolve) => pending.set(id, resolve));
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
    const r = await reply;
    if (r instanceof Error) throw r;
    return r as T;
  };
  return async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const pageBytes = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    let workerBytes = 0;
    for (const s of workers) {
      await inWorker(s, 'HeapProfiler.collectGarbage');
      workerBytes += (await inWorker<{ usedSize: number }>(s, 'Runtime.getHeapUsage')).usedSize;
    }
    if (workers.length === 0) throw new Error('no worker to measure: the compute worker was not found');
    return { pageBytes, workerBytes };
  };
}
