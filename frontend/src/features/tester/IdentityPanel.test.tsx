import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Form } from 'antd';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import type { TesterSetup } from './api';
import { IdentityPanel } from './IdentityPanel';
import { initialIdentity, type IdentityForm } from './model';

vi.mock('wails/go/app/TesterService', () => ({}));

const setup = {
  client: 'web',
  realm: 'demo',
  hints: null,
  variants: [],
  identityHeaders: [],
} as unknown as TesterSetup;

/** The panel with its identity held as TesterPage holds it; each change is reported to `seen`. */
function Held({ kind, seen }: { kind: IdentityForm['kind']; seen: (f: IdentityForm) => void }) {
  const [value, setValue] = useState<IdentityForm>({ ...initialIdentity(setup), username: '', password: '', kind });
  return (
    <Form layout="vertical" component="div">
      <IdentityPanel
        setup={setup}
        value={value}
        onChange={(next) => {
          seen(next);
          setValue(next);
        }}
      />
    </Form>
  );
}

// Each field by its label, the part of the identity it holds, and what is typed into it.
type Typed = [label: string, part: keyof IdentityForm, text: string][];

describe('IdentityPanel', () => {
  it.each<[IdentityForm['kind'], Typed]>([
    [
      'password',
      [
        ['Username', 'username', 'alice'],
        ['Password', 'password', 'pw'],
        ['Client', 'clientId', 'cli'],
        ['Realm', 'realm', 'other'],
      ],
    ],
    [
      'client',
      [
        ['Client ID', 'clientId', 'svc'],
        ['Client secret', 'clientSecret', 's3cret'],
      ],
    ],
  ])('as %s, each typed field changes its own part of the identity', async (kind, typed) => {
    const seen = vi.fn<(f: IdentityForm) => void>();
    renderWithProviders(<Held kind={kind} seen={seen} />);
    for (const [label, , text] of typed) {
      const box = screen.getByLabelText(label, { exact: true });
      await userEvent.clear(box);
      await userEvent.type(box, text);
    }
    const last = seen.mock.lastCall?.[0];
    for (const [, part, text] of typed) expect(last?.[part]).toBe(text);
    expect(last?.kind).toBe(kind);
  });
});
