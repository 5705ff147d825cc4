import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EventsEmit } from 'wails/runtime/runtime';
import { describe, expect, it, vi } from 'vitest';
import { useOperation, type OpProgress } from '@/lib/useOperation';
import { renderWithProviders } from '@/test/render';
import { OperationProgress } from './OperationProgress';

interface RowsProgress extends OpProgress {
  failed: number;
}

/** A job's page as the app builds one: the hook feeds the view. */
function Job({ onStart, onCancel }: { onStart: (opId: string) => void; onCancel: (opId: string) => void }) {
  const op = useOperation<RowsProgress>('job');
  return (
    <>
      <button type="button" onClick={() => onStart(op.start())}>
        Start
      </button>
      <OperationProgress
        layout="inline"
        label="Job progress"
        percent={op.percent}
        detail={op.progress ? `${op.progress.done} of ${op.progress.total}, ${op.progress.failed} failed` : 'waiting'}
        onCancel={() => onCancel(op.opId())}
      />
    </>
  );
}

describe('OperationProgress with useOperation', () => {
  it('shows the progress of its own run only, and cancels that run', async () => {
    const onStart = vi.fn();
    const onCancel = vi.fn();
    renderWithProviders(<Job onStart={onStart} onCancel={onCancel} />);
    const status = screen.getByRole('status', { name: 'Job progress' });
    // Before a run starts, no event is taken for it, whatever its id.
    act(() => EventsEmit('op:progress', { opId: '', done: 1, total: 2, failed: 0 }));
    expect(status).toHaveTextContent('waiting');

    await userEvent.click(screen.getByRole('button', { name: 'Start' }));
    const opId = onStart.mock.calls[0][0] as string;
    expect(opId).toMatch(/^job-/);
    act(() => EventsEmit('op:progress', { opId, done: 3, total: 4, failed: 1 }));
    act(() => EventsEmit('op:progress', { opId: 'job-other', done: 4, total: 4, failed: 0 }));
    expect(status).toHaveTextContent('3 of 4, 1 failed');
    expect(status).toHaveTextContent('75%');

    await userEvent.click(within(status).getByRole('button', { name: /Cancel/ }));
    expect(onCancel).toHaveBeenCalledWith(opId);
  });

  it('names its bar in a card', () => {
    renderWithProviders(<OperationProgress percent={40} label="Import progress" detail="4 of 10 rows" />);
    expect(screen.getByLabelText('Import progress')).toBeInTheDocument();
    expect(screen.getByText('4 of 10 rows')).toBeInTheDocument();
  });
});
