// Package bearerflood sends a flood of bearer tokens to one URL, each token
// once and many at a time, and counts the answers by status: the proxy's
// tests and its bench command check with it that a flood of forged or
// unknown-kid tokens is refused without a JWKS fetch storm.
package bearerflood

import (
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
)

// Statuses sends one GET to url per token, with "Authorization: Bearer
// <token>", workers requests at a time, and returns how many answers had
// each status. It stops at the first request that gets no answer and
// returns its error.
func Statuses(url string, tokens []string, workers int) (map[int]int, error) {
	statuses := map[int]int{}
	var (
		mu      sync.Mutex
		wg      sync.WaitGroup
		next    atomic.Int64
		failure error
	)
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(tokens) {
					return
				}
				status, err := send(url, tokens[i])
				mu.Lock()
				if err != nil && failure == nil {
					failure = err
					next.Store(int64(len(tokens))) // no more requests
				}
				if err == nil {
					statuses[status]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return statuses, failure
}

func send(url, token string) (int, error) {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return 0, fmt.Errorf("flood %s: %w", url, err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("flood %s: %w", url, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body) // read to the end so the connection is reused
	return resp.StatusCode, nil
}
