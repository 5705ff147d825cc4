import { render, screen } from '@testing-library/react';
import { Button } from 'antd';
import { describe, expect, it } from 'vitest';
import { AppProviders } from './AppProviders';

describe('AppProviders', () => {
  it('leaves no spinner in a button whose loading has ended', () => {
    const view = (loading: boolean) => (
      <AppProviders>
        <Button loading={loading}>Import</Button>
      </AppProviders>
    );
    const { rerender } = render(view(false));
    rerender(view(true));
    expect(screen.getByRole('button', { name: 'loading Import' })).toBeInTheDocument();
    rerender(view(false));
    expect(screen.getByRole('button', { name: 'Import' })).toBeInTheDocument();
  });
});
