import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { SearchInput } from './SearchInput';

describe('SearchInput', () => {
  it('searches the trimmed text on Enter only, and nothing as soon as the box is emptied', async () => {
    const onSearch = vi.fn();
    renderWithProviders(<SearchInput aria-label="Search groups" onSearch={onSearch} />);
    const box = screen.getByRole('searchbox', { name: 'Search groups' });
    await userEvent.type(box, ' staff ');
    expect(onSearch).not.toHaveBeenCalled();
    await userEvent.type(box, '{Enter}');
    expect(onSearch).toHaveBeenLastCalledWith('staff');
    await userEvent.clear(box);
    expect(onSearch).toHaveBeenLastCalledWith('');
  });
});
