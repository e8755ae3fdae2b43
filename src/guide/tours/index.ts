// Every live page's guided tour, keyed by page id (tours.test.ts checks each step against the page's plots and fields).
import type { Tour } from '../types';
import { FOUNDATION_TOURS } from './foundations';
import { TRAINING_TOURS } from './training';
import { COMPRESSION_TOURS } from './compression';
import { REPRESENTATION_TOURS } from './representations';

export const TOURS: Readonly<Record<string, Tour>> = {
  ...FOUNDATION_TOURS,
  ...TRAINING_TOURS,
  ...COMPRESSION_TOURS,
  ...REPRESENTATION_TOURS,
};

/** The tour of a page, or undefined when it has none. */
export function tourOf(pageId: string): Tour | undefined {
  return Object.prototype.hasOwnProperty.call(TOURS, pageId) ? TOURS[pageId] : undefined;
}
