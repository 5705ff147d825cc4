package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tandemhq/tandem/backend/echo"
	"github.com/tandemhq/tandem/backend/proxy"
	"github.com/tandemhq/tandem/backend/proxy/bench/benchkit"
	"github.com/tandemhq/tandem/backend/routes"
)

// runReload measures the proxy under full load while its route file is
// reloaded: conns clients send requests with a valid bearer token for
// duration, and the route file is reloaded n times at even intervals
// meanwhile, alternating between two valid files (the second adds a route
// and changes the identity headers). It reports the request count and the
// failed requests (a transport error or any status but 200), and exits 1
// when any failed: a reload drops and fails nothing.
func runReload(duration time.Duration, n, conns int) {
	idp := benchkit.StartRSAIssuer("k")
	up := "http://" + benchkit.Serve(echo.Handler())
	files := [2]routes.Config{
		{Version: 1, Issuer: idp.Issuer, Routes: []routes.Route{
			{Name: "api", Path: "/api", Upstream: up, Auth: routes.AuthRequired, Roles: []string{"user"}},
		}},
		{Version: 1, Issuer: idp.Issuer, IdentityHeaders: map[string]string{"X-User-Id": "sub", "X-User-Name": "preferred_username"},
			Routes: []routes.Route{
				{Name: "api", Path: "/api", Upstream: up, Auth: routes.AuthRequired, Roles: []string{"user"}},
				{Name: "other", Path: "/other", Upstream: up, Auth: routes.AuthPublic},
			}},
	}
	srv := benchkit.StartProxy(files[0], proxy.Options{Sink: proxy.SinkFunc(func(proxy.Record) {})})
	target := "http://" + srv.Addr() + "/api/items/1"
	token := idp.Sign(map[string]any{
		"iss": idp.Issuer, "sub": "alice", "preferred_username": "alice", "exp": time.Now().Add(time.Hour).Unix(),
		"realm_access": map[string]any{"roles": []string{"user"}},
	})

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}}
	var sent, failed atomic.Int64
	var firstFailure atomic.Value
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range conns {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				req, _ := http.NewRequest("GET", target, nil)
				req.Header.Set("Authorization", "Bearer "+token)
				resp, err := client.Do(req)
				sent.Add(1)
				if err != nil {
					failed.Add(1)
					firstFailure.CompareAndSwap(nil, err.Error())
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					failed.Add(1)
					firstFailure.CompareAndSwap(nil, fmt.Sprintf("status %d", resp.StatusCode))
				}
			}
		})
	}

	start := time.Now()
	interval := duration / time.Duration(n+1)
	applied := 0
	for i := 1; i <= n; i++ {
		time.Sleep(time.Until(start.Add(time.Duration(i) * interval)))
		if err := srv.Reload(files[i%2]); err != nil {
			log.Fatalf("reload %d: %v", i, err)
		}
		applied++
	}
	time.Sleep(time.Until(start.Add(duration)))
	close(stop)
	wg.Wait()
	elapsed := time.Since(start)

	out := map[string]any{
		"duration_s": elapsed.Seconds(), "clients": conns, "reloads": applied,
		"requests": sent.Load(), "failed": failed.Load(), "requests_per_s": float64(sent.Load()) / elapsed.Seconds(),
	}
	if f := firstFailure.Load(); f != nil {
		out["first_failure"] = f
	}
	b, _ := json.MarshalIndent(out, "", "  ")
	fmt.Println(string(b))
	if failed.Load() > 0 {
		os.Exit(1)
	}
}
