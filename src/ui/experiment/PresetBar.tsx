// Preset buttons: quick, default and the named presets with a line on what each shows.
import type { ExperimentMeta } from '../../experiments/framework/types';
import type { Fields } from '../../experiments/framework/fields';
import { resolveConfig } from '../../experiments/framework/resolveConfig';

export function PresetBar({ meta, onPick }: { meta: ExperimentMeta<Fields>; onPick(config: Record<string, unknown>): void }) {
  const pick = (request: string) => onPick(resolveConfig(meta, request).config);
  return (
    <section className="presets" aria-label="Presets">
      <h2>Presets</h2>
      <div className="preset-buttons">
        <button type="button" className="secondary" onClick={() => pick('quick')} data-testid="preset-quick" title="Small and fast: seconds even on a software adapter">
          Quick
        </button>
        <button type="button" className="secondary" onClick={() => pick('default')} data-testid="preset-default" title="Sized for a laptop GPU">
          Default
        </button>
        {meta.presets.named?.map((p) => (
          <button type="button" className="secondary" key={p.id} onClick={() => pick(p.id)} title={p.note} data-testid={`preset-${p.id}`}>
            {p.label}
          </button>
        ))}
      </div>
    </section>
  );
}
