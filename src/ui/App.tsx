// The page frame: header, device banners, and the page the hash names.
import { useLab } from '../store/hooks';
import { Header } from './Header';
import { DeviceBanner } from './DeviceBanner';
import { Gallery } from './Gallery';
import { Diagnostics } from './Diagnostics';
import { ExperimentPage } from './experiment/ExperimentPage';

export function App() {
  const route = useLab((s) => s.route);
  return (
    <div className="app">
      <Header />
      <DeviceBanner />
      <main id="main">
        {route.page === 'gallery' && <Gallery />}
        {route.page === 'diagnostics' && <Diagnostics />}
        {route.page === 'experiment' && <ExperimentPage id={route.id} query={route.query} />}
      </main>
      <footer className="footer">
        Subspace Lab — numbers computed on your own device. Digits data: UCI Optical Recognition of Handwritten Digits
        (E. Alpaydin, C. Kaynak), CC BY 4.0.
      </footer>
    </div>
  );
}
