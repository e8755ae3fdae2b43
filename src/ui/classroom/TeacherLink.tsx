// "Share with hidden controls": the teacher ticks the knobs to fix and the panels to hide; the link carries &hide=… and, optionally, classroom mode.
import { memo, useState } from 'react';
import type { ExperimentMeta } from '../../experiments/framework/types';
import type { Fields } from '../../experiments/framework/fields';
import { shareUrl, useCopyLink } from '../experiment/shareLink';
import { PANELS, type Panel } from '../../url/viewState';

/** What each panel is called in the teacher's list. */
const PANEL_LABELS: Record<Panel, string> = {
  card: 'The idea (card)',
  presets: 'Presets',
  params: 'All knobs (the values still apply)',
  upload: 'Upload your data',
  link: 'Share links',
  export: 'Export',
  import: 'Import a config',
};

export const TeacherLink = memo(function TeacherLink({ meta, config }: { meta: ExperimentMeta<Fields>; config: Record<string, unknown> }) {
  const [hide, setHide] = useState<string[]>([]);
  const [classroom, setClassroom] = useState(true);
  // order the hidden keys as the fields are ordered, so the same choice always gives the same link
  const ordered = [...Object.keys(meta.fields), ...PANELS].filter((k) => hide.includes(k));
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
      <fieldset>
        <legend>Hide these panels</legend>
        {PANELS.map((panel) => (
          <label key={panel} className="teacher-field">
            <input
              type="checkbox"
              checked={hide.includes(panel)}
              onChange={(e) => setHide(e.target.checked ? [...hide, panel] : hide.filter((h) => h !== panel))}
              data-testid={`hide-panel-${panel}`}
            />
            {PANEL_LABELS[panel]}
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
});
