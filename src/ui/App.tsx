// The page frame: header, device banners, and the page the hash names (embed links get the page alone).
import { useLab } from '../store/hooks';
import { isEmbedQuery } from '../url/viewState';
import { Header } from './Header';
import { DeviceBanner } from './DeviceBanner';
import { Gallery } from './Gallery';
import { Diagnostics } from './Diagnostics';
import { ExperimentPage } from './experiment/ExperimentPage';

export function App() {
  const route = useLab((s) => s.route);
  // read from the link itself, so an embed never paints the header first
  const embed = route.page === 'experiment' && isEmbedQuery(route.query);
  const classroom = useLab((s) => route.page === 'experiment' && s.page.id === route.id && s.page.classroom);
  // classroom and embed pages fit the screen: the plot and its controls in one view, side panels scroll
  const frame = embed ? 'app app-embed' : classroom ? 'app app-classroom' : 'app';
  return (
    <div className={frame}>
      {!embed && <Header />}
      <DeviceBanner />
      <main id="main">
        {route.page === 'gallery' && <Gallery />}
        {route.page === 'diagnostics' && <Diagnostics />}
        {route.page === 'experiment' && <ExperimentPage id={route.id} query={route.query} />}
      </main>
      {!embed && (
        <footer className="footer">
          Subspace Lab — numbers computed on your own device. Digits data: UCI Optical Recognition of Handwritten Digits
          (E. Alpaydin, C. Kaynak), CC BY 4.0.
        </footer>
      )}
    </div>
  );
}
