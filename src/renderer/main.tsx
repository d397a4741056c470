/** Renderer entry: pick the AppApi for this host, then render the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { AppApi } from '../shared/api/contract';
import { ApiContext } from './api/ApiContext';
import { electronApi } from './api/electronApi';
import { createHttpApi, tokenFromLocation } from './api/httpApi';
import { App } from './app/App';
import './app/app.css';

function pickApi(): AppApi | string {
  const desktop = electronApi();
  if (desktop) return desktop;
  const token = tokenFromLocation(window.location);
  if (!token) return 'This page needs the token printed by `npm run web` (open the full URL, including #token=…).';
  return createHttpApi(window.location.origin, token);
}

const api = pickApi();
const root = createRoot(document.getElementById('root')!);
root.render(
  <StrictMode>
    {typeof api === 'string' ? (
      <p className="fatal" role="alert">
        {api}
      </p>
    ) : (
      <ApiContext.Provider value={api}>
        <App />
      </ApiContext.Provider>
    )}
  </StrictMode>,
);
