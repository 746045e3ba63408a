/** The app instance (src/app/tabApp.ts) the React tree works with, given once by main.tsx. */
import { createContext, useContext } from 'react';
import type { TabApp } from '../../app/tabApp';

export const TabAppContext = createContext<TabApp | null>(null);

/** This tab's app instance. */
export function useTabApp(): TabApp {
  const app = useContext(TabAppContext);
  if (!app) throw new Error('useTabApp outside <TabAppContext.Provider> (main.tsx)');
  return app;
}
