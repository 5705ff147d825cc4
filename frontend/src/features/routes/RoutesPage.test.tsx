import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { RoutesPage } from './RoutesPage';

const api = vi.hoisted(() => ({
  Get: vi.fn(),
  Validate: vi.fn(),
  ParseYAML: vi.fn(),
  ImportYAML: vi.fn(),
  Save: vi.fn(),
  CheckRoles: vi.fn(),
  SaveRoute: vi.fn(),
}));
vi.mock('wails/go/app/RouteService', () => api);
// The bindings take the generated classes; their createFrom keeps the plain data the screen sends.
vi.mock('wails/go/models', () => {
  const plain = { createFrom: <T,>(v: T) => v };
  return { routes: { Config: plain, Route: plain } };
});

function file(readOnly: boolean) {
  return {
    config: {
      version: 1,
      listen: '',
      issuer: '',
      audiences: [],
      authorizedParties: [],
      identityHeaders: {},
      routes: [],
    },
    issuer: 'http://127.0.0.1:8180/realms/demo',
    issuerDerived: true,
    identityHeaders: {},
    profile: readOnly ? 'Prod' : 'Local',
    readOnly,
  };
}

/** The form item (label, control, messages) an element is shown in. */
function fieldOf(el: HTMLElement): HTMLElement | null {
  return el.closest('.ant-form-item');
}

function renderPage() {
  renderWithProviders(
    <MemoryRouter>
      <RoutesPage />
    </MemoryRouter>,
  );
}

describe('RoutesPage without routes', () => {
  beforeEach(() => {
    api.Get.mockReset();
    api.CheckRoles.mockResolvedValue({ realm: 'demo', known: [], warnings: [] });
  });

  it('on a read-only profile says why nothing can be added', async () => {
    api.Get.mockResolvedValue(file(true));
    renderPage();
    expect(
      await screen.findByText('No routes. This profile is read-only: routes cannot be added or imported here.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Add route/ })).toBeDisabled();
    expect(screen.getByRole('button', { name: /Import/ })).toBeDisabled();
  });

  it('on a writable profile invites adding or importing one', async () => {
    api.Get.mockResolvedValue(file(false));
    renderPage();
    expect(await screen.findByText('No routes yet: add one, or import a route file.')).toBeInTheDocument();
    // The empty table can show before the file has loaded; the button follows the file.
    await waitFor(() => expect(screen.getByRole('button', { name: /Add route/ })).toBeEnabled());
  });
});

const route = (name: string, auth = 'public') => ({ name, path: `/${name}`, upstream: 'http://127.0.0.1:9090', auth });

function fileWith(routes: object[]) {
  const f = file(false);
  return { ...f, config: { ...f.config, routes } };
}

// antd renders slowly under jsdom: leave room on a busy machine.
describe('RoutesPage import', () => {
  beforeEach(() => {
    for (const fn of Object.values(api)) fn.mockReset();
    api.CheckRoles.mockResolvedValue({ realm: 'demo', known: ['admin', 'user', 'web:editor'], warnings: [] });
  });

  it('shows what a replace would do, asks first, and can undo it once', async () => {
    const before = fileWith([route('a'), route('b')]);
    const after = fileWith([route('b', 'required'), route('c')]);
    api.Get.mockResolvedValue(before);
    api.ParseYAML.mockResolvedValue(after.config);
    api.ImportYAML.mockResolvedValue(after);
    api.Save.mockResolvedValue(before);
    renderPage();
    await screen.findByText('a');

    await userEvent.click(screen.getByRole('button', { name: /Import/ }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('textbox', { name: 'Route file' }));
    await userEvent.paste('version: 1');
    const replace = within(dialog).getByRole('button', { name: 'Replace routes' });
    expect(replace).toBeDisabled(); // not before a check
    await userEvent.click(within(dialog).getByRole('button', { name: 'Check' }));
    expect(
      await within(dialog).findByText(/Importing adds 1 route \(c\), removes 1 route \(a\), changes 1 route \(b\)/),
    ).toBeInTheDocument();

    await userEvent.click(replace);
    const confirm = (await screen.findAllByRole('dialog')).at(-1)!;
    expect(confirm).toHaveTextContent('Replace the routes of Local?');
    expect(api.ImportYAML).not.toHaveBeenCalled();
    await userEvent.click(within(confirm).getByRole('button', { name: 'Replace routes' }));
    await waitFor(() => expect(api.ImportYAML).toHaveBeenCalledWith('version: 1'));

    await userEvent.click(await screen.findByRole('button', { name: 'Undo import' }));
    await waitFor(() => expect(api.Save).toHaveBeenCalledWith(before.config));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Undo import' })).not.toBeInTheDocument());
  });

  it('asks before Escape throws away a route being typed', async () => {
    api.Get.mockResolvedValue(fileWith([]));
    api.Validate.mockResolvedValue({ valid: true, problems: [] });
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: /Add route/ }));
    const drawer = await screen.findByRole('dialog');
    await userEvent.click(within(drawer).getByLabelText('Name'));
    await userEvent.paste('feed');
    await userEvent.keyboard('{Escape}');

    const ask = (await screen.findAllByRole('dialog')).at(-1)!;
    expect(ask).toHaveTextContent('Discard your changes to the new route?');
    await userEvent.click(within(ask).getByRole('button', { name: 'Keep editing' }));
    expect(within(drawer).getByLabelText('Name')).toHaveValue('feed');
  });
});

describe('RoutesPage roles', () => {
  beforeEach(() => {
    for (const fn of Object.values(api)) fn.mockReset();
  });

  it('marks a required role the realm lacks in the table, without blocking anything', async () => {
    api.Get.mockResolvedValue(fileWith([{ ...route('x', 'required'), roles: ['nosuchrole', 'admin'] }]));
    const sentence = 'Route "x" requires a role realm "demo" does not have: "nosuchrole".';
    api.CheckRoles.mockResolvedValue({
      realm: 'demo',
      known: ['admin'],
      warnings: [
        {
          route: 'x',
          field: 'roles',
          code: 'role_unknown',
          message: 'realm "demo" has no role "nosuchrole": no token will carry it',
          sentence,
          fieldSentence: sentence,
          role: 'nosuchrole',
        },
      ],
    });
    renderPage();
    expect(await screen.findByLabelText(`nosuchrole: ${sentence}`)).toBeInTheDocument();
    expect(screen.queryByLabelText(/^admin: /)).not.toBeInTheDocument();
  });

  it('marks only the missing client role, not the realm role of the same name', async () => {
    api.Get.mockResolvedValue(fileWith([{ ...route('x', 'required'), roles: ['user', 'web:user'] }]));
    const sentence = 'Route "x" requires a role realm "demo" does not have: client "web" with a role "user".';
    api.CheckRoles.mockResolvedValue({
      realm: 'demo',
      known: ['user'],
      warnings: [
        {
          route: 'x',
          field: 'roles',
          code: 'role_unknown',
          message: 'realm "demo" has no client "web" with a role "user": no token will carry it',
          sentence,
          fieldSentence: sentence,
          role: 'web:user',
        },
      ],
    });
    renderPage();
    expect(await screen.findByLabelText(`web:user: ${sentence}`)).toBeInTheDocument();
    expect(screen.queryByLabelText(/^user: /)).not.toBeInTheDocument();
    expect(screen.getByText('user', { selector: '.ant-tag' })).toBeInTheDocument();
  });

  it("suggests the realm's roles and warns under the field of the route being edited", async () => {
    api.Get.mockResolvedValue(fileWith([]));
    api.Validate.mockResolvedValue({ valid: true, problems: [] });
    const sentence = 'The roles name a role realm "demo" does not have: "nosuchrole".';
    api.CheckRoles.mockImplementation(async (cfg: { routes: { roles?: string[] }[] }) => ({
      realm: 'demo',
      known: ['admin', 'user', 'web:editor'],
      warnings: (cfg.routes[0]?.roles ?? []).includes('nosuchrole')
        ? [{ route: 'r', field: 'roles', message: '', sentence, fieldSentence: sentence }]
        : [],
    }));
    renderPage();
    // antd's radio and select inputs sit under wrappers that take the pointer.
    const user = userEvent.setup({ pointerEventsCheck: 0 });
    await user.click(await screen.findByRole('button', { name: /Add route/ }));
    const drawer = await screen.findByRole('dialog');
    await userEvent.click(within(drawer).getByLabelText('Name'));
    await userEvent.paste('r');
    await user.click(within(drawer).getByRole('radio', { name: 'required' }));
    await user.click(within(drawer).getByRole('combobox', { name: 'Roles' }));
    expect(await screen.findByText('web:editor', { selector: '.ant-select-item-option-content' })).toBeInTheDocument();
    await user.type(within(drawer).getByRole('combobox', { name: 'Roles' }), 'nosuchrole,');
    expect(await within(drawer).findByText(sentence)).toBeInTheDocument();
    expect(within(drawer).getByRole('button', { name: 'Add route' })).toBeEnabled();
  });
});

describe('RoutesPage rate limits', () => {
  beforeEach(() => {
    for (const fn of Object.values(api)) fn.mockReset();
    api.CheckRoles.mockResolvedValue({ realm: 'demo', known: [], warnings: [] });
  });

  it("edits a route's rate limits, shows Go's problem under the field, and saves what was typed", async () => {
    const feed = { ...route('feed', 'optional'), rate: { perIdentity: '100/min', anonymous: '' } };
    api.Get.mockResolvedValue(fileWith([feed]));
    const problem = {
      route: 'feed',
      field: 'rate.anonymous',
      code: 'rate_invalid',
      message: '"20/m" is not a rate: the unit must be s, min or h, not "m"',
      sentence: 'x',
      fieldSentence: 'The anonymous rate "20/m" is not a rate: the unit must be s, min or h, not "m".',
    };
    api.Validate.mockImplementation(async (cfg: { routes: { rate: { anonymous: string } }[] }) =>
      cfg.routes[0].rate.anonymous === '20/m' ? { valid: false, problems: [problem] } : { valid: true, problems: [] },
    );
    api.SaveRoute.mockImplementation(async () => fileWith([feed]));
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: 'Edit feed' }));
    const drawer = await screen.findByRole('dialog');
    expect(within(drawer).getByLabelText('Rate limit per identity')).toHaveValue('100/min');

    await userEvent.click(within(drawer).getByLabelText('Rate limit without identity'));
    await userEvent.paste('20/m');
    expect(fieldOf(await within(drawer).findByText(problem.fieldSentence))).toHaveTextContent(
      'Rate limit without identity',
    );

    await userEvent.type(within(drawer).getByLabelText('Rate limit without identity'), 'in');
    await waitFor(() => expect(within(drawer).queryByText(problem.fieldSentence)).not.toBeInTheDocument());
    await userEvent.click(within(drawer).getByRole('button', { name: 'Save route' }));
    await waitFor(() => expect(api.SaveRoute).toHaveBeenCalled());
    expect(api.SaveRoute.mock.calls[0][0]).toBe('feed');
    expect(api.SaveRoute.mock.calls[0][1]).toHaveProperty('rate', { perIdentity: '100/min', anonymous: '20/min' });
  });

  it("puts a problem under the field its code's rule is about, not among the file's other problems", async () => {
    api.Get.mockResolvedValue(fileWith([route('feed', 'public')]));
    const sentence = 'The path must start with /.';
    api.Validate.mockResolvedValue({
      valid: false,
      problems: [
        {
          route: 'feed',
          field: 'path',
          code: 'path_not_absolute',
          message: 'must start with /',
          sentence: 'The path of route "feed" must start with /.',
          fieldSentence: sentence,
        },
      ],
    });
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: 'Edit feed' }));
    const drawer = await screen.findByRole('dialog');
    await userEvent.click(within(drawer).getByLabelText('Path'));
    await userEvent.paste('x');
    const shown = await within(drawer).findByText(sentence);
    expect(fieldOf(shown)).toHaveTextContent('Path');
    expect(fieldOf(shown)).not.toHaveTextContent('Upstream');
    expect(within(drawer).queryByText('The route file has other problems')).not.toBeInTheDocument();
  });

  it('turns off the field that can never apply to the auth mode', async () => {
    api.Get.mockResolvedValue(fileWith([route('pub', 'public')]));
    api.Validate.mockResolvedValue({ valid: true, problems: [] });
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: 'Edit pub' }));
    const drawer = await screen.findByRole('dialog');
    expect(within(drawer).getByLabelText('Rate limit per identity')).toBeDisabled();
    expect(within(drawer).getByLabelText('Rate limit without identity')).toBeEnabled();
  });
});
