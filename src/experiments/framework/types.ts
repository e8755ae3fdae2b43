// The experiment module contract: fields, presets, a run generator, plot specs and a card.
import type { Backend } from '../../engine/backend';
import type { Rng } from '../../data/rng';
import type { ByteSource } from '../../data/datasets';
import type { ConfigOf, Fields } from './fields';
import type { SceneFrame } from './sceneFrame';

/** A metric value streamed from a run: numbers, vectors, matrices (row arrays) or short labels. */
export type MetricValue = number | number[] | number[][] | string | string[];
export type Metrics = Record<string, MetricValue>;

/** One yield of a run: how far it is and what it measured at this point. */
export type Progress = { step: number; total: number; metrics: Metrics };

/** What a run gets: the backend, a generator seeded from the config, a stop signal, the data. */
export type RunContext = {
  backend: Backend;
  rng: Rng;
  signal: AbortSignal;
  data: ByteSource;
  /** A dataset the user uploaded, when the config refers to one (see src/data/userData.ts). */
  userMatrix?: (ref: string) => Promise<{ rows: number; cols: number; data: Float32Array; labels?: Int32Array } | null>;
};

/** A preset: a named config with a one-line note on what it shows. */
export type Preset<C> = { id: string; label: string; note: string; config: Partial<C> };

/** Plain-data plot description; src/ui/plots renders it with plotly. */
export type PlotSpec = {
  id: string;
  title: string;
  /** plotly traces (plain objects) */
  data: Record<string, unknown>[];
  /** plotly layout overrides (plain objects) */
  layout?: Record<string, unknown>;
  /** One sentence under the plot: how to read it. */
  caption?: string;
};

/** Everything the page (main thread) needs; no engine code. */
export type ExperimentMeta<F extends Fields = Fields> = {
  id: string;
  title: string;
  papers: { name: string; url: string }[];
  fields: F;
  presets: { quick: Partial<ConfigOf<F>>; default: Partial<ConfigOf<F>>; named?: Preset<ConfigOf<F>>[] };
  /** Builds the plots from the streamed history (all yields so far) and the config. */
  plots(history: Progress[], config: ConfigOf<F>): PlotSpec[];
  /** Markdown: the idea in three sentences, the formula, what to try. */
  card: string;
  /** Fields that only change how results are drawn: editing them re-plots without a new run. */
  liveFields?: string[];
  /** Metrics whose NaN/Inf means the run diverged (default: every numeric metric). */
  watchedMetrics?: string[];
  /**
   * Some plot needs more than plotly's cartesian bundle (3-D traces, tables): every plot of the page then uses the
   * full bundle, loaded idle before Run. Pages without it never request that chunk.
   */
  plots3d?: boolean;
  /**
   * The box the page's 3-D plots draw in for a config (their axes' ranges, ticks and titles, sceneFrame.ts): the
   * scene prepared before Run is made in it, so a run's 3-D draws find the axes already built.
   */
  sceneFrame?(config: ConfigOf<F>): SceneFrame;
};

/** The compute half (worker side). */
export type ExperimentRun<F extends Fields = Fields> = (config: ConfigOf<F>, ctx: RunContext) => AsyncGenerator<Progress, void, void>;
