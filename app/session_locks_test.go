package app

import (
	"context"
	"sync"
	"testing"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/store"
	"github.com/tandemhq/tandem/test/memkeychain"
)

// No lock is held across slow I/O: a keychain that prompts the user or a
// database another process is writing must not freeze every other call.

// gate stops the first call through it after arm until release.
type gate struct {
	mu       sync.Mutex
	armed    bool
	entered  chan struct{} // closed when the held call arrives
	released chan struct{}
}

func newGate() *gate { return &gate{entered: make(chan struct{}), released: make(chan struct{})} }

func (g *gate) arm() {
	g.mu.Lock()
	g.armed = true
	g.mu.Unlock()
}

func (g *gate) pass() {
	g.mu.Lock()
	held := g.armed
	g.armed = false
	g.mu.Unlock()
	if held {
		close(g.entered)
		<-g.released
	}
}

func (g *gate) release() { close(g.released) }

// gatedKeychain is an in-memory keychain whose reads go through a gate.
type gatedKeychain struct {
	*memkeychain.Keychain
	gate *gate
}

func (k *gatedKeychain) Get(ctx context.Context, ref string) (string, error) {
	k.gate.pass()
	return k.Keychain.Get(ctx, ref)
}

// gatedRoutesWrites is the database with its route and proxy-settings
// writes going through a gate.
type gatedRoutesWrites struct {
	profile.Store
	gate *gate
}

func (g gatedRoutesWrites) UpdateProfileRoutes(ctx context.Context, id int64, fn func(store.Profile, store.ProfileRoutes) (store.ProfileRoutes, error)) (store.ProfileRoutes, error) {
	g.gate.pass()
	return g.Store.UpdateProfileRoutes(ctx, id, fn)
}

// While the session waits on the keychain for the active profile's secret
// (to build its admin client), the profile, the proxy's state and another
// profile's secret still answer.
func TestASlowKeychainReadHoldsUpNoOtherCaller(t *testing.T) {
	ctx := context.Background()
	kc := &gatedKeychain{Keychain: memkeychain.New(), gate: newGate()}
	s, rec, _ := newTestSessionOver(t, nil, kc)
	created := startOn(t, s, 0, "A", "B")
	a, b := created[0], created[1]

	kc.gate.arm()
	built := make(chan error, 1)
	go func() {
		_, err := s.Keycloak(ctx)
		built <- err
	}()
	<-kc.gate.entered
	if !s.mu.TryLock() {
		kc.gate.release()
		t.Fatal("the session holds its lock while it reads the keychain")
	}
	s.mu.Unlock()
	if p, err := s.Profile(ctx); err != nil || p.ID != a.ID {
		t.Errorf("active profile during the read = %+v, %v", p, err)
	}
	if st := NewProxyService(s, NewLifecycle(), rec, noBrowser{}).State(); st.Profile != "A" {
		t.Errorf("proxy state during the read = %+v", st)
	}
	if secret, err := s.Profiles().Secret(ctx, b.ID); err != nil || secret != "pw" {
		t.Errorf("the other profile's secret during the read = %q, %v", secret, err)
	}
	kc.gate.release()
	if err := <-built; err != nil {
		t.Fatalf("the client after the read: %v", err)
	}
}

// Starting the proxy keeps its listen address with the profile; while the
// database takes its time over that write, the Proxy screen's reads
// (state, log, chart) answer.
func TestProxyStartHoldsNoLockWhileItWritesTheDatabase(t *testing.T) {
	g := newGate()
	s, rec, _ := newTestSessionOver(t, func(st profile.Store) profile.Store { return gatedRoutesWrites{Store: st, gate: g} }, nil)
	startOn(t, s, 0, "A")
	svc := NewProxyService(s, NewLifecycle(), rec, noBrowser{})

	g.arm()
	started := make(chan error, 1)
	go func() {
		_, err := svc.Start("127.0.0.1:0")
		started <- err
	}()
	<-g.entered
	if !svc.mu.TryLock() {
		g.release()
		t.Fatal("the proxy service holds its lock while it writes the database")
	}
	svc.mu.Unlock()
	if st := svc.State(); !st.Running {
		t.Errorf("state during the write = %+v, want running", st)
	}
	if got := svc.Recent(10); got == nil {
		t.Error("no log during the write")
	}
	g.release()
	if err := <-started; err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Stop(); err != nil {
		t.Fatal(err)
	}
	if st := svc.State(); st.Listen != "127.0.0.1:0" {
		t.Errorf("listen offered after the stop = %q, want the one kept", st.Listen)
	}
}
