import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { lazyPage } from './feature';

/** A search param a page reads: free text, or one of fixed choices (a tab). */
export type SearchParam = 'text' | readonly string[];

/** The search params of a page, in the order its links write them: { realm: 'text', tab: ['login', 'admin'] }. */
export type SearchSpec = Record<string, SearchParam>;

/** The values of a page's search params: each optional, a choice param typed as its choices. */
export type SearchValues<S extends SearchSpec> = {
  [K in keyof S]?: S[K] extends readonly (infer C)[] ? C : string;
};

type Segments<P extends string> = P extends `${infer Head}/${infer Tail}` ? Head | Segments<Tail> : P;
type RequiredName<S> = S extends `:${infer N}` ? (N extends `${string}?` ? never : N) : never;
type OptionalName<S> = S extends `:${infer N}?` ? N : never;

/** The params of a path pattern: "/clients/:realm/:id/:tab?" has realm and id, and optionally tab. */
export type PathParams<P extends string> = { [K in RequiredName<Segments<P>>]: string } & {
  [K in OptionalName<Segments<P>>]?: string;
};

/** What a link to the page takes: its path params and its search params. */
export type LinkValues<P extends string, S extends SearchSpec> = PathParams<P> & SearchValues<S>;

/**
 * One page of a feature: the pattern the router matches, the links to it and
 * the reading of its search params, all from the same definition, so a link
 * cannot drift from the route it leads to.
 */
export interface PageRoute<P extends string, S extends SearchSpec> {
  /** The pattern the router matches: "/clients/:realm/:id/:tab?". */
  readonly path: P;
  /**
   * The link for these values (for <Link to> and navigate()). Path params are
   * encoded; search params follow in the order they were declared, empty ones
   * left out, so a link without any is the bare path.
   */
  href(...values: object extends LinkValues<P, S> ? [values?: LinkValues<P, S>] : [values: LinkValues<P, S>]): string;
  /** The page's search params as the address has them; a choice param holding anything else reads as absent. */
  read(params: URLSearchParams): SearchValues<S>;
  /** The router entry for this page, its component loaded on first visit (see lazyPage). */
  lazy<K extends string, M extends Record<K, ComponentType>>(load: () => Promise<M>, name: K): RouteObject;
}

/**
 * Defines a page's route: pageRoute('/events', { realm: 'text', tab: ['login', 'admin', 'settings'] }).
 * An optional path param ("/:tab?") is left out of the link when not given.
 * Search params are written as URLSearchParams writes them, the same form the
 * pages' own setParams() leaves in the address bar.
 */
export function pageRoute<const P extends string, const S extends SearchSpec = Record<never, SearchParam>>(
  path: P,
  search?: S,
): PageRoute<P, S> {
  const spec: SearchSpec = search ?? {};
  return {
    path,
    href: (...args) => {
      const given = new Map<string, unknown>(Object.entries(args[0] ?? {}));
      const values = (key: string) => {
        const value = given.get(key);
        return typeof value === 'string' ? value : undefined;
      };
      const q = new URLSearchParams();
      for (const key of Object.keys(spec)) {
        const value = values(key);
        if (value) q.set(key, value);
      }
      const query = q.toString();
      return query ? `${fillPath(path, values)}?${query}` : fillPath(path, values);
    },
    read: (params) => {
      const out: Partial<Record<string, string>> = {};
      for (const [key, kind] of Object.entries(spec)) {
        const value = params.get(key);
        if (value !== null && (kind === 'text' || kind.includes(value))) out[key] = value;
      }
      // Every value is checked against its spec above: text as any string, a choice as one of its choices.
      return out as SearchValues<S>;
    },
    lazy: (load, name) => ({ path, Component: lazyPage(load, (m) => m[name]) }),
  };
}

/** The path with its :params filled in and encoded; an optional one without a value is left out with its slash. */
function fillPath(path: string, values: (key: string) => string | undefined): string {
  return path
    .split('/')
    .flatMap((segment) => {
      if (!segment.startsWith(':')) return [segment];
      const optional = segment.endsWith('?');
      const value = values(segment.slice(1, optional ? -1 : undefined));
      return optional && !value ? [] : [encodeURIComponent(value ?? '')];
    })
    .join('/');
}
