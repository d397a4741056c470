/** The app frame: navigation on the left, one section on the right. */
import { useEffect } from 'react';
import { AgreementPage } from '../features/agreement/AgreementPage';
import { AnnotatePage } from '../features/annotate/AnnotatePage';
import { CatalogPage } from '../features/catalog/CatalogPage';
import { ModelsPage } from '../features/models/ModelsPage';
import { FirstRunBanner } from '../features/settings/FirstRunBanner';
import { RunsPage } from '../features/runs/RunsPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { SyncPage } from '../features/sync/SyncPage';
import { TrainingPage } from '../features/training/TrainingPage';
import { SECTIONS, SECTION_TITLES, useNav, type Section } from '../state/navStore';

const PAGES: Record<Section, () => React.JSX.Element> = {
  catalog: CatalogPage,
  annotate: AnnotatePage,
  agreement: AgreementPage,
  training: TrainingPage,
  runs: RunsPage,
  models: ModelsPage,
  sync: SyncPage,
  settings: SettingsPage,
};

export function App(): React.JSX.Element {
  const section = useNav((s) => s.section);
  const go = useNav((s) => s.go);
  const notice = useNav((s) => s.notice);
  const setNotice = useNav((s) => s.setNotice);
  const Page = PAGES[section];
  useEffect(() => {
    // A marker the end-to-end tests wait for.
    console.info('App rendered');
  }, []);
  return (
    <div className="app">
      <nav className="app-nav" aria-label="Sections">
        <div className="app-title">UOS Drilling</div>
        {SECTIONS.map((s) => (
          <button key={s} type="button" className={s === section ? 'active' : ''} aria-current={s === section ? 'page' : undefined} onClick={() => go(s)}>
            {SECTION_TITLES[s]}
          </button>
        ))}
      </nav>
      <main className="app-main" aria-label={SECTION_TITLES[section]}>
        {notice && (
          // A deep link that could not be followed (state/deepLinkSync.ts) says why, above the section shown instead.
          <p className="app-notice" role="alert" data-testid="app-notice">
            <span>{notice}</span>
            <button type="button" className="icon" aria-label="Dismiss" onClick={() => setNotice(null)}>
              ×
            </button>
          </p>
        )}
        {/* No usable Python, or the doctor found an error: offers the set-up (features/settings/FirstRunBanner.tsx). */}
        <FirstRunBanner />
        <Page />
      </main>
    </div>
  );
}
