/** Renderer entry: pick the AppApi for this host, follow the URL fragment (browser host), then render the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { AppApi } from '../shared/api/contract';
import { ApiContext } from './api/ApiContext';
import { electronApi } from './api/electronApi';
import { createHttpApi, tokenFromLocation } from './api/httpApi';
import { App } from './app/App';
import { warmUpPlotting } from './features/plot/plotWarmup';
import { prefetchSignals } from './features/plot/useSignalSet';
import { annotateStore } from './state/annotateStore';
import { tokenOfDeepLink } from './state/deepLink';
import { startDeepLinks } from './state/deepLinkSync';
import { useNav } from './state/navStore';
import './app/app.css';

/** The fragment as the page was opened with it: the token reader takes `token=` out of it below. */
const initialHash = window.location.hash;
// A deep link with the token in it (#/annotate/4?from=1&to=2&token=…): the reader is handed the host's own
// form (#token=…) and takes it out of the address bar; the link itself is followed from `initialHash`.
const linkToken = tokenOfDeepLink(initialHash);
if (linkToken) window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}#token=${encodeURIComponent(linkToken)}`);

function pickApi(): { api: AppApi; browser: boolean } | string {
  const desktop = electronApi();
  if (desktop) return { api: desktop, browser: false };
  const token = tokenFromLocation(window.location);
  if (!token) return 'This page needs the token printed by `npm run web` (open the full URL, including #token=…).';
  return { api: createHttpApi(window.location.origin, token), browser: true };
}

const picked = pickApi();
// Deep links (#/annotate/<id>?from=…&to=…) belong to the browser host; the desktop window has no address bar.
if (typeof picked !== 'string' && picked.browser) {
  startDeepLinks({ nav: useNav, annotate: annotateStore, initialHash, location: window.location, history: window.history, events: window });
}
if (typeof picked !== 'string') {
  // A file to show at start (deep link, reload): its signals are asked for now, while React mounts.
  const nav = useNav.getState();
  if (nav.section === 'annotate' && nav.openFileId !== null) prefetchSignals(picked.api, nav.openFileId);
  // The worker starts with the page; plotting is warmed up while the user is still in the catalog.
  warmUpPlotting();
}
const root = createRoot(document.getElementById('root')!);
root.render(
  <StrictMode>
    {typeof picked === 'string' ? (
      <p className="fatal" role="alert">
        {picked}
      </p>
    ) : (
      <ApiContext.Provider value={picked.api}>
        <App />
      </ApiContext.Provider>
    )}
  </StrictMode>,
);
