package proxy

import (
	"hash/maphash"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/tandemhq/tandem/backend/routes"
)

// DefaultRateLimitEntries bounds how many token buckets one proxy keeps, all
// routes together (about 250 bytes each, so some 16 MB at most).
const DefaultRateLimitEntries = 65_536

// rateKey names one token bucket: a route's per-identity bucket for one
// subject, or its anonymous bucket for one client address. Routes are named
// rather than numbered so a bucket keeps meaning its route across reloads.
type rateKey struct {
	route string
	anon  bool
	who   string
}

// rateLimiter holds the token buckets of every route's rate. Memory stays
// bounded however many identities appear: each shard keeps at most its share
// of the entries, and when full it forgets a bucket that is full (a full
// bucket behaves exactly like a missing one, so forgetting it changes
// nothing) or, when none of the least recently seen is, the least recently
// seen bucket — which then starts again full: a flood of new identities can
// make the limit more lenient for an identity idle long enough to be the
// oldest, never stricter for anyone.
type rateLimiter struct {
	now    func() time.Time
	seed   maphash.Seed
	shards []rateShard
}

// rateShard is an LRU list of buckets with its own lock, so requests of
// different identities rarely wait on each other.
type rateShard struct {
	mu    sync.Mutex
	cap   int
	byKey map[rateKey]*rateEntry
	// head is the most recently used entry, tail the least; nil when empty.
	head, tail *rateEntry
}

type rateEntry struct {
	key        rateKey
	lim        *rate.Limiter
	prev, next *rateEntry
}

// evictScan is how many of the least recently used entries a full shard
// looks through for a full bucket before forgetting the oldest.
const evictScan = 8

func newRateLimiter(capacity int, now func() time.Time) *rateLimiter {
	if capacity <= 0 {
		capacity = DefaultRateLimitEntries
	}
	n := 16
	if capacity < 16*64 {
		n = 1 // small capacities (tests) keep one exact LRU
	}
	l := &rateLimiter{now: now, seed: maphash.MakeSeed(), shards: make([]rateShard, n)}
	for i := range l.shards {
		c := capacity / n
		if i < capacity%n {
			c++
		}
		l.shards[i] = rateShard{cap: c, byKey: make(map[rateKey]*rateEntry)}
	}
	return l
}

// allow takes one request from k's bucket of rate r (r not zero). When the
// bucket is empty it returns false and how long until it holds a request
// again.
func (l *rateLimiter) allow(k rateKey, r routes.Rate) (bool, time.Duration) {
	now := l.now()
	limit := rate.Limit(float64(r.Count) / r.Per.Seconds())
	sh := &l.shards[0]
	if len(l.shards) > 1 {
		sh = &l.shards[maphash.String(l.seed, k.who)%uint64(len(l.shards))]
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	e := sh.get(k)
	if e == nil {
		e = sh.add(k, rate.NewLimiter(limit, r.Count), now)
	} else if e.lim.Limit() != limit || e.lim.Burst() != r.Count {
		// The route's rate changed (a reload): keep what is left, in the new terms.
		e.lim.SetLimitAt(now, limit)
		e.lim.SetBurstAt(now, r.Count)
	}
	tokens := e.lim.TokensAt(now)
	if tokens >= 1 && e.lim.AllowN(now, 1) {
		return true, 0
	}
	wait := time.Duration(math.Ceil((1 - tokens) / float64(limit) * float64(time.Second)))
	return false, max(wait, time.Nanosecond)
}

// entries counts the buckets held (tests, status).
func (l *rateLimiter) entries() int {
	n := 0
	for i := range l.shards {
		sh := &l.shards[i]
		sh.mu.Lock()
		n += len(sh.byKey)
		sh.mu.Unlock()
	}
	return n
}

// get returns k's entry, marking it the most recently used.
func (sh *rateShard) get(k rateKey) *rateEntry {
	e := sh.byKey[k]
	if e != nil && e != sh.head {
		sh.unlink(e)
		sh.pushFront(e)
	}
	return e
}

func (sh *rateShard) add(k rateKey, lim *rate.Limiter, now time.Time) *rateEntry {
	if len(sh.byKey) >= sh.cap {
		sh.evict(now)
	}
	e := &rateEntry{key: k, lim: lim}
	sh.byKey[k] = e
	sh.pushFront(e)
	return e
}

// evict forgets one entry: a full bucket among the least recently used, else
// the least recently used.
func (sh *rateShard) evict(now time.Time) {
	victim := sh.tail
	for e, i := sh.tail, 0; e != nil && i < evictScan; e, i = e.prev, i+1 {
		if e.lim.TokensAt(now) >= float64(e.lim.Burst()) {
			victim = e
			break
		}
	}
	if victim == nil {
		return
	}
	sh.unlink(victim)
	delete(sh.byKey, victim.key)
}

func (sh *rateShard) pushFront(e *rateEntry) {
	e.prev, e.next = nil, sh.head
	if sh.head != nil {
		sh.head.prev = e
	}
	sh.head = e
	if sh.tail == nil {
		sh.tail = e
	}
}

func (sh *rateShard) unlink(e *rateEntry) {
	if e.prev != nil {
		e.prev.next = e.next
	} else {
		sh.head = e.next
	}
	if e.next != nil {
		e.next.prev = e.prev
	} else {
		sh.tail = e.prev
	}
	e.prev, e.next = nil, nil
}

// retryAfterSeconds is the Retry-After value for a wait: whole seconds,
// rounded up, at least 1.
func retryAfterSeconds(wait time.Duration) int64 {
	s := int64(math.Ceil(wait.Seconds()))
	return max(s, 1)
}
