// A page's shareable link and copying it to the clipboard (with a message saying whether it worked).
import { useState } from 'react';
import type { ExperimentMeta } from '../../experiments/framework/types';
import type { Fields } from '../../experiments/framework/fields';
import { encodeHash, type ViewState } from '../../url/codec';

/** The full URL that reproduces this config (and view) of the page. */
export function shareUrl(meta: ExperimentMeta<Fields>, config: Record<string, unknown>, view: ViewState): string {
  return `${location.origin}${location.pathname}${location.search}${encodeHash(meta.id, meta.fields, config, view)}`;
}

/** copy() puts `link` on the clipboard; `copied` says it did, or why to copy by hand. */
export function useCopyLink(link: string): { copied: string | null; copy: () => Promise<void> } {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('Link copied.');
    } catch {
      setCopied('Copying is blocked here; select the link and copy it.');
    }
  };
  return { copied, copy };
}
