import { lazy, type ComponentType } from 'react';
import type { RouteObject } from 'react-router';

/**
 * A screen of the console, declared in src/features/<feature>/routes.ts (its
 * pages with pageRoute, so links and routes share one pattern) and
 * listed once in src/app/features.ts. The shell builds its menu and router from
 * these, so a feature adds detail pages by adding entries to its own `routes`.
 */
export interface Feature {
  /** Stable id, also the menu key: "users". */
  key: string;
  /** Menu label, which is also the menu item's accessible name: "Users". */
  label: string;
  /** An @ant-design/icons component. */
  icon: ComponentType<{ 'aria-hidden'?: boolean }>;
  /** Where the menu item leads, and the prefix that marks the item active: "/users". */
  path: string;
  /**
   * Every route of the feature, with absolute paths, e.g.
   *   usersPage.lazy(() => import('./UsersPage'), 'UsersPage'),  // { path: '/users', Component: ... }
   *   userPage.lazy(() => import('./UserPage'), 'UserPage'),     // { path: '/users/:realm/:id/:tab?', ... }
   */
  routes: RouteObject[];
}

/** What a feature says about itself besides its routes; its menu path is its first route's unless given. */
export type FeatureMeta = Omit<Feature, 'path' | 'routes'> & Partial<Pick<Feature, 'path'>>;

/**
 * A feature from its menu entry and its routes, the first one being the
 * screen the menu opens: defineFeature({ key, label, icon }, [page.lazy(...)]).
 */
export function defineFeature(meta: FeatureMeta, routes: RouteObject[]): Feature {
  const path = meta.path ?? routes[0]?.path;
  if (!path) throw new Error(`feature ${meta.key}: no path for the menu`);
  return { ...meta, path, routes };
}

/**
 * A route component loaded on first visit. The shell wraps pages in Suspense,
 * and router navigations run in a transition, so the previous page stays on
 * screen until the next one has loaded.
 */
export function lazyPage<M>(load: () => Promise<M>, pick: (module: M) => ComponentType): ComponentType {
  return lazy(async () => ({ default: pick(await load()) }));
}

/** The feature a matched route belongs to (see inFeature); undefined for the shell's own routes. */
export function featureOf(handle: unknown): string | undefined {
  return typeof handle === 'object' && handle !== null && 'feature' in handle && typeof handle.feature === 'string'
    ? handle.feature
    : undefined;
}

/** The route, its handle marked with the feature it belongs to. react-router types a handle as any: it is ours. */
export function inFeature(route: RouteObject, feature: string): RouteObject {
  const handle: unknown = route.handle;
  return { ...route, handle: { ...(typeof handle === 'object' ? handle : undefined), feature } };
}
