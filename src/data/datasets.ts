// Loads the shipped datasets (digits, grayscale images) from public/data through a byte source.

/** Where bytes come from: fetch in the browser and worker, the file system in Node tests. */
export type ByteSource = (path: string) => Promise<Uint8Array>;

export type Digits = {
  /** 1797×64, pixel values 0..16, row-major (samples are rows). */
  X: Float32Array;
  y: Int32Array;
  n: number;
  d: number;
};

export const IMAGE_NAMES = ['camera', 'astronaut', 'chelsea', 'coffee'] as const;
export type ImageName = (typeof IMAGE_NAMES)[number];

export const DIGITS_ROWS = 1797;
const DIGITS_ROW_BYTES = 65;

/**
 * The URL of the folder the app is served from, where public/ lands (`data/…`, icons): Vite's base
 * resolved against the page's own URL. With the relative base of the build ('./') that is the folder
 * of index.html under any sub-path; the dev server's '/' gives the origin's root. Only the page knows
 * this: the compute worker's script sits in assets/, one level down.
 * @param base Vite's `import.meta.env.BASE_URL` ('./' or '/…/')
 * @param pageHref the page's `location.href` (hash and query are ignored)
 */
export function appBaseUrl(base: string, pageHref: string): string {
  return new URL(base, pageHref).href;
}

/** A ByteSource that fetches from the app's public folder. */
export function fetchSource(base: string): ByteSource {
  return async (path) => {
    const url = `${base.replace(/\/$/, '')}/${path}`;
    const res = await fetch(url);
    if (!res.ok) throw new Error(`could not load ${path}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
}

const cache = new Map<string, Promise<unknown>>();

function cached<T>(key: string, make: () => Promise<T>): Promise<T> {
  let p = cache.get(key) as Promise<T> | undefined;
  if (!p) {
    p = make();
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

/** The 8×8 digits: 1797 samples of 64 pixels with labels 0..9. */
export function loadDigits(src: ByteSource): Promise<Digits> {
  return cached('digits', async () => {
    const bytes = await src('data/digits.u8');
    if (bytes.length !== DIGITS_ROWS * DIGITS_ROW_BYTES) throw new Error(`digits.u8 has ${bytes.length} bytes, expected ${DIGITS_ROWS * DIGITS_ROW_BYTES}`);
    const X = new Float32Array(DIGITS_ROWS * 64);
    const y = new Int32Array(DIGITS_ROWS);
    for (let i = 0; i < DIGITS_ROWS; i++) {
      for (let j = 0; j < 64; j++) X[i * 64 + j] = bytes[i * DIGITS_ROW_BYTES + j];
      y[i] = bytes[i * DIGITS_ROW_BYTES + 64];
    }
    return { X, y, n: DIGITS_ROWS, d: 64 };
  });
}

/** A 256×256 grayscale image with values in [0, 1], row-major. */
export function loadImage(src: ByteSource, name: ImageName): Promise<{ rows: number; cols: number; data: Float32Array }> {
  if (!IMAGE_NAMES.includes(name)) return Promise.reject(new Error(`unknown image “${name}”; choose one of ${IMAGE_NAMES.join(', ')}`));
  return cached(`image:${name}`, async () => {
    const bytes = await src(`data/images/${name}.u8`);
    if (bytes.length !== 256 * 256) throw new Error(`${name}.u8 has ${bytes.length} bytes, expected 65536`);
    const data = new Float32Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) data[i] = bytes[i] / 255;
    return { rows: 256, cols: 256, data };
  });
}
