// Typed wrappers over the CompareService bindings; every call goes through
// call(), so a failure is an AppError with a code and one sentence.
import * as Compare from 'wails/go/app/CompareService';
import { app, compare } from 'wails/go/models';
import { call } from '@/lib/call';

export type Result = compare.Result;
export type Difference = compare.Difference;
export type Plan = compare.Plan;
export type Report = compare.Report;
export type Outcome = compare.Outcome;
export type CompareRequest = app.CompareRequest;

/** The op:progress payload of a running promotion. */
export type PromoteProgress = app.PromoteProgress;

export const compareApi = {
  compare: (req: CompareRequest) => call(() => Compare.Compare(app.CompareRequest.createFrom(req))),
  preview: (res: Result, ids: string[]) => call(() => Compare.Preview(res, ids)),
  promote: (opId: string, req: CompareRequest, plan: Plan, confirm: string) =>
    call(() => Compare.Promote(opId, app.CompareRequest.createFrom(req), plan, confirm)),
  cancel: (opId: string) => call(() => Compare.Cancel(opId)),
  savePlan: (plan: Plan) => call(() => Compare.SavePlan(plan)),
};

/** A difference's value on one side, as pretty JSON ("" when that side lacks it). */
export function sideJSON(value: unknown): string {
  return value === undefined || value === null ? '' : JSON.stringify(value, null, 2);
}

export const kindLabels: Record<string, string> = {
  realm: 'Realm settings',
  requiredAction: 'Required actions',
  clientScope: 'Client scopes',
  clientScopeMapper: 'Client scope mappers',
  client: 'Clients',
  clientMapper: 'Client mappers',
  realmRole: 'Realm roles',
  clientRole: 'Client roles',
  group: 'Groups',
  identityProvider: 'Identity providers',
  routeSettings: 'Route settings',
  route: 'Routes',
};
