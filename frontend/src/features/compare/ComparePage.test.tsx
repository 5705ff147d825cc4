import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { ComparePage } from './ComparePage';

const compare = vi.hoisted(() => ({
  Compare: vi.fn(),
  Preview: vi.fn(),
  Promote: vi.fn(),
  Cancel: vi.fn(),
  SavePlan: vi.fn(),
}));
const profiles = vi.hoisted(() => ({ List: vi.fn() }));
vi.mock('wails/go/app/CompareService', () => compare);
vi.mock('wails/go/app/ProfileService', () => profiles);
vi.mock('wails/go/models', () => ({ app: { CompareRequest: { createFrom: (v: unknown) => v } }, compare: {} }));

const local = { id: 1, name: 'Local', kind: 'local', defaultRealm: 'demo', readOnly: false };
const result = {
  from: { profile: 'Local', realm: 'staging' },
  to: { profile: 'Local', realm: 'prod' },
  inSync: false,
  counts: { realmRole: { added: 1 } },
  differences: [{ id: 'realmRole/auditor', kind: 'realmRole', key: 'auditor', change: 'added' }],
};
const plan = {
  version: 1,
  from: result.from,
  to: result.to,
  steps: [{ calls: [{ method: 'POST', path: '/realms/prod/roles', summary: 'create role auditor' }] }],
};

beforeEach(() => {
  for (const fn of [...Object.values(compare), ...Object.values(profiles)]) fn.mockReset();
  profiles.List.mockResolvedValue([local]);
  compare.Compare.mockResolvedValue(result);
  compare.Preview.mockResolvedValue(plan);
});

async function previewPromotion() {
  renderWithProviders(<ComparePage />);
  for (const side of ['From', 'To']) {
    await userEvent.click(screen.getByRole('combobox', { name: `${side} profile` }));
    const options = await screen.findAllByText('Local (local)', { selector: '.ant-select-item-option-content' });
    await userEvent.click(options[options.length - 1]);
  }
  await userEvent.type(screen.getByLabelText('From realm'), 'staging');
  await userEvent.type(screen.getByLabelText('To realm'), 'prod');
  await userEvent.click(screen.getByRole('button', { name: 'Compare' }));
  const row = (await screen.findByText('auditor')).closest('tr');
  if (!row) throw new Error('no row for auditor');
  await userEvent.click(within(row).getByRole('checkbox'));
  await userEvent.click(screen.getByRole('button', { name: /Preview promotion \(1\)/ }));
  return screen.findByRole('dialog');
}

describe('promotion', () => {
  it('shows a failed promotion in the plan dialog, which stays open to try again', async () => {
    compare.Promote.mockRejectedValueOnce('{"code":"read_only","message":"target profile is read-only"}');
    const dialog = await previewPromotion();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Promote' }));

    expect(await within(dialog).findByText(/target profile is read-only/i)).toBeInTheDocument();
    expect(within(dialog).getByRole('list', { name: 'Admin calls' })).toHaveTextContent('/realms/prod/roles');

    compare.Promote.mockResolvedValueOnce({ applied: 1, failed: 0, notApplied: 0, outcomes: [] });
    await userEvent.click(within(dialog).getByRole('button', { name: /Promote/ }));
    expect(await screen.findByText('Promotion: 1 applied, 0 failed, 0 not applied')).toBeInTheDocument();
    expect(compare.Promote).toHaveBeenCalledTimes(2);
  });
});
