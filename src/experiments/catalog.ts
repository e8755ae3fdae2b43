// Every experiment page Subspace Lab plans (PAPERS.md), so the gallery can show what exists and what is coming.

export type CatalogEntry = { id: string; title: string; papers: string[]; idea: string };

export const EXPERIMENT_CATALOG: readonly CatalogEntry[] = [
  { id: 'spectrum', title: 'Singular spectra and low-rank truncation', papers: ['LoRD', 'WeLore', 'SVFit', 'LOST'], idea: 'How much of an image, a dataset or a weight matrix lives in its top singular directions.' },
  { id: 'subspace-clustering', title: 'Subspace clustering', papers: ['Label-free deep subspace clustering', 'MLC', 'SSC / EnSC / LSR'], idea: 'Points on a union of subspaces are told apart by writing each as a combination of the others.' },
  { id: 'rate-reduction', title: 'Coding rate reduction', papers: ['MLC', 'CRATE'], idea: 'Learn features that expand the whole while compressing each class into a low-dimensional subspace.' },
  { id: 'intrinsic-dimension', title: 'Intrinsic dimension', papers: ['Measuring the Intrinsic Dimension of Objective Landscapes'], idea: 'Train in a random d-dimensional subspace of the weights: the smallest d that works measures the problem.' },
  { id: 'loss-landscape', title: 'Loss landscapes and sharpness', papers: ['Sharpness-Aware Training for Free', 'Visualizing the Loss Landscape'], idea: 'Slice the loss along filter-normalized directions and watch sharpness during training.' },
  { id: 'sparse-lowrank', title: 'Sparse plus low-rank training', papers: ['SLTrain', 'LOST'], idea: 'A low-rank factor and a fixed sparse support together match dense training at a fraction of the parameters.' },
  { id: 'galore', title: 'Low-rank gradient projection', papers: ['GaLore', 'SVD-free DCT projection', 'Fira', 'Q-GaLore'], idea: 'Keep optimizer state in the top singular subspace of the gradient, refreshed every T steps.' },
  { id: 'continual', title: 'Continual learning in orthogonal subspaces', papers: ['CoSO'], idea: 'Each new task learns in directions orthogonal to what earlier tasks used.' },
  { id: 'lora', title: 'Low-rank adapters', papers: ['LoRA', 'LoRA-SB', 'SVFit', 'FLoRA'], idea: 'Fine-tune through a tiny low-rank update instead of the full weight matrix.' },
  { id: 'compression', title: 'Low-rank compression', papers: ['EoRA', 'LoRD', 'CoSpaDi', 'LR²VQ'], idea: 'Recover what quantization or pruning lost with a small low-rank correction chosen on real activations.' },
  { id: 'grassmann', title: 'Grassmann class representation', papers: ['GCR'], idea: 'Each class is a subspace; a sample’s logit is the norm of its projection onto it.' },
  { id: 'sampling', title: 'Sensitivity sampling', papers: ['Sharper Bounds for ℓp Sensitivity Sampling'], idea: 'Sample rows by leverage scores or Lewis weights to preserve a subspace with few rows.' },
  { id: 'robust-recovery', title: 'Robust low-rank recovery', papers: ['Global Convergence of SubGM'], idea: 'An ℓ1 subgradient method from a small initialization recovers a low-rank matrix despite outliers.' },
  { id: 'alignment', title: 'Representation alignment', papers: ['Convergent Learning', 'Escaping Plato’s Cave', 'Projection Head', 'ColBERT projection variants'], idea: 'Do two networks learn the same features? Match units and compare subspaces.' },
  { id: 'diffusion-subspaces', title: 'Diffusion models as subspace clustering', papers: ['Diffusion Models Learn Low-Dimensional Distributions via Subspace Clustering'], idea: 'On a mixture of low-rank Gaussians, training a denoiser is subspace clustering.' },
  { id: 'koopman', title: 'Koopman representations', papers: ['Information Shapes Koopman Representation'], idea: 'A latent space where nonlinear dynamics act linearly, kept rich by an entropy term.' },
  { id: 'model-merging', title: 'Model merging in subspaces', papers: ['Concrete Subspace Learning'], idea: 'Merge fine-tuned models by task arithmetic inside a learned mask.' },
  { id: 'bayesian-sparse', title: 'Sparse subspace variational inference', papers: ['Sparse Subspace Variational Inference'], idea: 'Variational inference on a small, evolving set of coordinates.' },
  { id: 'codecs', title: 'Learned codecs', papers: ['WaLLoC', 'Extreme VQGAN compression'], idea: 'Wavelets, a linear encoder and rounding: rate–distortion on images.' },
  { id: 'rerouting', title: 'Subspace rerouting', papers: ['Subspace rerouting'], idea: 'Find the hidden-state subspaces of two classes and push an input’s hidden state from one to the other: a toy adversarial attack on a digits classifier.' },
  { id: 'unpg', title: 'Unified negative pairs for a cosine-margin classifier', papers: ['UNPG'], idea: 'Add the mini-batch’s negative pairs, outliers filtered, to CosFace’s class negatives so the sampled negatives look like all of them.' },
  { id: 'hydra', title: 'Arbitrary positive pairs (Hydra, toy)', papers: ['Hydra'], idea: 'Any two classes can be a positive pair when a learned gate per class pair opens the subspace where they agree.' },
  { id: 'dynamic-subspaces', title: 'Dynamic subspace learners', papers: ['Dynamic Subspace Learners'], idea: 'Metric learners on slices of one embedding, each with its own attention, added whenever the loss plateaus.' },
  { id: 'hybrid-adaptation', title: 'Few-shot hybrid domain adaptation', papers: ['HDA'], idea: 'Adapt a digit generator toward two target domains at once by pulling its images toward each domain’s subspace, with no discriminator.' },
];
