// Users' uploaded matrices, stored in IndexedDB under their content hash so a link can refer to them; a full store says so.
import type { ParsedCsv } from './csv';

export type StoredMatrix = { rows: number; cols: number; data: Float32Array; labels?: Int32Array; name: string; created: number };

const DB_NAME = 'subspace-lab';
const STORE = 'datasets';

/** `user:<hex>` — the first 16 bytes of the SHA-256 of the numbers, shape and labels. */
export async function contentRef(m: { rows: number; cols: number; data: Float32Array; labels?: Int32Array }): Promise<string> {
  const head = new Int32Array([m.rows, m.cols, m.labels ? 1 : 0]);
  const parts = [head, m.data, ...(m.labels ? [m.labels] : [])];
  const total = parts.reduce((s, p) => s + p.byteLength, 0);
  const bytes = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    bytes.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), off);
    off += p.byteLength;
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return `user:${Array.from(digest.slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('This browser has no IndexedDB, so uploaded data cannot be stored.'));
      return;
    }
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(new Error(`IndexedDB could not be opened: ${req.error?.message ?? 'unknown error'}`));
  });
}

/** The browser refused to store more (QuotaExceededError); nothing stored before was lost. */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';
}

/** An IndexedDB failure in words; a quota error becomes StorageFullError naming what was not stored. */
export function describeStorageError(err: unknown, what: string): Error {
  const name = (err as { name?: string } | null)?.name;
  const message = (err as { message?: string } | null)?.message ?? 'request failed';
  if (name === 'QuotaExceededError') {
    return new StorageFullError(
      `The browser's storage for this site is full (QuotaExceededError), so ${what} was not stored. ` +
        "Datasets stored before are kept. Free space (the browser's site settings) or use a smaller file.",
    );
  }
  return new Error(`IndexedDB failed on ${what}: ${name ? `${name}: ` : ''}${message}`);
}

/**
 * One request in one transaction. A write settles only when its transaction commits: a quota
 * error can abort the transaction after the request itself succeeded, and then nothing was stored.
 */
function tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>, what = 'the stored datasets'): Promise<T> {
  return openDb().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const t = db.transaction(STORE, mode);
        let result: T;
        let req: IDBRequest<T>;
        try {
          req = fn(t.objectStore(STORE));
        } catch (e) {
          db.close();
          reject(describeStorageError(e, what));
          return;
        }
        req.onsuccess = () => {
          result = req.result;
          if (mode === 'readonly') resolve(result);
        };
        // a failed request aborts its transaction, and onabort below reports it (the quota error when that is the cause)
        t.oncomplete = () => {
          db.close();
          resolve(result);
        };
        t.onabort = () => {
          db.close();
          reject(describeStorageError(t.error ?? req.error, what));
        };
      }),
  );
}

/** Stores a parsed matrix and returns its reference. Storing the same numbers twice gives the same reference. */
export async function storeUserMatrix(m: ParsedCsv, name: string): Promise<string> {
  const ref = await contentRef(m);
  const value: StoredMatrix = { rows: m.rows, cols: m.cols, data: m.data, labels: m.labels, name: name.slice(0, 120), created: Date.now() };
  const mb = (m.data.byteLength + (m.labels?.byteLength ?? 0)) / 2 ** 20;
  await tx('readwrite', (s) => s.put(value, ref), `“${value.name}” (${m.rows} × ${m.cols}, ${mb.toFixed(1)} MB)`);
  return ref;
}

/** The stored matrix for a reference, or null when this browser does not have it. */
export async function readUserMatrix(ref: string): Promise<StoredMatrix | null> {
  if (!/^user:[0-9a-f]{8,64}$/.test(ref)) return null;
  const v = await tx<StoredMatrix | undefined>('readonly', (s) => s.get(ref) as IDBRequest<StoredMatrix | undefined>);
  return v ?? null;
}

/** Every stored dataset's reference, name and shape (for the upload box's list). */
export async function listUserMatrices(): Promise<{ ref: string; name: string; rows: number; cols: number; labels: boolean }[]> {
  const keys = (await tx('readonly', (s) => s.getAllKeys())) as string[];
  const out = [];
  for (const ref of keys) {
    const m = await readUserMatrix(ref);
    if (m) out.push({ ref, name: m.name, rows: m.rows, cols: m.cols, labels: !!m.labels });
  }
  return out;
}
