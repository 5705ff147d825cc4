import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Form } from 'antd';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { LabeledInput } from './LabeledInput';

function Controlled({ secret, name, disabled }: { secret?: boolean; name?: string; disabled?: boolean }) {
  const [value, setValue] = useState('');
  return (
    <Form>
      <LabeledInput
        label="Their password"
        name={name}
        secret={secret}
        disabled={disabled}
        value={value}
        onChange={setValue}
      />
      <output>{value}</output>
    </Form>
  );
}

describe('LabeledInput', () => {
  it('hands every keystroke to the screen and is named by its label', async () => {
    renderWithProviders(<Controlled />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Their password' }), 'abc');
    expect(screen.getByRole('status')).toHaveTextContent('abc');
  });

  it('masks a secret, keeps the browser from filling it, and takes a name of its own', () => {
    renderWithProviders(<Controlled secret name="Matrix valid user password" />);
    const box = screen.getByLabelText('Matrix valid user password');
    expect(box).toHaveAttribute('type', 'password');
    expect(box).toHaveAttribute('autocomplete', 'new-password');
  });

  it('takes no input while disabled (a passphrase for secrets left out of an import)', () => {
    renderWithProviders(<Controlled secret disabled />);
    expect(screen.getByLabelText('Their password')).toBeDisabled();
  });
});
