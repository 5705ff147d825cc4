//go:build kcbench

package kcbench

import (
	"slices"
	"testing"
)

// TestCompareHarness holds compare to what the figures rely on: a write
// before every timed call, each call a query no other call asks, Tandem and
// the console each getting both kinds of query and going first equally often.
func TestCompareHarness(t *testing.T) {
	var calls []string // "w" for a write, "T<k>" / "C<k>" for a timed call
	var ks []int
	tm, err := compare(4, func() error { calls = append(calls, "w"); return nil },
		func(k int) (int, error) { calls = append(calls, "T"); ks = append(ks, k); return 1, nil },
		func(k int) error { calls = append(calls, "C"); ks = append(ks, k); return nil })
	if err != nil {
		t.Fatal(err)
	}
	// Calls this cheap get pairs until 3 s were timed, at most 4×runs.
	if len(tm.Tandem) != 16 || len(tm.Console) != 16 || tm.Matched != 16 {
		t.Fatalf("got %d/%d pairs, %d matched; want 16 pairs (4×runs), 16 matched", len(tm.Tandem), len(tm.Console), tm.Matched)
	}
	for i := 0; i < len(calls); i += 2 {
		if calls[i] != "w" {
			t.Fatalf("call %d is %q: every timed call must follow a write (%v)", i, calls[i], calls)
		}
	}
	sorted := slices.Sorted(slices.Values(ks))
	if len(slices.Compact(sorted)) != len(ks) {
		t.Errorf("queries asked twice: %v", ks)
	}
	tandemFirst, tandemEven := 0, 0
	for p := range 16 {
		if calls[4*p+1] == "T" {
			tandemFirst++
		}
	}
	for i, c := range calls {
		if c == "T" && ks[(i-1)/2]%2 == 0 {
			tandemEven++
		}
	}
	if tandemFirst != 8 || tandemEven != 8 {
		t.Errorf("Tandem went first in %d of 16 pairs and got %d even queries; want 8 and 8", tandemFirst, tandemEven)
	}
}
