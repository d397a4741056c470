/** Components reach the back end only through this context; they never know which host serves it. */
import { createContext, useContext } from 'react';
import type { AppApi } from '../../shared/api/contract';

export const ApiContext = createContext<AppApi | null>(null);

export function useApi(): AppApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() outside <ApiContext.Provider>');
  return api;
}
