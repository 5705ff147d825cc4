import { describe, expect, it } from 'vitest';
import type { OIDCClient } from './api';
import { lines, newClientValues, problems, toFormValues, toInput, warnings } from './formState';

describe('client form state', () => {
  it('round-trips a client through the form', () => {
    // What the form sends back is the client's own settings, nothing Keycloak adds.
    const input = {
      clientId: 'api',
      name: 'API',
      description: '',
      enabled: true,
      public: false,
      rootUrl: 'http://127.0.0.1:4000',
      redirectUris: ['/callback', 'http://127.0.0.1:4000/*'],
      webOrigins: ['+'],
      standardFlow: true,
      directAccessGrants: false,
      serviceAccount: true,
    };
    const client = {
      ...input,
      id: 'c1',
      protocol: 'openid-connect',
      bearerOnly: false,
      fullScopeAllowed: true,
      builtIn: false,
    } as OIDCClient;
    const values = toFormValues(client);
    expect(values.redirectUris).toBe('/callback\nhttp://127.0.0.1:4000/*');
    expect(values.accessType).toBe('confidential');
    expect(toInput(values)).toEqual(input);
  });

  it('never asks for a service account on a public client', () => {
    const v = {
      ...newClientValues('confidential'),
      clientId: 'web',
      accessType: 'public' as const,
      serviceAccount: true,
    };
    expect(toInput(v).serviceAccount).toBe(false);
  });

  it('splits URI lists on lines and commas and drops blanks', () => {
    expect(lines(' a \n\n b, c ,\n')).toEqual(['a', 'b', 'c']);
  });

  it('lists every problem at once', () => {
    const v = { ...newClientValues('confidential'), clientId: 'my app', rootUrl: 'ftp://x', redirectUris: '' };
    expect(problems(v)).toEqual([
      'The client id must not contain spaces or slashes.',
      'The root URL must start with http:// or https://.',
    ]);
    expect(warnings(v)).toEqual(['The standard flow has no redirect URI: browser logins will be refused.']);
    expect(problems({ ...newClientValues('public'), clientId: 'web', redirectUris: 'http://x/*' })).toEqual([]);
    expect(
      problems({ ...newClientValues('public'), clientId: 'web', standardFlow: false, directAccessGrants: false }),
    ).toEqual(['A public client needs the standard flow or direct access grants to get tokens.']);
  });
});
