// The four parameterizations the page compares, by id: a module of its own so the plots can name them without loading the training code.

export const VARIANTS = ['dense', 'lowrank', 'sltrain', 'lost'] as const;
export type VariantId = (typeof VARIANTS)[number];
