import { Navigate, Outlet, type RouteObject } from 'react-router';
import { inFeature, type Feature } from './feature';
import { features } from './features';
import { FeaturesContext } from './featuresContext';
import { NotFoundPage } from './NotFoundPage';
import { RouteError } from './RouteError';
import { Shell } from './Shell';

/** The whole route tree: the shell around every feature's routes. Features add routes in their own routes.ts. */
export function buildRoutes(list: readonly Feature[]): RouteObject[] {
  return [
    {
      path: '/',
      element: (
        <FeaturesContext.Provider value={list}>
          <Outlet />
        </FeaturesContext.Provider>
      ),
      children: [
        {
          Component: Shell,
          children: [
            {
              // A pathless layer so a page that throws is replaced by RouteError inside the shell.
              ErrorBoundary: RouteError,
              children: [
                { index: true, element: <Navigate to={list[0].path} replace /> },
                // Each route remembers its feature, so the menu highlights the right item on any of its pages.
                ...list.flatMap((f) => f.routes.map((r) => inFeature(r, f.key))),
                { path: '*', Component: NotFoundPage },
              ],
            },
          ],
        },
      ],
    },
  ];
}

export const appRoutes: RouteObject[] = buildRoutes(features);
