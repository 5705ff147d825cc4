import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Form, Input } from 'antd';
import { describe, expect, it, vi } from 'vitest';
import { deferred } from '@/test/deferred';
import { renderWithProviders } from '@/test/render';
import { FormModal } from './FormModal';

interface Values {
  name: string;
}

function renderModal(onSubmit: (v: Values) => Promise<unknown>, onClose = vi.fn()) {
  renderWithProviders(
    <FormModal<Values> open title="Create thing" okText="Create" onSubmit={onSubmit} onClose={onClose}>
      <Form.Item name="name" label="Name" rules={[{ required: true, message: 'Name it.' }]}>
        <Input />
      </Form.Item>
    </FormModal>,
  );
  return within(screen.getByRole('dialog', { name: 'Create thing' }));
}

describe('FormModal', () => {
  it('submits only valid values, and shows a failure in the dialog with the input kept', async () => {
    const onSubmit = vi.fn(async () => {
      throw JSON.stringify({ code: 'conflict', message: 'A thing named bob exists' });
    });
    const dialog = renderModal(onSubmit);
    await userEvent.click(dialog.getByRole('button', { name: /Create$/ }));
    expect(await dialog.findByText('Name it.')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();

    await userEvent.type(dialog.getByLabelText('Name'), 'bob');
    await userEvent.click(dialog.getByRole('button', { name: /Create$/ }));
    expect(await dialog.findByText('A thing named bob exists.')).toBeInTheDocument();
    expect(onSubmit).toHaveBeenCalledWith({ name: 'bob' });
    expect(dialog.getByLabelText('Name')).toHaveValue('bob');
  });

  it('ignores Cancel while the submit runs, then clears the fields after success', async () => {
    const done = deferred<void>();
    const onClose = vi.fn();
    const dialog = renderModal(() => done.promise, onClose);
    await userEvent.type(dialog.getByLabelText('Name'), 'ann');
    await userEvent.click(dialog.getByRole('button', { name: /Create$/ }));
    await userEvent.click(dialog.getByRole('button', { name: 'Cancel' }));
    expect(onClose).not.toHaveBeenCalled();
    done.resolve(undefined);
    await waitFor(() => expect(dialog.getByLabelText('Name')).toHaveValue(''));
  });
});
