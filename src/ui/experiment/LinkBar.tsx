// The share box: copy the link that reproduces this config.
import type { ExperimentMeta } from '../../experiments/framework/types';
import type { Fields } from '../../experiments/framework/fields';
import { shareUrl, useCopyLink } from './shareLink';
import { useLab } from '../../store/hooks';

export function LinkBar({ meta, config }: { meta: ExperimentMeta<Fields>; config: Record<string, unknown> }) {
  const classroom = useLab((s) => s.page.classroom);
  const hidden = useLab((s) => s.page.hidden);
  const link = shareUrl(meta, config, { classroom, hide: hidden });
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
}
