import { createContext, useContext } from 'react';
import type { Feature } from './feature';

/** The features the shell shows; provided by buildRoutes so tests can run the shell with their own list. */
export const FeaturesContext = createContext<readonly Feature[] | undefined>(undefined);

export function useFeatures(): readonly Feature[] {
  const features = useContext(FeaturesContext);
  if (!features) throw new Error('useFeatures must be used inside the route tree from buildRoutes()');
  return features;
}
