package proxy

import (
	"testing"
	"time"
)

// An idle proxy's figures fall to zero: the window advances with the clock,
// not with requests, so the last request's second slides out of it.
func TestStatsDecayToZeroWithoutTraffic(t *testing.T) {
	t0 := time.Unix(1_750_000_000, 0)
	now := t0
	s := newMemorySink(10, nil, func() time.Time { return now })
	defer s.Close()
	for range 20 {
		s.Log(Record{Time: t0, Decision: DecisionAllowed, LatencyMS: 3})
	}
	if st := s.Stats(); st.RequestsPerSecond != 2 || st.P50MS == 0 {
		t.Fatalf("right after the burst: %+v", st)
	}
	now = t0.Add(10 * time.Second)
	if st := s.Stats(); st.RequestsPerSecond != 0 || st.P50MS != 0 || st.P99MS != 0 {
		t.Errorf("10 s later, rate %v p50 %v p99 %v, want all 0", st.RequestsPerSecond, st.P50MS, st.P99MS)
	}
	now = t0.Add(60 * time.Second)
	for _, p := range s.Stats().Points {
		for d, c := range p.Counts {
			if c != 0 {
				t.Errorf("a minute later the chart still shows %d %s at %v", c, d, p.Time)
			}
		}
	}
}
