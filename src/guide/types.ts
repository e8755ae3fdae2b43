// The guide's data shapes: lessons of the start-here path, guided-tour steps and glossary entries (plain data, no React).

/** A link from a lesson to a page, opened with one of its presets ('quick', 'default' or a named preset's id). */
export type LessonLink = { page: string; preset: string; label: string };

/** One lesson of the start-here path: a short paragraph (card markup) and the pages it sends the reader to. */
export type Lesson = { id: string; title: string; text: string; links: LessonLink[] };

/**
 * One step of a page's guided tour. `plot` is a plot id of that page (the tour highlights that plot);
 * `look` says what to see in it. `change` says what to change next: field values the step's button sets
 * (`set`, field name → value) or a named preset; `expect` says what should happen after the next run.
 */
export type TourStep = {
  plot: string;
  look: string;
  change?: { text: string; set?: Record<string, unknown>; preset?: string };
  expect?: string;
};

/** A page's tour: 3–5 steps, keyed by the page id in TOURS. */
export type Tour = readonly TourStep[];

/** A glossary entry: the term as shown and a one- or two-sentence definition (plain text). */
export type GlossaryEntry = { term: string; definition: string };
