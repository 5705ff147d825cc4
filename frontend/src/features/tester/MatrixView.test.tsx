import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/test/render';
import type { MatrixResult } from './api';
import { MatrixView } from './MatrixView';

const base = { expectation: { promise: 'p' }, outcome: 'forwarded', reason: '', surprises: [], notes: null };

const matrix = {
  route: 'admin',
  mode: 'required',
  roles: ['admin'],
  surprises: 0,
  errors: 0,
  setup: null,
  rows: [
    {
      ...base,
      case: 'anonymous',
      label: 'Anonymous',
      identity: 'anonymous',
      status: 401,
      decision: 'unauthorized',
      identityHeaders: null,
    },
    {
      ...base,
      case: 'valid-user',
      label: 'Valid user',
      identity: 'user alice',
      status: 200,
      decision: 'allowed',
      identityHeaders: { 'X-User-Name': 'alice', 'X-User-Id': '9d14aeaa-9f84-4df3-9e37-4efd07afee54' },
    },
    {
      ...base,
      case: 'optional-anon',
      label: 'Anonymous',
      identity: 'anonymous',
      status: 200,
      decision: 'anonymous',
      identityHeaders: {},
    },
  ],
} as unknown as MatrixResult;

describe('MatrixView', () => {
  it('shows what reached the upstream: the identity headers on a line of their own, or that there were none', () => {
    renderWithProviders(<MatrixView matrix={matrix} />);
    const table = screen.getByRole('table', { name: 'Matrix' });
    expect(table.querySelectorAll('tbody tr.ant-table-row')).toHaveLength(3);

    const extra = table.querySelectorAll('tbody tr.ant-table-expanded-row');
    expect(extra).toHaveLength(1); // only the row whose request carried identity headers
    const line = within(extra[0] as HTMLElement);
    expect(line.getByText('X-User-Name: alice')).toBeInTheDocument();
    expect(line.getByText('X-User-Id: 9d14aeaa-9f84-4df3-9e37-4efd07afee54')).toBeInTheDocument();

    expect(within(table).getByText('forwarded, no identity headers')).toBeInTheDocument();
  });
});
