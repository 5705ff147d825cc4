package proxy

import (
	"strconv"
	"sync/atomic"
)

// requestIDs hands out ids that are unique per server without a random read
// per request: a random per-server prefix plus a counter.
type requestIDs struct {
	prefix string
	n      atomic.Uint64
}

func newRequestIDs() (*requestIDs, error) {
	p, err := randomHex(8)
	if err != nil {
		return nil, err
	}
	return &requestIDs{prefix: p + "-"}, nil
}

func (g *requestIDs) next() string {
	var buf [48]byte
	b := append(buf[:0], g.prefix...)
	b = strconv.AppendUint(b, g.n.Add(1), 10)
	return string(b)
}
