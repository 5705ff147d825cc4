import { createHashRouter, RouterProvider } from 'react-router';
import { AppProviders } from './AppProviders';
import { appRoutes } from './routes';

// Hash routing: the app is served from embedded assets, where only "/" exists.
const router = createHashRouter(appRoutes);

export function App() {
  return (
    <AppProviders>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
