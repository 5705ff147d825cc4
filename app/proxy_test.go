package app

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/test/testclock"
)

func TestProxyStartRefusesAListenAddressThatIsNotHostPort(t *testing.T) {
	s, rec := activeSession(t)
	svc := NewProxyService(s, NewLifecycle(), rec, noBrowser{})
	for _, addr := range []string{"nonsense", "127.0.0.1", "127.0.0.1:http", "127.0.0.1:70000"} {
		_, err := svc.Start(addr)
		var ui *UIError
		if !asUI(err, &ui) || ui.Code != CodeInvalidInput || ui.Message != "The listen address must be host:port, e.g. 127.0.0.1:8080." {
			t.Errorf("Start(%q) = %v", addr, err)
		}
	}
	if svc.State().Running {
		t.Error("the proxy runs after refused starts")
	}
}

func TestProxyStartOnATakenPortSaysSoInOneSentence(t *testing.T) {
	s, rec := activeSession(t)
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	port := strconv.Itoa(taken.Addr().(*net.TCPAddr).Port)

	_, err = NewProxyService(s, NewLifecycle(), rec, noBrowser{}).Start("127.0.0.1:" + port)
	var ui *UIError
	if !asUI(err, &ui) || ui.Code != CodeConflict {
		t.Fatalf("Start on a taken port = %v, want conflict", err)
	}
	want := "Port " + port + " on 127.0.0.1 is already in use: stop what runs there or choose another listen address."
	if ui.Message != want {
		t.Errorf("message %q, want %q", ui.Message, want)
	}
}

func TestAFailedStartKeepsTheLastRunsLog(t *testing.T) {
	s, rec := activeSession(t)
	savePublicRoute(t, s, func(http.ResponseWriter, *http.Request) {})
	svc := NewProxyService(s, NewLifecycle(), rec, noBrowser{})
	st := startProxy(t, svc)
	getThrough(t, st, "/pub")
	if _, err := svc.Stop(); err != nil {
		t.Fatal(err)
	}
	atStop := svc.Stats()
	if _, err := svc.Start("nonsense"); err == nil {
		t.Fatal("started on nonsense")
	}
	if got := svc.Recent(10); len(got) != 1 || got[0].Path != "/pub" {
		t.Errorf("log after a failed start: %+v", got)
	}
	if got := svc.Stats(); !reflect.DeepEqual(got, atStop) {
		t.Errorf("stats after a failed start changed:\n got %+v\nwant %+v", got, atStop)
	}
}

// A stopped proxy's chart is the minute before the stop: it does not slide
// on into zeros as the clock moves.
func TestStoppedProxyStatsStayAtTheStop(t *testing.T) {
	s, rec := activeSession(t)
	svc := NewProxyService(s, NewLifecycle(), rec, noBrowser{})
	clock := testclock.New(time.Unix(1_750_000_000, 0))
	svc.now = clock.Now
	if _, err := svc.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Stop(); err != nil {
		t.Fatal(err)
	}
	atStop := svc.Stats()
	clock.Advance(5 * time.Second)
	if got := svc.Stats(); !reflect.DeepEqual(got, atStop) {
		t.Errorf("five seconds after the stop the stats moved: last point %v, was %v",
			got.Points[len(got.Points)-1].Time, atStop.Points[len(atStop.Points)-1].Time)
	}
}

// savePublicRoute saves a public route /pub to an upstream serving
// handler as the active profile's route file.
func savePublicRoute(t *testing.T, s *Session, handler http.HandlerFunc) {
	t.Helper()
	up := httptest.NewServer(handler)
	t.Cleanup(up.Close)
	if _, err := NewRouteService(s, NewLifecycle()).SaveRoute("", routes.Route{Name: "pub", Path: "/pub", Upstream: up.URL, Auth: routes.AuthPublic}); err != nil {
		t.Fatal(err)
	}
}

// startProxy starts svc on a free loopback port; it stops when the test
// ends, if the test has not stopped it.
func startProxy(t *testing.T, svc *ProxyService) ProxyState {
	t.Helper()
	st, err := svc.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := svc.Stop(); err != nil {
			t.Errorf("stop the proxy: %v", err)
		}
	})
	return st
}

// getThrough sends a GET for path through the running proxy st and drops
// the answer.
func getThrough(t *testing.T, st ProxyState, path string) {
	t.Helper()
	resp, err := http.Get("http://" + st.Status.Addr + path)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

func TestProxyStateCountsTheRoutesAStartWouldServe(t *testing.T) {
	s, rec := activeSession(t)
	svc := NewProxyService(s, NewLifecycle(), rec, noBrowser{})
	if n := svc.State().Routes; n != 0 {
		t.Errorf("a profile without routes: %d routes", n)
	}
	rs := NewRouteService(s, NewLifecycle())
	for _, name := range []string{"a", "b"} {
		if _, err := rs.SaveRoute("", routes.Route{Name: name, Path: "/" + name, Upstream: "http://127.0.0.1:9", Auth: routes.AuthPublic}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := rs.SetEnabled("b", false); err != nil {
		t.Fatal(err)
	}
	if n := svc.State().Routes; n != 1 {
		t.Errorf("stopped: %d routes, want the one enabled", n)
	}
	if st := startProxy(t, svc); st.Routes != 1 {
		t.Errorf("running: %d routes, want 1", st.Routes)
	}
}

// The address typed on the Proxy screen belongs to the profile: after a
// switch away (which stops the proxy) and back, it is offered again.
func TestProxyKeepsTheListenAddressPerProfile(t *testing.T) {
	s, rec, first := activeSessionProfile(t)
	ctx := context.Background()
	other, err := s.Profiles().Create(ctx, staging("Other"))
	if err != nil {
		t.Fatal(err)
	}
	svc := NewProxyService(s, NewLifecycle(), rec, noBrowser{})
	if _, err := svc.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Switch(ctx, other.ID); err != nil {
		t.Fatal(err)
	}
	st := svc.State()
	if st.Running {
		t.Fatal("the proxy still runs after the switch")
	}
	if st.Listen != DefaultProxyListen {
		t.Errorf("the other profile is offered %q, want the default", st.Listen)
	}
	if _, err := s.Switch(ctx, first.ID); err != nil {
		t.Fatal(err)
	}
	if got := svc.State().Listen; got != "127.0.0.1:0" {
		t.Errorf("back on %s the proxy offers %q, want the address it last started on", first.Name, got)
	}
}
