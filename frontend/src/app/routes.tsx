import { Navigate, type RouteObject } from 'react-router';
import { features } from './features';
import { NotFoundPage } from './NotFoundPage';
import { RouteError } from './RouteError';
import { Shell } from './Shell';

/** The whole route tree: the shell around every feature's routes. Features add routes in their own routes.ts. */
export const appRoutes: RouteObject[] = [
  {
    path: '/',
    Component: Shell,
    children: [
      {
        // A pathless layer so a page that throws is replaced by RouteError inside the shell.
        ErrorBoundary: RouteError,
        children: [
          { index: true, element: <Navigate to={features[0].path} replace /> },
          ...features.flatMap((f) => f.routes),
          { path: '*', Component: NotFoundPage },
        ],
      },
    ],
  },
];
