// Typed wrappers over the TesterService bindings: every call goes through
// call(), so a failure is an AppError with a code and one sentence. Plain
// objects are passed (Wails serialises them as JSON), so only types come
// from the generated models.
import * as Tester from 'wails/go/app/TesterService';
import type { app, proxy, tester } from 'wails/go/models';
import { call } from '@/lib/call';

export type TesterSetup = app.TesterSetup;
export type TesterRoute = app.TesterRoute;
export type LintResult = app.LintResult;
export type Identity = tester.Identity;
export type TestRequest = tester.Request;
export type Result = tester.Result;
export type Trace = proxy.Trace;
export type DecodedToken = tester.DecodedToken;
export type MatrixResult = tester.MatrixResult;
export type MatrixRow = tester.MatrixRow;
export type Reach = tester.Reach;
export type Finding = tester.Finding;
export type Case = tester.Case;
export type CaseResult = tester.CaseResult;
export type SuiteResult = tester.SuiteResult;
export type SecretNeed = tester.SecretNeed;

export const testerApi = {
  setup: () => call(() => Tester.Setup()),
  send: (request: TestRequest, identity: Identity) => call(() => Tester.Send({ request, identity } as app.SendInput)),
  matrix: (input: { route: string; validUser: Identity; lackingUser: Identity; upstream: string; path: string }) =>
    call(() => Tester.Matrix(input as tester.MatrixInput)),
  decode: (token: string) => call(() => Tester.DecodeToken(token)),
  reach: (route: string, first: number, max: number) => call(() => Tester.Reach(route, first, max)),
  lint: (route: string, identity: Identity) => call(() => Tester.Lint(route, identity)),
  applyFix: (route: string, identity: Identity, fix: tester.MapperFix) =>
    call(() => Tester.ApplyFix(route, identity, fix)),
  listCases: (route: string) => call(() => Tester.ListCases(route)),
  saveCase: (c: Partial<Case>) => call(() => Tester.SaveCase(c as Case)),
  deleteCase: (id: number) => call(() => Tester.DeleteCase(id)),
  suiteSecrets: (route: string) => call(() => Tester.SuiteSecrets(route)),
  runSuite: (route: string, secrets: Record<string, string>) => call(() => Tester.RunSuite(route, secrets)),
  exportSuite: (format: 'json' | 'csv') => call(() => Tester.ExportSuite(format)),
};
