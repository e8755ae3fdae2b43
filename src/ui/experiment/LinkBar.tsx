// The share box: copy the link that reproduces this config.
import { memo } from 'react';
import type { ExperimentMeta } from '../../experiments/framework/types';
import type { Fields } from '../../experiments/framework/fields';
import { shareUrl, useCopyLink } from './shareLink';
import { useLab } from '../../store/hooks';
import { currentView } from './pageLink';

export const LinkBar = memo(function LinkBar({ meta, config }: { meta: ExperimentMeta<Fields>; config: Record<string, unknown> }) {
  const page = useLab((s) => s.page);
  // the link keeps the whole view: classroom mode, fixed knobs, hidden panels, the one plot
  const link = shareUrl(meta, config, currentView(page));
  const { copied, copy } = useCopyLink(link);
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
});
