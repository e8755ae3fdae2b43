// One fused ADMM step for self-expression, min_C l1‖C‖₁ + l2/2‖C‖²_F + w/2‖Y − YC‖²_F s.t. diag(C) = 0
// (samples are the columns of Y; G = YᵀY). ADMM splits C = Z with penalty ρ and scaled-free dual Δ:
//   Z  = (wG + ρI)⁻¹·rhs                        (the linear step, a matmul before this kernel)
//   C  = prox(Z + Δ/ρ), diag(C) = 0             prox(v) = sign(v)·max(|v| − l1/ρ, 0)/(1 + l2/ρ)
//   Δ += ρ(Z − C)
//   rhs' = wG + ρC − Δ                          (the next linear step's right-hand side)
// With WOODBURY the linear step arrives as two parts and Z = (linA − linB)/ρ; otherwise Z = linA.
// Also writes gap = Z − C, whose max |·| is the primal residual. All matrices are n×n; Δ is updated in place.
// Snippets: flat_index.

struct Params {
  n: u32, total: u32, woodbury: u32,
  rho: f32, weight: f32, l1: f32, l2: f32,
}

@group(0) @binding(0) var<storage, read> linA: array<f32>;
@group(0) @binding(1) var<storage, read> linB: array<f32>;
@group(0) @binding(2) var<storage, read> gram: array<f32>;
@group(0) @binding(3) var<storage, read_write> dual: array<f32>;
@group(0) @binding(4) var<storage, read_write> coef: array<f32>;
@group(0) @binding(5) var<storage, read_write> rhs: array<f32>;
@group(0) @binding(6) var<storage, read_write> gap: array<f32>;
@group(0) @binding(7) var<uniform> params: Params;

@compute @workgroup_size(WG_SIZE)
fn main(ids: FlatIds) {
  let idx = flatIndex(ids);
  if (idx >= params.total) { return; }
  let n = params.n;
  let rho = params.rho;
  var z = linA[idx];
  if (params.woodbury == 1u) { z = (linA[idx] - linB[idx]) / rho; }
  let v = z + dual[idx] / rho;
  var c = sign(v) * max(abs(v) - params.l1 / rho, 0.0) / (1.0 + params.l2 / rho);
  if ((idx % (n * n)) / n == idx % n) { c = 0.0; }
  let d = dual[idx] + rho * (z - c);
  dual[idx] = d;
  coef[idx] = c;
  rhs[idx] = params.weight * gram[idx] + rho * c - d;
  gap[idx] = z - c;
}
