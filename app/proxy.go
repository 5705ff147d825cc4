package app

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/proxy"
	"github.com/tandemhq/tandem/backend/routes"
)

// DefaultProxyListen is where the proxy listens when neither the screen nor
// the route file says.
const DefaultProxyListen = routes.DefaultListen

var (
	errProxyRunning = errors.New("the proxy is already running: stop it first")
	errProxyStopped = errors.New("the proxy is not running")
)

// ProxyService is what the Proxy screen calls: start and stop the embedded
// proxy on the active profile's routes, its status, and its request log.
// The log reaches the UI as batched proxy:log events (every 250 ms or 200
// records, never one per request) and the status as proxy:status events.
type ProxyService struct {
	session *Session
	life    *Lifecycle
	emitter Emitter
	logger  *slog.Logger
	browser BrowserOpener // opens a route of the running proxy (OpenInBrowser)
	// now is the clock of the traffic chart and of the status events' pace;
	// tests move it instead of waiting.
	now func() time.Time

	mu         sync.Mutex
	srv        *proxy.Server
	sink       *proxy.MemorySink
	profile    string
	profileID  int64
	lastStatus time.Time
	// final is the traffic of the minute before the last stop: a stopped
	// proxy's chart shows that minute instead of sliding into zeros.
	final *proxy.Stats
	// last is the stopped run's server: the rows of its log, still shown,
	// still open their traces.
	last *proxy.Server
}

// loginSecrets gives the proxy of profile p sign-in's secrets, read afresh
// at each start and reload: the profile's cookie keys (kept with it, so a
// restart signs no browser out) unless the route file or the environment
// names others.
func (s *ProxyService) loginSecrets(p profile.Profile) func(routes.Config) (proxy.LoginSecrets, error) {
	return func(c routes.Config) (proxy.LoginSecrets, error) {
		return s.session.Profiles().LoginSecrets(s.ctx(), p, c, os.Getenv)
	}
}

// ProxyState is the Proxy screen's header: whether the proxy runs, for
// which profile, and what it knows of the issuer.
type ProxyState struct {
	Running bool   `json:"running"`
	Profile string `json:"profile"`
	Listen  string `json:"listen"` // the address to offer when stopped
	// Routes counts the enabled routes the proxy serves (running) or would
	// serve (stopped): with none, every request gets 404.
	Routes int          `json:"routes"`
	Status proxy.Status `json:"status"`
}

// NewProxyService binds the proxy to the session: a profile switch stops it,
// and so does the app quitting, letting requests in flight finish. browser
// opens a route of the running proxy.
func NewProxyService(session *Session, life *Lifecycle, emitter Emitter, browser BrowserOpener) *ProxyService {
	s := &ProxyService{session: session, life: life, emitter: emitter, logger: slog.Default(), browser: browser, now: time.Now}
	session.OnSwitch(func(profile.Profile) { _ = s.stop(context.Background()) })
	session.OnRoutesSaved(s.applySaved)
	life.stopWith(func(ctx context.Context) { _ = s.stop(ctx) })
	return s
}

func (s *ProxyService) ctx() context.Context { return s.life.context() }

// Start runs the proxy on the active profile's enabled routes. listen ""
// uses the route file's address, else 127.0.0.1:8080. An empty issuer in
// the file means the profile's realm.
func (s *ProxyService) Start(listen string) (ProxyState, error) {
	ctx := s.ctx()
	p, cfg, err := s.session.RunnableRoutes(ctx)
	if err != nil {
		return ProxyState{}, toUI(err)
	}
	if listen == "" {
		listen = s.offeredListen(ctx, p.ID, cfg)
	}
	if err := checkListen(listen); err != nil {
		return ProxyState{}, err
	}

	st, err := s.startLocked(p, cfg, listen)
	if err != nil {
		return st, err
	}
	s.emitter.Emit(EventProxyStatus, st)
	// After the lock is released: the database may be slow (another
	// process writing), and State, Recent and the log must not wait on it.
	s.rememberListen(ctx, p.ID, listen)
	return st, nil
}

// startLocked starts the proxy on cfg under the lock, so two starts cannot
// both run one; it reads and writes no database.
func (s *ProxyService) startLocked(p profile.Profile, cfg routes.Config, listen string) (ProxyState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		return s.runningLocked(), toUI(errProxyRunning)
	}
	sink := proxy.NewMemorySinkAt(2000, s.onBatch, s.now)
	srv, err := proxy.New(cfg, proxy.Options{Sink: sink, Logger: s.logger, LoginSecrets: s.loginSecrets(p)})
	if err != nil {
		_ = sink.Close()
		return ProxyState{}, toUI(routeFileError(err))
	}
	if err := srv.Start(listen); err != nil {
		_ = sink.Close()
		return ProxyState{}, toUI(listenError(listen, err))
	}
	s.srv, s.sink, s.profile, s.profileID, s.final, s.last = srv, sink, p.Name, p.ID, nil, nil
	return s.runningLocked(), nil
}

// rememberListen keeps the address the proxy started on as the profile's,
// so coming back to the profile offers it again. Failing to keep it is not
// worth failing a start that worked.
func (s *ProxyService) rememberListen(ctx context.Context, id int64, listen string) {
	ps, err := s.session.Profiles().ProxySettings(ctx, id)
	if err == nil && ps.Listen != listen {
		ps.Listen = listen
		err = s.session.Profiles().SaveProxySettings(ctx, id, ps)
	}
	if err != nil {
		s.logger.Warn("keep the proxy's listen address", "profile", id, "err", err)
	}
}

// Stop stops the proxy; requests in flight get up to 5 seconds to finish.
func (s *ProxyService) Stop() (ProxyState, error) {
	ctx, cancel := context.WithTimeout(s.ctx(), 5*time.Second)
	defer cancel()
	if err := s.stop(ctx); err != nil {
		return s.State(), toUI(err)
	}
	return s.State(), nil
}

func (s *ProxyService) stop(ctx context.Context) error {
	s.mu.Lock()
	srv, sink := s.srv, s.sink
	s.srv = nil
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	err := srv.Shutdown(ctx)
	_ = sink.Close() // delivers the last batch
	final := sink.Stats()
	s.mu.Lock()
	if s.sink == sink {
		s.final, s.last = &final, srv
	}
	s.mu.Unlock()
	s.emitter.Emit(EventProxyStatus, s.State())
	return err
}

// State reports whether the proxy runs and its status.
func (s *ProxyService) State() ProxyState { return emptyLists(s.state()) }

func (s *ProxyService) state() ProxyState {
	s.mu.Lock()
	if s.srv != nil {
		defer s.mu.Unlock()
		return s.runningLocked()
	}
	s.mu.Unlock()
	// Stopped: what a start would use, read from the database without
	// holding the lock.
	st := ProxyState{Listen: DefaultProxyListen}
	ctx := s.ctx()
	p, cfg, err := s.session.RunnableRoutes(ctx)
	st.Profile = p.Name
	if err != nil {
		return st
	}
	st.Listen = s.offeredListen(ctx, p.ID, cfg)
	st.Routes = cfg.EnabledRoutes()
	st.Status.Issuer = cfg.Issuer
	return st
}

func (s *ProxyService) runningLocked() ProxyState {
	status := s.srv.Status()
	return ProxyState{Running: true, Profile: s.profile, Listen: status.Addr, Routes: s.srv.Config().EnabledRoutes(), Status: status}
}

// offeredListen is where a start without an address listens: the address
// this profile's proxy last started on, else the route file's, else the
// default.
func (s *ProxyService) offeredListen(ctx context.Context, id int64, cfg routes.Config) string {
	if ps, err := s.session.Profiles().ProxySettings(ctx, id); err == nil && ps.Listen != "" {
		return ps.Listen
	}
	if cfg.Listen != "" {
		return cfg.Listen
	}
	return DefaultProxyListen
}

// Recent returns up to n of the newest request records, oldest first (the
// log the screen shows when it opens; new ones arrive as proxy:log).
func (s *ProxyService) Recent(n int) []proxy.Record {
	s.mu.Lock()
	sink := s.sink
	s.mu.Unlock()
	if sink == nil || n <= 0 {
		return []proxy.Record{}
	}
	return sink.Recent(min(n, 2000))
}

// RequestTrace is what the proxy kept of one request beyond its log
// record: the headers it stripped and injected and each decision step.
// Kept is false when it kept nothing: the proxy traces only requests sent
// with its trace key (X-Tandem-Trace), and only the most recent ones, so
// that every other request costs no more than its log record.
type RequestTrace struct {
	Kept        bool              `json:"kept"`
	RouteMatch  string            `json:"routeMatch"`
	Steps       []proxy.Step      `json:"steps"`
	Stripped    []string          `json:"stripped"`
	Injected    map[string]string `json:"injected"`
	UpstreamURL string            `json:"upstreamUrl"`
}

// Trace returns what the proxy kept of the request with this id (the log
// row's request_id): the running proxy, else the last run, whose log the
// screen still shows.
func (s *ProxyService) Trace(requestID string) RequestTrace {
	s.mu.Lock()
	srv := s.srv
	if srv == nil {
		srv = s.last
	}
	s.mu.Unlock()
	var out RequestTrace
	if srv != nil {
		if t, ok := srv.Trace(requestID); ok {
			out = RequestTrace{Kept: true, RouteMatch: t.RouteMatch, Steps: t.Steps, Stripped: t.Stripped,
				Injected: t.Injected, UpstreamURL: t.UpstreamURL}
		}
	}
	// The screen reads the headers as an object, never null; emptyLists
	// does the same for the lists.
	if out.Injected == nil {
		out.Injected = map[string]string{}
	}
	return emptyLists(out)
}

// recentFor returns the records in memory whose subject is sub, oldest
// first: a user's side of the proxy's log for the timeline.
func (s *ProxyService) recentFor(sub string) []proxy.Record {
	out := []proxy.Record{}
	if sub == "" {
		return out
	}
	for _, r := range s.Recent(2000) {
		if r.Subject == sub {
			out = append(out, r)
		}
	}
	return out
}

// Stats returns the traffic chart's data now; once stopped, the minute
// before the stop.
func (s *ProxyService) Stats() proxy.Stats {
	s.mu.Lock()
	sink, final := s.sink, s.final
	s.mu.Unlock()
	if final != nil {
		return *final
	}
	if sink == nil {
		return proxy.Stats{Points: []proxy.StatsPoint{}}
	}
	return sink.Stats()
}

// onBatch forwards a batch of records to the UI, with the status at most
// once a second (keys and refresh times change rarely).
func (s *ProxyService) onBatch(b proxy.Batch) {
	if b.Records == nil {
		b.Records = []proxy.Record{}
	}
	s.emitter.Emit(EventProxyLog, b)
	s.mu.Lock()
	now := s.now()
	if s.srv == nil || now.Sub(s.lastStatus) < time.Second {
		s.mu.Unlock()
		return
	}
	s.lastStatus = now
	st := s.runningLocked()
	s.mu.Unlock()
	s.emitter.Emit(EventProxyStatus, st)
}

// applySaved reloads the running proxy with a route file just saved for its
// profile: the edit applies to the next request, with no stop and start, and
// requests in flight finish on the file they started with. A file the proxy
// refuses leaves the old one serving; the Proxy screen shows the outcome
// (Status.LastReload).
func (s *ProxyService) applySaved(p profile.Profile, cfg routes.Config) {
	s.mu.Lock()
	srv := s.srv
	mine := srv != nil && s.profileID == p.ID
	s.mu.Unlock()
	if !mine {
		return
	}
	cfg = p.RunnableRoutes(cfg)
	if err := srv.Reload(cfg); err != nil {
		s.logger.Warn("apply saved routes to the running proxy", "profile", p.Name, "err", err)
	}
	s.emitter.Emit(EventProxyStatus, s.State())
}
