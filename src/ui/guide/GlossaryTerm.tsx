// A glossary word inside text: a button whose definition shows as a tooltip on hover, on keyboard focus and on tap.
import { useId, useState } from 'react';
import { GLOSSARY } from '../../guide/glossary';

/** `id` is a glossary id; `text` the words shown (the glossary's own term when absent). Unknown ids render as plain text. */
export function GlossaryTerm({ id, text }: { id: string; text?: string }) {
  const tipId = useId();
  const [hover, setHover] = useState(false);
  const [focus, setFocus] = useState(false);
  const [pinned, setPinned] = useState(false);
  const entry = GLOSSARY[id];
  if (!entry) return <>{text ?? id}</>;
  const open = hover || focus || pinned;
  return (
    <span className="term" onMouseEnter={() => setHover(true)} onMouseLeave={() => setHover(false)}>
      <button
        type="button"
        className="term-button"
        aria-describedby={tipId}
        aria-expanded={open}
        data-term={id}
        onFocus={() => setFocus(true)}
        onBlur={() => {
          setFocus(false);
          setPinned(false);
        }}
        onClick={() => setPinned((p) => !p)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setPinned(false);
            setFocus(false);
            setHover(false);
          }
        }}
      >
        {text ?? entry.term}
      </button>
      <span role="tooltip" id={tipId} className="term-tip" hidden={!open}>
        <strong>{entry.term}</strong>: {entry.definition}
      </span>
    </span>
  );
}
