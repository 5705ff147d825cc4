package app

import (
	"context"
	"net"
	"reflect"
	"testing"
)

type ctxKey struct{}

func TestLifecycleHandsOutTheAppContextOnceStarted(t *testing.T) {
	life := NewLifecycle()
	if life.context() == nil {
		t.Fatal("no context before Start: calls made during startup would panic")
	}
	appCtx := context.WithValue(context.Background(), ctxKey{}, "app")
	life.Start(appCtx)
	if life.context().Value(ctxKey{}) != "app" {
		t.Error("after Start, service calls do not run under the app's context")
	}
}

func TestLifecycleStopRunsStopsInRegistrationOrder(t *testing.T) {
	life := NewLifecycle()
	var got []string
	life.stopWith(func(context.Context) { got = append(got, "tester") })
	life.stopWith(func(context.Context) { got = append(got, "proxy") })
	life.Stop(context.Background())
	if want := []string{"tester", "proxy"}; !reflect.DeepEqual(got, want) {
		t.Errorf("stops ran as %v, want %v", got, want)
	}
}

func TestQuittingTheAppStopsTheProxyAndFreesItsPort(t *testing.T) {
	s, rec := activeSession(t)
	// Binding the port right after the quit proves it free; should another
	// server be given it in that instant, the bind fails for no fault of
	// the proxy's, so a fresh proxy on a fresh port tries again. A proxy
	// that keeps its port fails every attempt.
	for attempt := 1; ; attempt++ {
		life := NewLifecycle()
		svc := NewProxyService(s, life, rec, noBrowser{})
		st, err := svc.Start("127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		life.Stop(context.Background())
		if svc.State().Running {
			t.Fatal("the proxy still runs after the app quit")
		}
		ln, err := net.Listen("tcp", st.Status.Addr)
		if err == nil {
			ln.Close()
			return
		}
		if attempt == 3 {
			t.Fatalf("the proxy's port %s is still taken: %v", st.Status.Addr, err)
		}
	}
}
