// The digit transforms: a shift moves every pixel one right and one down; mirror and rotation are permutations of the grid.
import { describe, expect, it } from 'vitest';
import { Rng } from './rng';
import { invertImages, mirrorImages, rotateImages, shiftImages } from './digitTransforms';

const images = (n: number) => Float32Array.from(new Rng(3).normals(n * 64), (v) => Math.abs(v) % 1);

describe('digit transforms', () => {
  it('shift: pixel (y, x) moves to (y + 1, x + 1); the first row and column are blank', () => {
    const X = images(3);
    const S = shiftImages(X);
    for (let i = 0; i < 3; i++) {
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          const want = y === 0 || x === 0 ? 0 : X[i * 64 + (y - 1) * 8 + x - 1];
          expect(S[i * 64 + y * 8 + x]).toBe(want);
        }
      }
    }
  });

  it('mirror twice, rotate four times and invert twice give the images back; one rotation moves the top-right corner to the top-left', () => {
    const X = images(2);
    expect(Array.from(mirrorImages(mirrorImages(X)))).toEqual(Array.from(X));
    expect(Array.from(rotateImages(rotateImages(rotateImages(rotateImages(X)))))).toEqual(Array.from(X));
    expect(Array.from(invertImages(invertImages(X))).map((v, i) => Math.abs(v - X[i]) < 1e-6)).not.toContain(false);
    expect(rotateImages(X)[0]).toBe(X[7]);
    expect(mirrorImages(X)[0]).toBe(X[7]);
  });
});
