// The reading list: every paper in PAPERS.md, a two-sentence card, and the pages that demonstrate it (no React).
import { paper } from './framework/paperLink';

export type ReadingEntry = {
  /** The short name PAPERS.md and the catalog use. */
  short: string;
  /** Other short names the catalog uses for the same paper. */
  aliases?: string[];
  /** The paper's exact title. */
  title: string;
  /** Title words for the arXiv title search when the exact title has notation the search cannot match. */
  searchTitle?: string;
  /** One or two sentences, in our words. */
  summary: string;
  /** Catalog page ids that demonstrate it, the main one first. */
  pages: string[];
  /** 'idea': out of scope as an experiment; the page shows its underlying idea (see `note`). */
  scope: 'page' | 'idea';
  note?: string;
  /** False for the classics PAPERS.md names that are not in papers-abstracts.txt. */
  inAbstracts: boolean;
};

const e = (short: string, title: string, pages: string[], summary: string, o: Partial<ReadingEntry> = {}): ReadingEntry => ({
  short, title, pages, summary, scope: 'page', inAbstracts: true, ...o,
});

export const READING_LIST: readonly ReadingEntry[] = [
  // spectrum
  e('LoRD', 'LORD: Low Rank Decomposition Of Monolingual Code LLMs For One-Shot Compression', ['spectrum', 'compression'], 'Replaces each linear layer of a code LLM by two thin factors from its SVD, cutting parameters in one shot with almost no loss. The factors stay dense and trainable, so the compressed model still runs on ordinary matmul kernels and can be quantized or fine-tuned further.'),
  e('WeLore', 'From GaLore to WeLore: How Low-Rank Weights Non-uniformly Emerge from Low-Rank Gradients', ['spectrum', 'galore'], 'Shows that low-rank gradients make some weight matrices low rank and others not, so each layer deserves its own rank. WeLore reads a layer’s rank off its normalized singular-value spectrum and fine-tunes only the matrices that compress well.'),
  e('SVFit', 'SVFit: Parameter-Efficient Fine-Tuning of Large Pre-Trained Models Using Singular Values', ['spectrum', 'lora'], 'Fine-tunes a pretrained weight by training only its top singular values, keeping the singular vectors of the best rank-r approximation fixed. It starts exactly at the pretrained weights and needs far fewer trainable numbers than LoRA.'),
  e('LOST', 'LOST: Low-rank and Sparse Pre-training for Large Language Models', ['spectrum', 'sparse-lowrank'], 'Pretrains with the dominant singular directions of each weight as a low-rank part and gives the remaining singular directions to a channel-wise sparse part. The two together match full-rank training at a fraction of the memory.'),
  // subspace clustering
  e('Label-free DSC', 'Label-independent hyperparameter-free self-supervised single-view deep subspace clustering', ['subspace-clustering'], 'A deep subspace clustering method that needs no labels at any stage: a layer-wise self-expression loss, a multi-stage training schedule without tuned weights, and a stopping rule based on relative error. It keeps only a few leading coefficients per sample in the learned representation.', { aliases: ['Label-free deep subspace clustering'] }),
  e('MLC', 'Unsupervised Manifold Linearizing and Clustering', ['subspace-clustering', 'rate-reduction'], 'Maps data from a union of curved manifolds to a union of linear subspaces while clustering it, by maximizing coding rate reduction. Cluster membership is a doubly stochastic matrix learned jointly with the features.'),
  e('SSC', 'Sparse Subspace Clustering: Algorithm, Theory, and Applications', ['subspace-clustering'], 'Writes each point as a sparse (ℓ1) combination of the other points; on a union of independent subspaces the nonzero coefficients pick points from the same subspace. Spectral clustering on the resulting affinity then separates the subspaces.', { aliases: ['SSC / EnSC / LSR'], inAbstracts: false }),
  e('EnSC', 'Oracle Based Active Set Algorithm for Scalable Elastic Net Subspace Clustering', ['subspace-clustering'], 'Uses an elastic-net penalty on the self-expression coefficients, trading the ℓ1 sparsity of SSC against the dense connectivity of ℓ2. An active-set solver makes it scale to large datasets.', { aliases: ['SSC / EnSC / LSR'], inAbstracts: false }),
  e('LSR', 'Robust and Efficient Subspace Segmentation via Least Squares Regression', ['subspace-clustering'], 'Replaces the sparse penalty by a Frobenius one, which gives the self-expression matrix in closed form, C = (XᵀX + λI)⁻¹XᵀX. Its grouping effect keeps correlated points together.', { aliases: ['SSC / EnSC / LSR'], inAbstracts: false }),
  // rate reduction
  e('CRATE', 'White-Box Transformers via Sparse Rate Reduction: Compression Is All There Is?', ['rate-reduction'], 'Derives a transformer block from optimizing sparse rate reduction: attention compresses tokens toward class subspaces by a gradient step on the coding rate, and the MLP sparsifies them by an ISTA step. Every layer is therefore interpretable as one step of an objective.'),
  // intrinsic dimension
  e('Intrinsic dimension', 'Measuring the Intrinsic Dimension of Objective Landscapes', ['intrinsic-dimension'], 'Trains a network only inside a random d-dimensional subspace of its weights and raises d until training works; the smallest such d is the problem’s intrinsic dimension. Many tasks need far fewer dimensions than the network has parameters.', { aliases: ['Measuring the Intrinsic Dimension of Objective Landscapes'] }),
  // loss landscape
  e('SAF', 'Sharpness-Aware Training for Free', ['loss-landscape'], 'Finds flat minima like SAM but at almost no extra cost, by penalizing the KL divergence between the network’s current outputs and its outputs from earlier epochs. This trajectory loss discourages sudden drops into sharp minima.', { aliases: ['Sharpness-Aware Training for Free'] }),
  e('Loss landscapes (Li et al.)', 'Visualizing the Loss Landscape of Neural Nets', ['loss-landscape'], 'Plots the loss along random directions rescaled filter by filter, so that sharpness can be compared fairly across networks. Flatter landscapes along these slices go with better generalization.', { aliases: ['Visualizing the Loss Landscape', 'Li et al. landscapes'], inAbstracts: false }),
  // sparse + low rank
  e('SLTrain', 'SLTrain: a sparse plus low-rank approach for parameter and memory efficient pretraining', ['sparse-lowrank'], 'Parameterizes each weight as a low-rank product plus a sparse matrix whose support is chosen at random once and never changes. This simple combination pretrains almost as well as full rank while saving most of the memory.'),
  // galore family
  e('GaLore', 'GaLore: Memory-Efficient LLM Training by Gradient Low-Rank Projection', ['galore'], 'Keeps the full weights but projects each gradient onto its top singular subspace, refreshed every few hundred steps, so Adam’s state lives in a small space. Training stays full-rank over time while optimizer memory shrinks.', { inAbstracts: false }),
  e('SVD-free DCT', 'SVD-Free Low-Rank Adaptive Gradient Optimization for Large Language Models', ['galore'], 'Replaces GaLore’s SVD by choosing columns of a fixed DCT basis that align best with the gradient, one matmul and a sort per refresh. Only the chosen column indices need to be stored.', { aliases: ['SVD-free DCT projection'] }),
  e('Fira', 'Fira: Can We Achieve Full-rank Training of LLMs Under Low-rank Constraint?', ['galore'], 'Adds back the part of the gradient that a low-rank projection throws away, scaled by the norm ratio the low-rank optimizer applies. A norm-growth limiter tames the resulting loss spikes.'),
  e('Q-GaLore', 'Q-GaLore: Quantized GaLore with INT4 Projection and Layer-Adaptive Low-Rank Gradients', ['galore'], 'Stores GaLore’s projection matrices in INT4 and refreshes a layer’s subspace only while it keeps changing, saving memory and most SVDs. Weights are kept in INT8 with stochastic rounding.'),
  // continual
  e('CoSO', 'Continuous Subspace Optimization for Continual Learning', ['continual'], 'Fine-tunes through a sequence of low-rank subspaces taken from the SVD of the gradients, rather than one fixed LoRA subspace. Each task’s subspace is kept orthogonal to what earlier tasks used, which limits forgetting.'),
  // adapters
  e('LoRA', 'LoRA: Low-Rank Adaptation of Large Language Models', ['lora'], 'Freezes the pretrained weights and learns each update as a product of two thin matrices, ΔW = BA. It trains orders of magnitude fewer parameters and adds no inference latency once merged.', { inAbstracts: false }),
  e('LoRA-SB', 'Initialization using Update Approximation is a Silver Bullet for Extremely Efficient Low-Rank Fine-Tuning', ['lora'], 'Trains only a small r×r matrix between fixed factors that are initialized from the SVD of the first full gradient step. This initialization is the best low-rank approximation of that update and keeps tracking full fine-tuning.'),
  e('FLoRA', 'FLoRA: Low-Rank Core Space for N-dimension', ['lora'], 'Extends low-rank adaptation to convolution kernels and other higher-order weights with a Tucker decomposition, so updates keep the tensor’s structure. A small core tensor carries the change.'),
  // compression
  e('EoRA', 'EoRA: Training-free Compensation for Compressed LLM with Eigenspace Low-Rank Approximation', ['compression'], 'Compensates a quantized or pruned layer with a low-rank correction computed in the eigenspace of its input activations, so errors on frequent directions are fixed first. It needs no training, only a little calibration data.'),
  e('CoSpaDi', 'COSPADI: Compressing LLMs via Calibration-Guided Sparse Dictionary Learning', ['compression'], 'Replaces low-rank factorization by a dense dictionary and column-sparse codes, so different columns live in different subspaces. The factorization is fitted to match layer outputs on calibration data.'),
  e('LR²VQ', 'Learning Low-Rank Representations for Model Compression', ['compression'], 'Combines a low-rank projection with vector quantization of subvectors, so clustering happens in a lower-dimensional space. The clustering dimension trades low-rank error against quantization error.'),
  e('Extreme VQGAN compression', 'Extreme Image Compression using Fine-tuned VQGANs', ['codecs', 'compression'], 'Codes images as indices into a VQGAN codebook and shrinks the codebook by k-means for lower bitrates. It reaches good perceptual quality at extremely low bits per pixel.', { aliases: ['VQGAN codebooks'] }),
  // grassmann
  e('GCR', 'Get the Best of Both Worlds: Improving Accuracy and Transferability by Grassmann Class Representation', ['grassmann'], 'Represents each class by a linear subspace instead of a vector, with the logit given by the norm of a feature’s projection onto it. The subspaces are trained with Riemannian SGD and improve both accuracy and transfer.'),
  // sampling
  e('ℓp sensitivity sampling', 'Sharper Bounds for ℓp Sensitivity Sampling', ['sampling'], 'Proves sharper sample counts for keeping an ℓp subspace embedding by sampling rows in proportion to their sensitivities. It also shows that root-leverage-score sampling needs about d rows for 1 ≤ p < 2.', { aliases: ['Sharper Bounds for ℓp Sensitivity Sampling'], searchTitle: 'Sharper Bounds for Sensitivity Sampling' }),
  // robust recovery
  e('SubGM', 'Global Convergence of Sub-gradient Method for Robust Matrix Recovery: Small Initialization, Noisy Measurements, and Over-parameterization', ['robust-recovery'], 'Shows that a plain subgradient method on an ℓ1 loss recovers a low-rank matrix from corrupted measurements when started small, even with the rank overestimated. Small initialization keeps the extra directions from growing.', { aliases: ['Global Convergence of SubGM'] }),
  // alignment
  e('Convergent Learning', 'Convergent Learning: Do different neural networks learn the same representations?', ['alignment'], 'Trains several networks from different seeds and matches their units by correlation, bipartite matching and spectral clustering. Some features are learned one-to-one by every net; others only span the same subspace.'),
  e('Escaping Plato’s Cave', "Escaping Plato's Cave: Towards the Alignment of 3D and Text Latent Spaces", ['alignment'], 'Aligns separately trained 3D and text encoders after training and finds that naive alignment fails. Projecting both onto well-chosen low-dimensional subspaces first makes matching and retrieval much better.'),
  e('Projection Head', 'Investigating the Benefits of Projection Head for Representation Learning', ['alignment'], 'Explains why features taken before a projection head transfer better: training weights features more and more unequally with depth, so lower layers stay more balanced. It characterizes when that helps.'),
  e('ColBERT projections', 'Simple Projection Variants Improve ColBERT Performance', ['alignment'], 'Replaces ColBERT’s single linear projection of token vectors by deeper or gated feed-forward blocks with residual connections. Most variants retrieve better than the plain linear map.', { scope: 'page', aliases: ['ColBERT projection variants'] }),
  // diffusion
  e('Diffusion subspace clustering', 'Diffusion Models Learn Low-Dimensional Distributions via Subspace Clustering', ['diffusion-subspaces'], 'Models images as a mixture of low-rank Gaussians and shows that training a matching low-rank denoiser is exactly subspace clustering. The samples needed then grow with the intrinsic dimension, not the pixel count.', { aliases: ['Diffusion Models Learn Low-Dimensional Distributions via Subspace Clustering'] }),
  // koopman
  e('Koopman information', 'Information Shapes Koopman Representation', ['koopman'], 'Frames Koopman autoencoders as an information bottleneck: mutual information keeps the latent simple, and a von Neumann entropy term keeps it from collapsing onto a few modes. Balancing the two gives stable, interpretable linear dynamics.', { aliases: ['Information Shapes Koopman Representation'] }),
  // merging
  e('Concrete subspace', 'Concrete Subspace Learning based Interference Elimination for Multi-task Model Fusion', ['model-merging'], 'Merges task-specific fine-tunes by task arithmetic inside a shared mask that is learned through a Concrete (relaxed Bernoulli) relaxation. The mask picks a common subspace where the tasks interfere less.', { aliases: ['Concrete Subspace Learning'] }),
  // bayesian
  e('SSVI', 'Training Bayesian Neural Networks with Sparse Subspace Variational Inference', ['bayesian-sparse'], 'Trains a Bayesian network that stays sparse throughout, alternating variational updates on a fixed-size support with removing and adding coordinates. It cuts model size and training FLOPs by an order of magnitude.', { aliases: ['Sparse Subspace Variational Inference'] }),
  // codecs
  e('WaLLoC', 'Learned Compression for Compressed Learning', ['codecs'], 'A codec that wraps a shallow autoencoder and an entropy bottleneck between forward and inverse wavelet packet transforms. Its latents are small enough to learn on directly.'),
  // hybrid adaptation
  e('HDA', 'Few-shot Hybrid Domain Adaptation of Image Generators', ['hybrid-adaptation'], 'Adapts an image generator to a blend of several target domains by encoding each domain as a subspace and pulling generated images toward all of them. A direction loss moves along the perpendicular to keep the source domain’s character.', { aliases: ['Few-shot Hybrid Domain Adaptation'] }),
  // out of scope as experiments: the page that shows the underlying idea
  e('Dynamic Subspace Learners', 'Attention-based Dynamic Subspace Learners for Medical Image Analysis', ['dynamic-subspaces'], 'Learns several metric learners in subspaces of one embedding and adds new learners during training instead of fixing their number. An attention module shows which image features drive each subspace.', { scope: 'page', aliases: ['Attention-based Dynamic Subspace Learners'] }),
  e('Hydra', 'Rethinking Positive Pairs in Contrastive Learning', ['hydra'], 'Lets any two samples be a positive pair by learning gates that switch embedding dimensions on or off, creating a subspace where the pair agrees. It also prevents dimensional collapse.', { aliases: ['Hydra (arbitrary positive pairs)'] }),
  e('Subspace rerouting', 'Using Mechanistic Interpretability to Craft Adversarial Attacks against Large Language Models', ['rerouting'], 'Finds the activation subspaces where an LLM refuses or accepts and optimizes inputs to move embeddings from the refusal subspace to the acceptance one. The attack succeeds far faster than gradient-only methods.', { aliases: ['Subspace rerouting (mechanistic interpretability)'] }),
  e('UNPG', 'Unified Negative Pair Generation toward Well-discriminative Feature Space for Face Recognition', ['unpg'], 'Combines negative pairs from metric losses and from classification losses so face embeddings see hard negatives from all classes. Filtering noisy negatives keeps training stable.', { aliases: ['Unified Negative Pair Generation'] }),
  e('Weak Cube R-CNN', 'Weak Cube R-CNN: Weakly Supervised 3D Detection using only 2D Bounding Boxes', ['spectrum'], 'Trains a monocular 3D detector from 2D boxes only, using frozen 2D foundation models for depth and orientation as pseudo labels. The geometry of how 3D cubes project to 2D boxes supplies the training signal.', { scope: 'idea', note: 'Needs 3D scenes. The spectrum page shows the underlying idea in its simplest form: what a rank-deficient linear projection keeps and what it loses.' }),
];

/** The arXiv title-search link for an entry (never a guessed identifier). */
export function readingLink(entry: ReadingEntry): string {
  return paper(entry.searchTitle ?? entry.title).url;
}

/** Entries whose main or secondary page is `pageId`. */
export function papersForPage(pageId: string): ReadingEntry[] {
  return READING_LIST.filter((p) => p.pages.includes(pageId));
}
