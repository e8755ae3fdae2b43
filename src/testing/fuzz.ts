// Seeded generators of random and malformed text for the fuzz tests (never Math.random, so a failure reproduces).
import type { Rng } from '../data/rng';

/** One element of `items`, uniformly. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

/** A string of up to maxLength pieces drawn from `pieces` (characters or short tokens). */
export function randomText(rng: Rng, pieces: readonly string[], maxLength: number): string {
  let s = '';
  for (let i = rng.int(maxLength + 1); i > 0; i--) s += pick(rng, pieces);
  return s;
}

/** `text` with a few random edits: a deleted span, a duplicated span, an inserted piece. */
export function mutate(rng: Rng, text: string, pieces: readonly string[]): string {
  let s = text;
  for (let e = 1 + rng.int(3); e > 0; e--) {
    const at = rng.int(s.length + 1);
    const len = rng.int(Math.min(8, s.length - at) + 1);
    const edit = rng.int(3);
    if (edit === 0) s = s.slice(0, at) + s.slice(at + len);
    else if (edit === 1) s = s.slice(0, at) + s.slice(at, at + len) + s.slice(at);
    else s = s.slice(0, at) + pick(rng, pieces) + s.slice(at);
  }
  return s;
}

/** Awkward values of every JSON type: wrong types, non-finite numbers, huge and tiny numbers, nesting, prototype keys. */
export const AWKWARD_VALUES: readonly unknown[] = [
  null, true, false, 0, -0, 1, -1, 0.5, 1e308, -1e308, 5e-324, 2 ** 53 + 1, NaN, Infinity, -Infinity, '', ' ', '1', '0x10', 'NaN',
  '1e999', 'a'.repeat(500), [], [1, 2], ['a', 'a'], {}, { __proto__: { polluted: true } }, { constructor: 1 }, [[[]]], '<script>', '\u0000', '😀',
];
