// Colors for plots: the Okabe–Ito palette, distinguishable with the common forms of color blindness.

/**
 * Okabe & Ito, "Color Universal Design" (2008): eight colors that stay distinct under protanopia,
 * deuteranopia and tritanopia. Cluster i uses CLUSTER_COLORS[i % 8]; black comes last so it is used least.
 */
export const CLUSTER_COLORS = [
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#009E73', // bluish green
  '#F0E442', // yellow
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#CC79A7', // reddish purple
  '#000000', // black
] as const;

/** The color of cluster (or class, or method) `i`, cycling after eight. */
export function clusterColor(i: number): string {
  const n = CLUSTER_COLORS.length;
  return CLUSTER_COLORS[((Math.trunc(i) % n) + n) % n];
}

/** Plotly marker colors for a label vector (labels ≥ 0; negative labels, e.g. outliers, are grey). */
export function labelColors(labels: ArrayLike<number>): string[] {
  return Array.from(labels, (l) => (l < 0 ? '#999999' : clusterColor(l)));
}
