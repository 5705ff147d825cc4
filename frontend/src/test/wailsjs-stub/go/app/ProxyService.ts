// In-memory stand-in for the generated app.ProxyService binding, used only by
// Vitest (see vite.config.ts). The proxy is stopped unless a test says it
// runs with stubProxy.running(); a test of the Proxy screen vi.mock()s the
// module instead.
type State = { running: boolean; profile: string; listen: string; routes: number; status: { addr: string } };

const stopped: State = { running: false, profile: '', listen: '127.0.0.1:8080', routes: 0, status: { addr: '' } };
let state: State = stopped;

export const stubProxy = {
  running(profile: string, addr: string) {
    state = { running: true, profile, listen: addr, routes: 1, status: { addr } };
  },
  reset() {
    state = stopped;
  },
};

export async function State() {
  return { ...state, status: { ...state.status } };
}
export async function Stop() {
  state = stopped;
  return State();
}
