package proxy

import (
	"math"
	"time"
)

// StatsPoint is one second of traffic.
type StatsPoint struct {
	Time   time.Time        `json:"time" ts_type:"string"`
	Counts map[Decision]int `json:"counts"`
	P50MS  float64          `json:"p50Ms"`
	P99MS  float64          `json:"p99Ms"`
}

// Stats summarises recent traffic for the chart: one point per second over
// the window (oldest first) and rate and latency percentiles over its last
// ten seconds.
type Stats struct {
	Points            []StatsPoint `json:"points"`
	RequestsPerSecond float64      `json:"requestsPerSecond"`
	P50MS             float64      `json:"p50Ms"`
	P99MS             float64      `json:"p99Ms"`
}

// Latencies go into log-spaced buckets (each 25% wider than the previous,
// from 10 µs up to about a minute), which keeps percentiles within a few
// percent without storing samples.
const (
	latencyBuckets = 72
	latencyBase    = 0.01 // ms
	latencyGrowth  = 1.25
)

// maxDecisions is room for every entry of Decisions (checked by a test).
const maxDecisions = 16

type statsBucket struct {
	sec    int64
	counts [maxDecisions]int
	hist   [latencyBuckets]uint32
	total  int
}

// statsWindow keeps one bucket per second for the last `seconds` seconds.
// It is not safe for concurrent use; MemorySink guards it.
type statsWindow struct {
	buckets []statsBucket
}

func newStatsWindow(seconds int) *statsWindow {
	return &statsWindow{buckets: make([]statsBucket, seconds)}
}

func decisionIndex(d Decision) int {
	for i, x := range Decisions {
		if x == d {
			return i
		}
	}
	return len(Decisions) - 1
}

func latencyBucket(ms float64) int {
	if ms <= latencyBase {
		return 0
	}
	i := int(math.Log(ms/latencyBase) / math.Log(latencyGrowth))
	return min(i, latencyBuckets-1)
}

func (w *statsWindow) add(r Record) {
	sec := r.Time.Unix()
	b := &w.buckets[int(sec%int64(len(w.buckets)))]
	if b.sec != sec {
		*b = statsBucket{sec: sec}
	}
	b.counts[decisionIndex(r.Decision)]++
	b.hist[latencyBucket(r.LatencyMS)]++
	b.total++
}

func (w *statsWindow) snapshot(now time.Time) Stats {
	n := int64(len(w.buckets))
	end := now.Unix()
	st := Stats{Points: make([]StatsPoint, 0, n)}
	var recent [latencyBuckets]uint32
	recentTotal := 0
	for sec := end - n + 1; sec <= end; sec++ {
		b := &w.buckets[int(sec%n)]
		p := StatsPoint{Time: time.Unix(sec, 0), Counts: make(map[Decision]int, len(Decisions))}
		for i, d := range Decisions {
			p.Counts[d] = 0
			if b.sec == sec {
				p.Counts[d] = b.counts[i]
			}
		}
		if b.sec == sec && b.total > 0 {
			p.P50MS = percentile(&b.hist, b.total, 0.50)
			p.P99MS = percentile(&b.hist, b.total, 0.99)
			if sec > end-10 {
				for i, c := range b.hist {
					recent[i] += c
				}
				recentTotal += b.total
			}
		}
		st.Points = append(st.Points, p)
	}
	st.RequestsPerSecond = float64(recentTotal) / 10
	if recentTotal > 0 {
		st.P50MS = percentile(&recent, recentTotal, 0.50)
		st.P99MS = percentile(&recent, recentTotal, 0.99)
	}
	return st
}

// percentile returns the upper edge of the bucket holding the q-quantile.
func percentile(hist *[latencyBuckets]uint32, total int, q float64) float64 {
	rank := int(math.Ceil(q * float64(total)))
	seen := 0
	for i, c := range hist {
		seen += int(c)
		if seen >= rank {
			return math.Round(latencyBase*math.Pow(latencyGrowth, float64(i+1))*1000) / 1000
		}
	}
	return 0
}
