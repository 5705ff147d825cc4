package proxy

import (
	"encoding/json"
	"net/http"
	"time"
)

// flowLifetime bounds a sign-in: a callback later than this after its
// start is refused (the flow cookie has expired too).
const flowLifetime = 10 * time.Minute

// flow is what the flow cookie carries from the start of a sign-in to its
// callback: the state the callback must echo, the nonce the ID token must
// carry, the PKCE verifier, and where to send the browser afterwards.
type flow struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	RD       string `json:"r"`
	Started  int64  `json:"t"` // Unix seconds
}

// sealFlow returns the flow cookie's value.
func (l *login) sealFlow(f *flow) (string, error) {
	plain, err := json.Marshal(f)
	if err != nil {
		return "", err
	}
	return l.sealer.seal(l.flowName, plain)
}

// readFlow opens the request's flow cookie; false when there is none, it
// does not open, or the sign-in it started is too old.
func (l *login) readFlow(r *http.Request) (*flow, bool) {
	c, err := r.Cookie(l.flowName)
	if err != nil {
		return nil, false
	}
	plain, ok := l.sealer.open(l.flowName, c.Value)
	if !ok {
		return nil, false
	}
	var f flow
	if json.Unmarshal(plain, &f) != nil || f.State == "" || f.Nonce == "" || f.Verifier == "" {
		return nil, false
	}
	started := time.Unix(f.Started, 0)
	if now := l.now(); now.Sub(started) > flowLifetime || started.After(now.Add(time.Minute)) {
		return nil, false
	}
	f.RD = safeRedirect(f.RD)
	return &f, true
}
