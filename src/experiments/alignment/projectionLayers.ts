// The layers the alignment page compares, by name: a module of its own so the plots can label them without loading the training code.

/** The layers the page compares: the input, the encoder's output h (the representation), the head's hidden layer and its output z. */
export const PROJECTION_LAYERS = ['input', 'h (pre)', 'head hidden', 'z (post)'] as const;
