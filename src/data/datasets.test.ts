// The shipped data files load with the right sizes, ranges and labels.
import { describe, expect, it } from 'vitest';
import { IMAGE_NAMES, loadDigits, loadImage } from './datasets';
import { nodeSource } from './nodeSource';

describe('shipped data', () => {
  it('digits: 1797×64 in 0..16 with all ten labels', async () => {
    const d = await loadDigits(nodeSource);
    expect(d.X.length).toBe(1797 * 64);
    expect(Math.max(...d.X)).toBe(16);
    expect(Math.min(...d.X)).toBe(0);
    const counts = new Array(10).fill(0);
    for (const c of d.y) counts[c]++;
    expect(counts.every((c) => c >= 170 && c <= 190)).toBe(true);
    // the first sample of scikit-learn's load_digits is a 0
    expect(d.y[0]).toBe(0);
    expect(Array.from(d.X.slice(0, 8))).toEqual([0, 0, 5, 13, 9, 1, 0, 0]);
  });
  it('images: 256×256 in [0, 1] and not constant', async () => {
    for (const name of IMAGE_NAMES) {
      const im = await loadImage(nodeSource, name);
      expect(im.data.length).toBe(65536);
      let lo = 1, hi = 0;
      for (const v of im.data) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      expect(hi - lo).toBeGreaterThan(0.5);
    }
    await expect(loadImage(nodeSource, 'nope' as never)).rejects.toThrow(/unknown image/);
  });
});
