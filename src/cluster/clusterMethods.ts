// The clustering methods `subspaceLab.cluster` offers, by name: a module of its own so the page can list them without loading the kernels.

export const CLUSTER_METHODS = ['kmeans', 'kss', 'ssc', 'ensc', 'lsr', 'spectral', 'mcr2'] as const;
export type ClusterMethod = (typeof CLUSTER_METHODS)[number];
