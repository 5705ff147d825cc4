import { describe, expect, it } from 'vitest';
import type { LoginEvent, ProxyRecord } from './api';
import { failingPaths, mergeTimeline } from './timeline';

const at = (hhmmss: string) => Date.parse(`2026-03-02T${hhmmss}Z`);

function login(time: number, type = 'LOGIN', error = ''): LoginEvent {
  return {
    id: `e${time}`,
    time,
    type,
    clientId: 'web',
    userId: 'bob-id',
    sessionId: '',
    ipAddress: '10.0.0.1',
    error,
    failed: error !== '',
    details: {},
  };
}

function request(time: number, path: string, decision: string, reason = ''): ProxyRecord {
  return {
    time: new Date(time).toISOString(),
    request_id: `r${time}${path}`,
    method: 'GET',
    path,
    route: path.slice(1),
    mode: 'required',
    decision,
    status: decision === 'allowed' ? 200 : 403,
    latency_ms: 1,
    subject: 'bob-id',
    user: 'bob',
    reason,
    via: 'bearer',
    client: '127.0.0.1',
  };
}

describe('mergeTimeline', () => {
  it('merges login events and proxy decisions newest first, whatever order each side came in', () => {
    const events = [login(at('10:40:00')), login(at('10:41:00'), 'LOGIN_ERROR', 'invalid_user_credentials')];
    // The proxy's log comes oldest first.
    const records = [
      request(at('10:40:05'), '/api/admin', 'allowed'),
      request(at('10:42:00'), '/api/admin', 'forbidden'),
    ];
    const merged = mergeTimeline(events, records);
    expect(merged.map((e) => [e.source, new Date(e.time).toISOString().slice(11, 19), e.failed])).toEqual([
      ['proxy', '10:42:00', true],
      ['keycloak', '10:41:00', true],
      ['proxy', '10:40:05', false],
      ['keycloak', '10:40:00', false],
    ]);
  });

  it('puts the request before the login at the same millisecond, and keeps at most the limit', () => {
    const t = at('09:00:00');
    const merged = mergeTimeline([login(t)], [request(t, '/api', 'allowed'), request(t - 1, '/old', 'allowed')], 2);
    expect(merged.map((e) => e.source)).toEqual(['proxy', 'keycloak']);
  });

  it('counts every decision but allowed and anonymous as a failure', () => {
    const decisions = ['allowed', 'anonymous', 'unauthorized', 'forbidden', 'rate-limited', 'upstream-error'];
    const merged = mergeTimeline(
      [],
      decisions.map((d, i) => request(at('08:00:00') + i, '/x', d)),
    );
    expect(Object.fromEntries(merged.map((e) => [e.source === 'proxy' ? e.record.decision : '', e.failed]))).toEqual({
      allowed: false,
      anonymous: false,
      unauthorized: true,
      forbidden: true,
      'rate-limited': true,
      'upstream-error': true,
    });
  });
});

describe('failingPaths', () => {
  it('says since when each path has refused the user, from the first refusal after the last success', () => {
    const records = [
      request(at('10:30:00'), '/api/admin', 'forbidden', 'missing role admin'),
      request(at('10:35:00'), '/api/admin', 'allowed'),
      request(at('10:42:00'), '/api/admin', 'forbidden', 'missing role admin'),
      request(at('10:43:00'), '/api/me', 'allowed'),
      request(at('10:44:00'), '/api/admin', 'forbidden', 'missing role admin'),
      request(at('10:45:00'), '/api/feed', 'unauthorized', 'token expired'),
      request(at('10:46:00'), '/api/feed', 'allowed'),
    ];
    expect(failingPaths(mergeTimeline([login(at('10:41:00'))], records))).toEqual([
      { path: '/api/admin', decision: 'forbidden', reason: 'missing role admin', since: at('10:42:00'), requests: 2 },
    ]);
  });
});
