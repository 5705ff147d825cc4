package proxy

import (
	"context"
	"encoding/json"
	"errors"
	"hash/maphash"
	"net/http"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// session is what the session cookie carries: all the proxy needs to
// identify a signed-in browser without a store, so that every instance with
// the same cookie keys accepts it.
type session struct {
	// ID is random per sign-in and kept across refreshes: one refresh in
	// flight per session is keyed by it.
	ID      string `json:"i"`
	Access  string `json:"a"`
	Refresh string `json:"r,omitempty"`
	IDToken string `json:"d,omitempty"` // for logout
	// Expiry is the access token's exp (Unix seconds), read when the token
	// was verified: past it, the session is refreshed.
	Expiry int64 `json:"e"`
}

func (s *session) expired(now time.Time) bool { return !now.Before(time.Unix(s.Expiry, 0)) }

// sessionState is what reading a request's session concluded.
type sessionState uint8

const (
	sessionNone      sessionState = iota // no session cookie
	sessionValid                         // a session whose access token verifies
	sessionRefreshed                     // valid after a refresh: the cookie is set anew
	sessionBad                           // a cookie that does not open or whose token is refused: cleared
	sessionEnded                         // the access token expired and refresh failed: cleared
	sessionIdPDown                       // the token cannot be checked now (no keys): kept
)

// sessionResult is a request's session as the decision reads it; the
// response writes its cookie (setCookie, or clear).
type sessionResult struct {
	state     sessionState
	id        *identity
	sess      *session
	setCookie string // the sealed session to set on the response ("": none)
	reason    string // why a session was refused, for the log (never a token)
	err       error  // sessionIdPDown: the verifier's error
}

// clear reports whether the response must expire the session cookie.
func (sr *sessionResult) clear() bool {
	return sr.state == sessionBad || sr.state == sessionEnded
}

// sessionEntry caches an opened cookie. The cookie value is kept and
// compared in full, so a hash collision is a miss. After a refresh, the old
// cookie's entry points at the new session and carries its sealed value, so
// requests the browser sent with the old cookie meanwhile are not refreshed
// again but given the new cookie.
type sessionEntry struct {
	value   string
	sess    *session
	reissue string
}

// sessionSeed keys the session cache hash; random per process.
var sessionSeed = maphash.MakeSeed()

// sessions opens session cookies and caches what it opened, so a browser
// that sends the same cookie again costs a hash and a comparison, not a
// decryption and a JSON decode.
type sessions struct {
	name   string // the cookie name (and the sealing's associated data)
	sealer *cookieSealer
	cache  *lru.Cache[uint64, *sessionEntry]
}

func newSessions(name string, sealer *cookieSealer, size int) (*sessions, error) {
	cache, err := lru.New[uint64, *sessionEntry](size)
	if err != nil {
		return nil, err
	}
	return &sessions{name: name, sealer: sealer, cache: cache}, nil
}

// read returns the request's session cookie opened: present is false when
// there is none, ok false when there is one that does not open. reissue is
// the sealed cookie to set when the session was refreshed since the browser
// got this cookie.
func (ss *sessions) read(r *http.Request) (s *session, reissue string, present, ok bool) {
	value, present := readCookie(r, ss.name)
	if !present {
		return nil, "", false, false
	}
	key := maphash.String(sessionSeed, value)
	if e, hit := ss.cache.Get(key); hit && e.value == value {
		return e.sess, e.reissue, true, true
	}
	s, ok = ss.open(value)
	if !ok {
		return nil, "", true, false
	}
	ss.cache.Add(key, &sessionEntry{value: value, sess: s})
	return s, "", true, true
}

func (ss *sessions) open(value string) (*session, bool) {
	plain, ok := ss.sealer.open(ss.name, value)
	if !ok {
		return nil, false
	}
	var s session
	if err := json.Unmarshal(plain, &s); err != nil || s.ID == "" || s.Access == "" {
		return nil, false
	}
	return &s, true
}

// seal returns the cookie value of s and caches it as opened.
func (ss *sessions) seal(s *session) (string, error) {
	plain, err := json.Marshal(s)
	if err != nil {
		return "", err
	}
	value, err := ss.sealer.seal(ss.name, plain)
	if err != nil {
		return "", err
	}
	ss.cache.Add(maphash.String(sessionSeed, value), &sessionEntry{value: value, sess: s})
	return value, nil
}

// replaced records that the cookie old was refreshed into next (sealed as
// value), for requests still carrying old.
func (ss *sessions) replaced(old *session, oldValue string, next *session, value string) {
	if oldValue == "" {
		return
	}
	ss.cache.Add(maphash.String(sessionSeed, oldValue), &sessionEntry{value: oldValue, sess: next, reissue: value})
}

// authenticate reads the request's session and checks its access token like
// a bearer token, refreshing it when it has expired. It writes nothing: the
// result says what the response must do with the cookie.
func (l *login) authenticate(ctx context.Context, r *http.Request) sessionResult {
	s, reissue, present, ok := l.sessions.read(r)
	switch {
	case !present:
		return sessionResult{state: sessionNone}
	case !ok:
		return sessionResult{state: sessionBad, reason: "session cookie does not open"}
	}
	state := sessionValid
	if reissue != "" {
		state = sessionRefreshed
	}
	if s.expired(l.now()) {
		oldValue, _ := readCookie(r, l.sessions.name)
		next, value, err := l.refresh(ctx, s, oldValue)
		if err != nil {
			return sessionResult{state: sessionEnded, reason: "session refresh failed: " + err.Error()}
		}
		s, reissue, state = next, value, sessionRefreshed
	}
	id, err := l.verify(ctx, s.Access)
	if err != nil {
		var te *tokenError
		if errors.As(err, &te) && (te.kind == kindIdPUnreachable || te.kind == kindNoKeys) {
			return sessionResult{state: sessionIdPDown, err: err, reason: logReason(err)}
		}
		return sessionResult{state: sessionBad, reason: "session token refused: " + logReason(err)}
	}
	return sessionResult{state: state, id: id, sess: s, setCookie: reissue}
}
