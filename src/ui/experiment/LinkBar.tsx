// The share box: copy the link that reproduces this config.
import { useState } from 'react';
import type { ExperimentMeta } from '../../experiments/framework/types';
import type { Fields } from '../../experiments/framework/fields';
import { encodeHash } from '../../url/codec';
import { useLab } from '../../store/hooks';

export function LinkBar({ meta, config }: { meta: ExperimentMeta<Fields>; config: Record<string, unknown> }) {
  const classroom = useLab((s) => s.page.classroom);
  const hidden = useLab((s) => s.page.hidden);
  const [copied, setCopied] = useState<string | null>(null);
  const link = `${location.origin}${location.pathname}${location.search}${encodeHash(meta.id, meta.fields, config, { classroom, hide: hidden })}`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('Link copied.');
    } catch {
      setCopied('Copying is blocked here; select the link and copy it.');
    }
  };
  return (
    <section className="share" aria-label="Share">
      <h2>Share</h2>
      <input className="share-link" readOnly value={link} aria-label="Link to this run" data-testid="share-link" onFocus={(e) => e.target.select()} />
      <button type="button" className="secondary" onClick={copy} data-testid="copy-link">
        Copy link
      </button>
      {copied && <span role="status"> {copied}</span>}
    </section>
  );
}
