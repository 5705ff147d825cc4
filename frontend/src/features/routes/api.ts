// Typed wrappers over the RouteService bindings. Every call goes through
// call(), so a failure is an AppError {code, message, details}; validation
// failures are invalid_input with one detail per problem.
import * as Routes from 'wails/go/app/RouteService';
import { routes, type app } from 'wails/go/models';
import { call } from '@/lib/call';

export type RouteFile = app.RouteFile;
/** A route as plain data (the generated class adds a helper method for its nested rate). */
export type Route = Omit<routes.Route, 'convertValues'>;
/** The route file as plain data (the generated class adds a helper method). */
export type RouteConfig = Omit<routes.Config, 'convertValues' | 'routes'> & { routes: Route[] };
/** A problem of the route file, with sentences naming its route and field (see app.RouteProblem). */
export type Problem = app.RouteProblem;
/** The realm's roles (suggestions) and a warning per required role it lacks. */
export type RoleCheck = app.RoleCheck;
export type AuthMode = 'required' | 'optional' | 'public';

export const authModes: { value: AuthMode; label: string; help: string }[] = [
  { value: 'required', label: 'required', help: 'No or bad token: 401. Roles not met: 403.' },
  { value: 'optional', label: 'optional', help: 'No token: forwarded anonymously. Bad token: 401.' },
  { value: 'public', label: 'public', help: 'Forwarded as is; tokens ignored, no identity headers.' },
];

// The screen edits plain data; the bindings take the generated classes, built from it here.
const toConfig = (cfg: RouteConfig) => routes.Config.createFrom(cfg);

export const routesApi = {
  get: () => call(() => Routes.Get()),
  validate: (cfg: RouteConfig) => call(() => Routes.Validate(toConfig(cfg))),
  checkRoles: (cfg: RouteConfig) => call(() => Routes.CheckRoles(toConfig(cfg))),
  save: (cfg: RouteConfig) => call(() => Routes.Save(toConfig(cfg))),
  saveRoute: (original: string, route: Route) => call(() => Routes.SaveRoute(original, routes.Route.createFrom(route))),
  deleteRoute: (name: string) => call(() => Routes.DeleteRoute(name)),
  setEnabled: (name: string, enabled: boolean) => call(() => Routes.SetEnabled(name, enabled)),
  move: (name: string, offset: number) => call(() => Routes.Move(name, offset)),
  parseYAML: (text: string) => call(() => Routes.ParseYAML(text)),
  importYAML: (text: string) => call(() => Routes.ImportYAML(text)),
  exportYAML: () => call(() => Routes.ExportYAML()),
};
