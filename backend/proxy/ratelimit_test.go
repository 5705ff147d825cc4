package proxy

import (
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/routes"
)

// The burst is the whole amount: 3/min lets three requests through at once,
// then one every 20 s, and says how long until the next.
func TestRateLimiterBurstIsTheWholeAmount(t *testing.T) {
	clock := newTestClock()
	l := newRateLimiter(0, clock.Now)
	r := routes.Rate{Count: 3, Per: time.Minute}
	alice := rateKey{route: "api", who: "alice"}
	for i := range 3 {
		if ok, _ := l.allow(alice, r); !ok {
			t.Fatalf("request %d refused within the burst", i+1)
		}
	}
	ok, wait := l.allow(alice, r)
	if ok || wait != 20*time.Second {
		t.Fatalf("4th request: ok=%v wait=%v, want refused for 20s", ok, wait)
	}
	clock.Advance(19500 * time.Millisecond)
	ok, wait = l.allow(alice, r)
	if ok || retryAfterSeconds(wait) != 1 {
		t.Fatalf("after 19.5 s: ok=%v wait=%v (Retry-After %d), want refused, Retry-After 1", ok, wait, retryAfterSeconds(wait))
	}
	clock.Advance(500 * time.Millisecond)
	if ok, _ := l.allow(alice, r); !ok {
		t.Fatal("after 20 s: refused, want one more request")
	}
	if ok, _ := l.allow(alice, r); ok {
		t.Fatal("the refilled request was given twice")
	}
}

// Buckets are per identity, per kind and per route.
func TestRateLimiterKeysAreIndependent(t *testing.T) {
	clock := newTestClock()
	l := newRateLimiter(0, clock.Now)
	r := routes.Rate{Count: 1, Per: time.Hour}
	keys := []rateKey{
		{route: "api", who: "alice"},
		{route: "api", who: "bob"},
		{route: "api", anon: true, who: "alice"},
		{route: "other", who: "alice"},
	}
	for _, k := range keys {
		if ok, _ := l.allow(k, r); !ok {
			t.Fatalf("%+v: first request refused", k)
		}
	}
	for _, k := range keys {
		if ok, wait := l.allow(k, r); ok || retryAfterSeconds(wait) != 3600 {
			t.Fatalf("%+v: second request ok=%v wait=%v, want refused for an hour", k, ok, wait)
		}
	}
}

// A reload that changes a route's rate applies to buckets already held.
func TestRateLimiterFollowsAChangedRate(t *testing.T) {
	clock := newTestClock()
	l := newRateLimiter(0, clock.Now)
	k := rateKey{route: "api", who: "alice"}
	perHour, tenPerSecond := routes.Rate{Count: 1, Per: time.Hour}, routes.Rate{Count: 10, Per: time.Second}
	if ok, _ := l.allow(k, perHour); !ok {
		t.Fatal("first request refused")
	}
	if ok, _ := l.allow(k, perHour); ok {
		t.Fatal("second request at 1/h allowed")
	}
	// What was left (nothing) is kept, and refills at the new rate: the next
	// request is 0.1 s away, not an hour.
	ok, wait := l.allow(k, tenPerSecond)
	if ok || wait > 100*time.Millisecond {
		t.Fatalf("at 10/s: ok=%v wait=%v, want refused for at most 0.1 s", ok, wait)
	}
	clock.Advance(100 * time.Millisecond)
	if ok, _ := l.allow(k, tenPerSecond); !ok {
		t.Fatal("at 10/s, 0.1 s later: refused")
	}
}

// However many identities appear, the limiter holds at most its capacity of
// buckets: 100,000 distinct subjects leave DefaultRateLimitEntries entries.
func TestRateLimiterMemoryIsBounded(t *testing.T) {
	clock := newTestClock()
	l := newRateLimiter(0, clock.Now)
	r := routes.Rate{Count: 100, Per: time.Minute}
	for i := range 100_000 {
		l.allow(rateKey{route: "api", who: "user-" + strconv.Itoa(i)}, r)
	}
	n := l.entries()
	if n > DefaultRateLimitEntries || n < DefaultRateLimitEntries*9/10 {
		t.Fatalf("%d entries after 100,000 identities, want at most %d (and the shards used)", n, DefaultRateLimitEntries)
	}
}

// A full shard forgets a full bucket before one that still limits someone:
// the oldest entry here is an empty bucket of a slow route and survives; the
// full bucket seen after it goes.
func TestRateLimiterEvictsFullBucketsFirst(t *testing.T) {
	clock := newTestClock()
	l := newRateLimiter(3, clock.Now)
	slow, fast := routes.Rate{Count: 1, Per: time.Hour}, routes.Rate{Count: 1, Per: time.Second}
	limited := rateKey{route: "slow", who: "mallory"}
	l.allow(limited, slow) // mallory's bucket is now empty for an hour
	l.allow(rateKey{route: "fast", who: "a"}, fast)
	l.allow(rateKey{route: "fast", who: "b"}, fast)
	clock.Advance(2 * time.Second) // a and b are full again
	l.allow(rateKey{route: "fast", who: "c"}, fast)
	if n := l.entries(); n != 3 {
		t.Fatalf("%d entries, want the capacity 3", n)
	}
	if ok, _ := l.allow(limited, slow); ok {
		t.Fatal("mallory's empty bucket was forgotten while a full one was kept")
	}
}

func TestRateLimiterConcurrentUse(t *testing.T) {
	l := newRateLimiter(0, time.Now)
	r := routes.Rate{Count: 50, Per: time.Hour}
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed := 0
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				who := "shared"
				if i%2 == 1 {
					who = "g" + strconv.Itoa(g) + "-" + strconv.Itoa(i)
				}
				if ok, _ := l.allow(rateKey{route: "api", who: who}, r); ok && who == "shared" {
					mu.Lock()
					allowed++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if allowed != 50 {
		t.Fatalf("the shared identity got %d requests through, want exactly 50", allowed)
	}
}
