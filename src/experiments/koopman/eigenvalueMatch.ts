// How far learned eigenvalues are from the true ones: the best one-to-one matching, worst distance on the complex plane.

/**
 * min over injective assignments π of max_i |truth_i − learned_π(i)|, for real `truth` against complex learned values.
 * Exhaustive over assignments (fine for ≤ 8 learned values); Infinity when fewer learned values than true ones.
 */
export function eigenvalueMatchError(learned: { re: number[]; im: number[] }, truth: number[]): number {
  const n = learned.re.length;
  if (n < truth.length) return Infinity;
  if (n > 10) throw new RangeError(`eigenvalueMatchError: ${n} learned values is too many for an exhaustive matching`);
  const used = new Array<boolean>(n).fill(false);
  let best = Infinity;
  const search = (i: number, worst: number): void => {
    if (worst >= best) return;
    if (i === truth.length) {
      best = worst;
      return;
    }
    for (let j = 0; j < n; j++) {
      if (used[j]) continue;
      used[j] = true;
      search(i + 1, Math.max(worst, Math.hypot(learned.re[j] - truth[i], learned.im[j])));
      used[j] = false;
    }
  };
  search(0, 0);
  return best;
}
