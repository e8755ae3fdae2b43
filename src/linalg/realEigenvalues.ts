// Eigenvalues of a small real non-symmetric matrix on the host (float64): Hessenberg reduction, then Francis double-shift QR.
//
// Used for the r×r operators of DMD/EDMD and Koopman autoencoders (r ≲ 32), after the heavy projections ran on the
// backend. Algorithm: Wilkinson & Reinsch, "Handbook for Automatic Computation II" (ELMHES + HQR); Golub & Van Loan,
// "Matrix Computations", §7.5 (the practical QR algorithm). Matrices here are tiny, so no balancing step.

/** Eigenvalues as parallel real/imaginary arrays; complex ones come in conjugate pairs (positive imaginary part first). */
export type ComplexValues = { re: number[]; im: number[] };

const MAX_ITERATIONS_PER_VALUE = 60;

/**
 * All eigenvalues of a real square matrix.
 * @param a n×n, row-major (length n²), finite; not modified
 * @returns n eigenvalues, sorted by modulus (descending), conjugate pairs adjacent
 * @throws RangeError for a non-square length or non-finite entries; Error if the QR iteration does not converge
 */
export function realEigenvalues(a: ArrayLike<number>, n: number): ComplexValues {
  if (!Number.isInteger(n) || n < 0 || a.length !== n * n) throw new RangeError(`realEigenvalues: ${a.length} entries do not form a ${n}×${n} matrix`);
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) throw new RangeError(`realEigenvalues: entry (${Math.floor(i / n)}, ${i % n}) is ${a[i]}`);
  }
  // 1-based rows/cols, as in the published algorithm, so its index arithmetic stays recognisable.
  const h: number[][] = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i && j ? a[(i - 1) * n + (j - 1)] : 0)));
  toHessenberg(h, n);
  const re = new Array<number>(n + 1).fill(0);
  const im = new Array<number>(n + 1).fill(0);
  hessenbergQr(h, n, re, im);
  const order = Array.from({ length: n }, (_, i) => i + 1).sort((p, q) => Math.hypot(re[q], im[q]) - Math.hypot(re[p], im[p]) || im[q] - im[p]);
  return { re: order.map((i) => re[i]), im: order.map((i) => im[i]) };
}

/** Similarity reduction to upper Hessenberg form by stabilized elementary eliminations (row pivoting); zeroes the rest. */
function toHessenberg(h: number[][], n: number): void {
  for (let m = 2; m < n; m++) {
    let pivot = 0;
    let row = m;
    for (let j = m; j <= n; j++) {
      if (Math.abs(h[j][m - 1]) > Math.abs(pivot)) {
        pivot = h[j][m - 1];
        row = j;
      }
    }
    if (row !== m) {
      for (let j = m - 1; j <= n; j++) [h[row][j], h[m][j]] = [h[m][j], h[row][j]];
      for (let j = 1; j <= n; j++) [h[j][row], h[j][m]] = [h[j][m], h[j][row]];
    }
    if (pivot === 0) continue;
    for (let i = m + 1; i <= n; i++) {
      const y = h[i][m - 1] / pivot;
      if (y === 0) continue;
      h[i][m - 1] = 0;
      for (let j = m; j <= n; j++) h[i][j] -= y * h[m][j];
      for (let j = 1; j <= n; j++) h[j][m] += y * h[j][i];
    }
  }
}

/** Francis double-shift QR on an upper Hessenberg matrix (destroyed); eigenvalues into re[1..n], im[1..n]. */
function hessenbergQr(h: number[][], n: number, re: number[], im: number[]): void {
  let norm = 0;
  for (let i = 1; i <= n; i++) for (let j = Math.max(i - 1, 1); j <= n; j++) norm += Math.abs(h[i][j]);
  let nn = n;
  let shiftTotal = 0;
  while (nn >= 1) {
    let its = 0;
    let l: number;
    do {
      // find a negligible subdiagonal entry: the active block is rows l..nn
      for (l = nn; l >= 2; l--) {
        let s = Math.abs(h[l - 1][l - 1]) + Math.abs(h[l][l]);
        if (s === 0) s = norm;
        if (Math.abs(h[l][l - 1]) + s === s) {
          h[l][l - 1] = 0;
          break;
        }
      }
      let x = h[nn][nn];
      if (l === nn) {
        re[nn] = x + shiftTotal;
        im[nn] = 0;
        nn--;
        continue;
      }
      let y = h[nn - 1][nn - 1];
      let w = h[nn][nn - 1] * h[nn - 1][nn];
      if (l === nn - 1) {
        // a 2×2 block: its two eigenvalues in closed form
        const p = 0.5 * (y - x);
        const q = p * p + w;
        let z = Math.sqrt(Math.abs(q));
        x += shiftTotal;
        if (q >= 0) {
          z = p + (p >= 0 ? z : -z);
          re[nn - 1] = re[nn] = x + z;
          if (z !== 0) re[nn] = x - w / z;
          im[nn - 1] = im[nn] = 0;
        } else {
          re[nn - 1] = re[nn] = x + p;
          im[nn - 1] = z;
          im[nn] = -z;
        }
        nn -= 2;
        continue;
      }
      if (its === MAX_ITERATIONS_PER_VALUE) throw new Error(`realEigenvalues: QR iteration did not converge in ${MAX_ITERATIONS_PER_VALUE} steps`);
      if (its === 10 || its === 20) {
        // exceptional shift, breaks cycles
        shiftTotal += x;
        for (let i = 1; i <= nn; i++) h[i][i] -= x;
        const s = Math.abs(h[nn][nn - 1]) + Math.abs(h[nn - 1][nn - 2]);
        y = x = 0.75 * s;
        w = -0.4375 * s * s;
      }
      its++;
      doubleShiftSweep(h, l, nn, x, y, w);
    } while (l < nn - 1);
  }
}

/** One implicit double-shift QR sweep on rows/cols l..nn, shifts given by x + y (trace) and x·y − w (determinant). */
function doubleShiftSweep(h: number[][], l: number, nn: number, x0: number, y: number, w: number): void {
  let x = x0;
  let p = 0;
  let q = 0;
  let r = 0;
  let z = 0;
  let m: number;
  // look for two consecutive small subdiagonal entries, so the sweep can start lower
  for (m = nn - 2; m >= l; m--) {
    z = h[m][m];
    const rr = x - z;
    const ss = y - z;
    p = (rr * ss - w) / h[m + 1][m] + h[m][m + 1];
    q = h[m + 1][m + 1] - z - rr - ss;
    r = h[m + 2][m + 1];
    const s = Math.abs(p) + Math.abs(q) + Math.abs(r);
    p /= s;
    q /= s;
    r /= s;
    if (m === l) break;
    const u = Math.abs(h[m][m - 1]) * (Math.abs(q) + Math.abs(r));
    const v = Math.abs(p) * (Math.abs(h[m - 1][m - 1]) + Math.abs(z) + Math.abs(h[m + 1][m + 1]));
    if (u + v === v) break;
  }
  for (let i = m + 2; i <= nn; i++) {
    h[i][i - 2] = 0;
    if (i !== m + 2) h[i][i - 3] = 0;
  }
  for (let k = m; k <= nn - 1; k++) {
    if (k !== m) {
      p = h[k][k - 1];
      q = h[k + 1][k - 1];
      r = k !== nn - 1 ? h[k + 2][k - 1] : 0;
      x = Math.abs(p) + Math.abs(q) + Math.abs(r);
      if (x !== 0) {
        p /= x;
        q /= x;
        r /= x;
      }
    }
    const norm = Math.sqrt(p * p + q * q + r * r);
    const s = p >= 0 ? norm : -norm;
    if (s === 0) continue;
    if (k === m) {
      if (l !== m) h[k][k - 1] = -h[k][k - 1];
    } else h[k][k - 1] = -s * x;
    p += s;
    x = p / s;
    const yy = q / s;
    z = r / s;
    q /= p;
    r /= p;
    // the Householder reflector, from the left (rows k..k+2) then from the right (cols k..k+2)
    for (let j = k; j <= nn; j++) {
      let t = h[k][j] + q * h[k + 1][j];
      if (k !== nn - 1) {
        t += r * h[k + 2][j];
        h[k + 2][j] -= t * z;
      }
      h[k + 1][j] -= t * yy;
      h[k][j] -= t * x;
    }
    const last = Math.min(nn, k + 3);
    for (let i = l; i <= last; i++) {
      let t = x * h[i][k] + yy * h[i][k + 1];
      if (k !== nn - 1) {
        t += z * h[i][k + 2];
        h[i][k + 2] -= t * r;
      }
      h[i][k + 1] -= t * q;
      h[i][k] -= t;
    }
  }
}
