// "Share with hidden controls": the teacher ticks the knobs to fix; the link carries &hide=… and, optionally, classroom mode.
import { useState } from 'react';
import type { ExperimentMeta } from '../../experiments/framework/types';
import type { Fields } from '../../experiments/framework/fields';
import { shareUrl, useCopyLink } from '../experiment/shareLink';

export function TeacherLink({ meta, config }: { meta: ExperimentMeta<Fields>; config: Record<string, unknown> }) {
  const [hide, setHide] = useState<string[]>([]);
  const [classroom, setClassroom] = useState(true);
  // order the hidden keys as the fields are ordered, so the same choice always gives the same link
  const ordered = Object.keys(meta.fields).filter((k) => hide.includes(k));
  const link = shareUrl(meta, config, { classroom, hide: ordered });
  const { copied, copy } = useCopyLink(link);
  const shown = Object.entries(meta.fields).filter(([, f]) => !f.visibleWhen || f.visibleWhen(config));
  return (
    <details className="teacher-link" data-testid="teacher-link">
      <summary>Share with hidden controls</summary>
      <fieldset>
        <legend>Fix these knobs (students see their values but cannot change them)</legend>
        {shown.map(([key, f]) => (
          <label key={key} className="teacher-field">
            <input
              type="checkbox"
              checked={hide.includes(key)}
              onChange={(e) => setHide(e.target.checked ? [...hide, key] : hide.filter((h) => h !== key))}
              data-testid={`hide-${key}`}
            />
            {f.label}
          </label>
        ))}
      </fieldset>
      <label className="teacher-field">
        <input type="checkbox" checked={classroom} onChange={(e) => setClassroom(e.target.checked)} data-testid="teacher-classroom" />
        Open in classroom mode
      </label>
      <input className="share-link" readOnly value={link} aria-label="Link with hidden controls" data-testid="teacher-link-url" onFocus={(e) => e.target.select()} />
      <button type="button" className="secondary" onClick={copy}>
        Copy this link
      </button>
      {copied && <span role="status"> {copied}</span>}
    </details>
  );
}
