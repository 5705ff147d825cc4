import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Button, Form } from 'antd';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { SwitchField } from './SwitchField';

describe('SwitchField', () => {
  it('shows the field’s boolean under its label and submits the toggled value', async () => {
    const onFinish = vi.fn();
    renderWithProviders(
      <Form initialValues={{ ssl: true }} onFinish={onFinish}>
        <SwitchField name="ssl" label="SSL" extra="Encrypt the connection." />
        <Button htmlType="submit">Save</Button>
      </Form>,
    );
    const sw = screen.getByRole('switch', { name: 'SSL' });
    expect(sw).toBeChecked();
    expect(screen.getByText('Encrypt the connection.')).toBeInTheDocument();
    await userEvent.click(sw);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(onFinish).toHaveBeenCalledWith({ ssl: false }));
  });
});
