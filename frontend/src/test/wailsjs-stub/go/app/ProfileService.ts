// In-memory stand-in for the generated app.ProfileService binding, used only
// by Vitest (see vite.config.ts). It starts with no profiles, so the header
// shows "No profile"; a test that needs profiles vi.mock()s the module or
// seeds this fake with stubProfiles.seed().
type Profile = { id: number; name: string; [key: string]: unknown };

const noProfile = JSON.stringify({ code: 'no_profile', message: 'No active profile' });
const notFound = JSON.stringify({ code: 'not_found', message: 'Profile not found' });

let profiles: Profile[] = [];
let activeId = 0;

export const stubProfiles = {
  seed(list: Profile[], active = 0) {
    profiles = list.map((p) => ({ ...p }));
    activeId = active;
  },
  reset() {
    profiles = [];
    activeId = 0;
  },
};

const find = (id: number) => profiles.find((p) => p.id === id);

export async function List() {
  return profiles.map((p) => ({ ...p }));
}
export async function Get(id: number) {
  const p = find(id);
  if (!p) throw notFound;
  return { ...p };
}
export async function Active() {
  const p = find(activeId);
  if (!p) throw noProfile;
  return { ...p };
}
export async function Switch(id: number) {
  const p = find(id);
  if (!p) throw notFound;
  activeId = id;
  return { ...p };
}
export async function SecretStore() {
  return { active: 'encrypted-file', reason: 'Test double.', keyFile: '/tmp/secret.key' };
}
export async function Create(): Promise<never> {
  throw JSON.stringify({ code: 'internal', message: 'Create is not stubbed: vi.mock the module' });
}
export const Update = Create;
export const Delete = Create;
export const Duplicate = Create;
export const TestConnection = Create;
export const TestInput = Create;
export const Export = Create;
export const ExportToFile = Create;
export const Import = Create;
