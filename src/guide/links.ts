// Links from the guide to pages: a page opened on one of its presets, as the hash the app routes on.
import { getExperiment } from '../experiments/registry';
import { resolveConfig } from '../experiments/framework/resolveConfig';
import { encodeHash } from '../url/codec';
import type { LessonLink } from './types';

/** `#/<page>?<preset's config>&seed=N&v=1`; throws on a page this build does not have. */
export function lessonHref(link: LessonLink): string {
  const meta = getExperiment(link.page);
  if (!meta) throw new Error(`the path links to ${link.page}, which is not a live page`);
  return encodeHash(meta.id, meta.fields, resolveConfig(meta, link.preset).config);
}
