import { render, type RenderResult } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AppProviders } from '@/app/AppProviders';
import type { Feature } from '@/app/feature';
import { features } from '@/app/features';
import { buildRoutes } from '@/app/routes';

/**
 * Renders the whole console (shell, menu, routes) at a path such as "/users",
 * with the real screens or a list of test features. The shell calls
 * SystemService, so tests using this mock 'wails/go/app/SystemService'.
 */
export function renderApp(path = '/', list: readonly Feature[] = features): RenderResult {
  const router = createMemoryRouter(buildRoutes(list), { initialEntries: [path] });
  return render(
    <AppProviders>
      <RouterProvider router={router} />
    </AppProviders>,
  );
}
