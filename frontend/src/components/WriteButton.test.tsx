import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { activateProfile } from '@/test/profile';
import { renderWithProviders } from '@/test/render';
import { WriteButton } from './WriteButton';

describe('WriteButton', () => {
  it.each([
    ['a writable profile', false, undefined, false],
    ['a read-only profile', true, undefined, true],
    ['a writable profile, the screen disabling it', false, true, true],
    ['a read-only profile, the screen enabling it', true, false, true],
  ])('on %s', (_, readOnly, disabled, expectDisabled) => {
    activateProfile({ readOnly });
    renderWithProviders(<WriteButton disabled={disabled}>Save</WriteButton>);
    const button = screen.getByRole('button', { name: 'Save' });
    if (expectDisabled) expect(button).toBeDisabled();
    else expect(button).toBeEnabled();
  });
});
