// One formula typeset by KaTeX (loaded lazily); until it arrives, or if it fails, the TeX source shows as code.
import { useEffect, useRef, useState } from 'react';
import { loadKatex, typesetSoon } from './loadKatex';

/** Renders `tex` inline, or as a centred block when `display`. Card formulas are ours, so KaTeX may write into the span. */
export function TexMath({ tex, display }: { tex: string; display: boolean }) {
  const el = useRef<HTMLSpanElement>(null);
  const [state, setState] = useState<'loading' | 'done' | 'failed'>('loading');
  useEffect(() => {
    let alive = true;
    loadKatex().then(
      (katex) => typesetSoon(() => {
        if (!alive || !el.current) return;
        try {
          katex.render(tex, el.current, { displayMode: display, throwOnError: true, output: 'htmlAndMathml' });
          setState('done');
          return el.current.getElementsByTagName('*').length;
        } catch (e) {
          console.warn(`formula not typeset: ${(e as Error).message}`);
          setState('failed');
        }
      }),
      () => alive && setState('failed'),
    );
    return () => {
      alive = false;
    };
  }, [tex, display]);
  return (
    <span className={display ? 'tex tex-display' : 'tex'} data-tex-state={state}>
      <span ref={el} hidden={state !== 'done'} />
      {state !== 'done' && <code className="tex-source">{tex}</code>}
    </span>
  );
}
