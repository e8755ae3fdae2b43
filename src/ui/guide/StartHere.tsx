// The gallery's "start here" path: the lessons in order, each a paragraph and links to pages opened on a preset.
import { LESSONS } from '../../guide/path';
import { lessonHref } from '../../guide/links';
import { MarkdownLite } from '../experiment/MarkdownLite';
import './guide.css';

export function StartHere() {
  return (
    <section aria-labelledby="path-title" data-testid="start-here">
      <h2 id="path-title">Start here</h2>
      <p className="lede">
        {LESSONS.length} short lessons, from what a low-rank matrix is to training and compressing in low rank. Each page also has a guided tour.
      </p>
      <ol className="path">
        {LESSONS.map((l, i) => (
          <li key={l.id} className="lesson" data-testid={`lesson-${l.id}`}>
            <h3>
              {i + 1}. {l.title}
            </h3>
            <MarkdownLite source={l.text} />
            <ul className="lesson-links">
              {l.links.map((link) => (
                <li key={`${link.page}-${link.preset}`}>
                  <a href={lessonHref(link)}>{link.label} →</a>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}
