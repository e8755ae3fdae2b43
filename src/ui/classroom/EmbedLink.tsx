// "Embed in a course page": a link that shows one plot and its run button (embed=1&plot=…) and the <iframe> snippet for it.
import { memo, useState } from 'react';
import type { ExperimentMeta } from '../../experiments/framework/types';
import type { Fields } from '../../experiments/framework/fields';
import { shareUrl, useCopyLink } from '../experiment/shareLink';
import { iframeSnippet } from './iframeSnippet';

type Props = {
  meta: ExperimentMeta<Fields>;
  config: Record<string, unknown>;
  /** The plots the page draws now (empty before a run: the embed then shows the first). */
  plots: { id: string; title: string }[];
};

export const EmbedLink = memo(function EmbedLink({ meta, config, plots }: Props) {
  const [plot, setPlot] = useState('');
  const chosen = plots.some((p) => p.id === plot) ? plot : '';
  const link = shareUrl(meta, config, { embed: true, plot: chosen || undefined });
  const snippet = iframeSnippet(link, `Subspace Lab: ${meta.title}`);
  const linkCopy = useCopyLink(link);
  const snippetCopy = useCopyLink(snippet);
  return (
    <details className="teacher-link" data-testid="embed-link">
      <summary>Embed in a course page</summary>
      <p className="param-help">One plot and its Run button, nothing else; it runs on each visitor’s own device.</p>
      <label className="file-label">
        Plot
        <select value={chosen} onChange={(e) => setPlot(e.target.value)} data-testid="embed-plot">
          <option value="">{plots.length ? 'The first plot' : 'The first plot (run once to choose another)'}</option>
          {plots.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </select>
      </label>
      <input className="share-link" readOnly value={link} aria-label="Embed link" data-testid="embed-url" onFocus={(e) => e.target.select()} />
      <button type="button" className="secondary" onClick={linkCopy.copy}>
        Copy embed link
      </button>
      {linkCopy.copied && <span role="status"> {linkCopy.copied}</span>}
      <textarea className="share-link embed-snippet" readOnly rows={3} value={snippet} aria-label="iframe snippet" data-testid="embed-snippet" onFocus={(e) => e.target.select()} />
      <button type="button" className="secondary" onClick={snippetCopy.copy}>
        Copy &lt;iframe&gt;
      </button>
      {snippetCopy.copied && <span role="status"> {snippetCopy.copied}</span>}
    </details>
  );
});
