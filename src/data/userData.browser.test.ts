// A full IndexedDB in real Chromium (quota errors injected at put): the upload is refused with the reason, nothing stored before is lost.
import { afterEach, describe, expect, it } from 'vitest';
import { listUserMatrices, readUserMatrix, StorageFullError, storeUserMatrix } from './userData';
import { parseCsv } from './csv';

const realPut = IDBObjectStore.prototype.put;
afterEach(() => {
  IDBObjectStore.prototype.put = realPut;
});

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

/** The rejection of `p` (the test fails when it resolves). */
async function rejection(p: Promise<unknown>): Promise<Error> {
  const r = await p.then(() => null, (e: Error) => e);
  if (!r) throw new Error('expected the store to be refused, but it resolved');
  return r;
}

describe('storing uploads when IndexedDB is full', () => {
  it('a put that throws QuotaExceededError is refused with the reason, and the earlier dataset is kept', async () => {
    const kept = parseCsv('1,2\n3,4\n');
    const keptRef = await storeUserMatrix(kept, 'kept.csv');
    const before = await listUserMatrices();
    IDBObjectStore.prototype.put = function () {
      throw quota();
    };
    const e = await rejection(storeUserMatrix(parseCsv('5,6,7\n8,9,10\n'), 'new.csv'));
    IDBObjectStore.prototype.put = realPut;
    expect(e).toBeInstanceOf(StorageFullError);
    expect(e.message).toContain('full (QuotaExceededError), so “new.csv” (2 × 3, 0.0 MB) was not stored');
    expect(e.message).toContain('Datasets stored before are kept');
    expect(await listUserMatrices()).toEqual(before);
    const back = await readUserMatrix(keptRef);
    expect(back && Array.from(back.data)).toEqual([1, 2, 3, 4]);
  });

  it('a quota error that aborts the transaction after the put succeeded is refused too, and nothing of it is stored', async () => {
    const kept = await storeUserMatrix(parseCsv('11,12\n'), 'kept2.csv');
    const before = await listUserMatrices();
    // as a browser does on commit: the request succeeds, then the transaction aborts with a QuotaExceededError
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      const req = realPut.apply(this, args);
      const t = this.transaction;
      req.addEventListener('success', () => {
        Object.defineProperty(t, 'error', { value: quota() });
        t.abort();
      });
      return req;
    };
    const big = parseCsv('13,14,15\n');
    const e = await rejection(storeUserMatrix(big, 'late.csv'));
    IDBObjectStore.prototype.put = realPut;
    expect(e).toBeInstanceOf(StorageFullError);
    expect(e.message).toContain('“late.csv”');
    expect(await listUserMatrices()).toEqual(before);
    expect((await readUserMatrix(kept))?.name).toBe('kept2.csv');
  });
});
