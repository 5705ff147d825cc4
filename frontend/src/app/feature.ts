import { lazy, type ComponentType } from 'react';
import type { RouteObject } from 'react-router';

/**
 * A screen of the console, declared in src/features/<feature>/routes.ts and
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
   *   { path: '/users', Component: lazyPage(() => import('./UsersPage'), (m) => m.UsersPage) },
   *   { path: '/users/:realm/:id/:tab?', Component: lazyPage(() => import('./UserPage'), (m) => m.UserPage) },
   */
  routes: RouteObject[];
}

export function defineFeature(feature: Feature): Feature {
  return feature;
}

/**
 * A route component loaded on first visit. The shell wraps pages in Suspense,
 * and router navigations run in a transition, so the previous page stays on
 * screen until the next one has loaded.
 */
export function lazyPage<M>(load: () => Promise<M>, pick: (module: M) => ComponentType): ComponentType {
  return lazy(async () => ({ default: pick(await load()) }));
}
