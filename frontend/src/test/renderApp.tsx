import { render, type RenderResult } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AppProviders } from '@/app/AppProviders';
import { appRoutes } from '@/app/routes';

/**
 * Renders the whole console (shell, menu, routes) at a path such as "/users".
 * The shell calls SystemService, so tests using this mock 'wails/go/app/SystemService'.
 */
export function renderApp(path = '/'): RenderResult {
  const router = createMemoryRouter(appRoutes, { initialEntries: [path] });
  return render(
    <AppProviders>
      <RouterProvider router={router} />
    </AppProviders>,
  );
}
