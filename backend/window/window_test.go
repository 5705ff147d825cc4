package window_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/tandemhq/tandem/backend/store"
	"github.com/tandemhq/tandem/backend/window"
	"github.com/tandemhq/tandem/test/tempdb"
)

func TestFitOpensTheWindowVisibleAndNeverBelowTheMinimum(t *testing.T) {
	full := window.Screen{Width: 1920, Height: 1080}
	for _, c := range []struct {
		name   string
		saved  window.Geometry
		screen window.Screen
		want   window.Geometry
	}{
		{"fits as saved", window.Geometry{X: 100, Y: 50, Width: 1300, Height: 900}, full,
			window.Geometry{X: 100, Y: 50, Width: 1300, Height: 900}},
		{"saved on a monitor to the right that is gone", window.Geometry{X: 2500, Y: 200, Width: 1280, Height: 820}, full,
			window.Geometry{X: 640, Y: 200, Width: 1280, Height: 820}},
		{"saved above and left of the screen", window.Geometry{X: -900, Y: -40, Width: 1280, Height: 820}, full,
			window.Geometry{X: 0, Y: 0, Width: 1280, Height: 820}},
		{"saved on a larger monitor", window.Geometry{X: 300, Y: 300, Width: 2500, Height: 1400}, full,
			window.Geometry{X: 0, Y: 0, Width: 1920, Height: 1080}},
		{"saved below the minimum", window.Geometry{X: 10, Y: 10, Width: 400, Height: 300}, full,
			window.Geometry{X: 10, Y: 10, Width: window.MinWidth, Height: window.MinHeight}},
		{"a screen smaller than the minimum keeps the minimum, title bar on screen",
			window.Geometry{X: 50, Y: 50, Width: 1280, Height: 820}, window.Screen{Width: 800, Height: 600},
			window.Geometry{X: 0, Y: 0, Width: window.MinWidth, Height: window.MinHeight}},
		{"unknown screen: only the minimum", window.Geometry{X: 5000, Y: 5000, Width: 200, Height: 900}, window.Screen{},
			window.Geometry{X: 5000, Y: 5000, Width: window.MinWidth, Height: 900}},
		{"maximised is kept", window.Geometry{X: 0, Y: 0, Width: 1280, Height: 820, Maximised: true}, full,
			window.Geometry{X: 0, Y: 0, Width: 1280, Height: 820, Maximised: true}},
	} {
		if got := window.Fit(c.saved, c.screen); got != c.want {
			t.Errorf("%s: Fit(%+v, %+v) = %+v, want %+v", c.name, c.saved, c.screen, got, c.want)
		}
	}
}

func TestTheGeometryOfTheLastCloseIsWhatTheNextStartLoads(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tandem.db")
	db := tempdb.Open(t, path)
	if g, ok := window.Load(ctx, db); ok || g != window.Default() {
		t.Errorf("first start = %+v, %v; want the default, not saved", g, ok)
	}
	closed := window.Geometry{X: 40, Y: 30, Width: 1500, Height: 950, Maximised: true}
	if err := window.Save(ctx, db, closed); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	again := tempdb.Open(t, path)
	if g, ok := window.Load(ctx, again); !ok || g != closed {
		t.Errorf("next start = %+v, %v; want %+v", g, ok, closed)
	}
}

func TestAWindowOpensWhateverTheSettingsHold(t *testing.T) {
	ctx := context.Background()
	db := tempdb.In(t, t.TempDir())
	for _, v := range []string{"not json", `{"x":1,"y":2,"width":0,"height":700}`} {
		if err := db.SetSetting(ctx, store.SettingWindow, v); err != nil {
			t.Fatal(err)
		}
		if g, ok := window.Load(ctx, db); ok || g != window.Default() {
			t.Errorf("saved %q: Load = %+v, %v; want the default", v, g, ok)
		}
	}
	if g, ok := window.Load(ctx, nil); ok || g != window.Default() {
		t.Errorf("without a database: Load = %+v, %v", g, ok)
	}
	if err := window.Save(ctx, nil, window.Default()); err == nil {
		t.Error("Save without a database reported no error")
	}
}

func TestAMaximisedWindowKeepsTheSizeItReturnsTo(t *testing.T) {
	last := window.Geometry{X: 40, Y: 30, Width: 1300, Height: 850}
	shown := window.Geometry{X: 0, Y: 0, Width: 1920, Height: 1080}
	if got, want := window.AtClose(last, shown, true), (window.Geometry{X: 40, Y: 30, Width: 1300, Height: 850, Maximised: true}); got != want {
		t.Errorf("maximised: %+v, want %+v", got, want)
	}
	last.Maximised = true
	if got := window.AtClose(last, shown, false); got != shown {
		t.Errorf("restored then closed: %+v, want %+v", got, shown)
	}
}
