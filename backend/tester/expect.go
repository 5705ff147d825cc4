package tester

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/tandemhq/tandem/backend/routes"
)

// TokenState is what the proxy should conclude about the presented token.
type TokenState string

const (
	TokenNone    TokenState = "none"
	TokenInvalid TokenState = "invalid"
	TokenValid   TokenState = "valid"
)

// Outcome is what happened to a request, in the contract's terms.
type Outcome string

const (
	OutcomeForwarded     Outcome = "forwarded"    // reached (or was sent to) the upstream
	OutcomeUnauthorized  Outcome = "unauthorized" // 401
	OutcomeForbidden     Outcome = "forbidden"    // 403
	OutcomeRejected      Outcome = "rejected"     // 400, path the proxy refuses to interpret
	OutcomeNoRoute       Outcome = "no-route"     // 404 from the proxy
	OutcomeUpstreamError Outcome = "upstream-error"
)

// Expectation is what the route's auth mode promises for one request.
type Expectation struct {
	Outcome Outcome `json:"outcome"`
	// Status is the exact status promised when the proxy answers itself
	// (401/403); 0 when the upstream answers.
	Status int `json:"status"`
	// Identity says whether identity headers must reach the upstream.
	Identity bool `json:"identity"`
	// Headers are the identity headers expected at the upstream, computed
	// from the token's claims (valid token, identity forwarded only).
	Headers map[string]string `json:"headers,omitempty"`
	// Absent are identity headers whose claim the token lacks: they must not arrive.
	Absent []string `json:"absent,omitempty"`
	// Challenge is the WWW-Authenticate a 401 must carry: "bearer" (no
	// token) or "invalid_token" (a token that failed verification).
	Challenge string `json:"challenge,omitempty"`
	// Promise is the rule, as a sentence, this expectation comes from.
	Promise string `json:"promise"`
}

// Expect applies the contract table (DESIGN: auth modes per route) to one
// request. held is the token's roles (for a valid token); claims feed the
// expected identity header values; mapping is the route's header → claim set.
func Expect(route routes.Route, state TokenState, held []string, claims map[string]any, mapping map[string]string) Expectation {
	mode := authMode(route)
	withIdentity := func(promise string) Expectation {
		e := Expectation{Outcome: OutcomeForwarded, Identity: true, Promise: promise}
		if claims != nil {
			e.Headers, e.Absent, _ = ExpectedIdentityHeaders(mapping, claims)
		}
		return e
	}
	anonymous := func(promise string) Expectation {
		return Expectation{Outcome: OutcomeForwarded, Identity: false, Promise: promise}
	}
	switch mode {
	case routes.AuthPublic:
		switch state {
		case TokenNone:
			return anonymous("public route, no token: forwarded without identity headers")
		case TokenInvalid:
			return anonymous("public route, invalid token: forwarded, token ignored, no identity headers")
		default:
			return anonymous("public route, valid token: forwarded, token ignored, no identity headers")
		}
	case routes.AuthOptional:
		switch state {
		case TokenNone:
			return anonymous("optional route, no token: forwarded anonymous, no identity headers")
		case TokenInvalid:
			return Expectation{Outcome: OutcomeUnauthorized, Status: http.StatusUnauthorized, Challenge: "invalid_token",
				Promise: "optional route, invalid token: 401, never silently downgraded to anonymous"}
		default:
			return withIdentity("optional route, valid token: forwarded with identity headers")
		}
	default: // required
		switch state {
		case TokenNone:
			return Expectation{Outcome: OutcomeUnauthorized, Status: http.StatusUnauthorized, Challenge: "bearer",
				Promise: "required route, no token: 401"}
		case TokenInvalid:
			return Expectation{Outcome: OutcomeUnauthorized, Status: http.StatusUnauthorized, Challenge: "invalid_token",
				Promise: "required route, invalid token: 401"}
		}
		if !HoldsAnyRole(route.Roles, held) {
			return Expectation{Outcome: OutcomeForbidden, Status: http.StatusForbidden,
				Promise: fmt.Sprintf("required route, valid token without any of the roles %s: 403", strings.Join(route.Roles, ", "))}
		}
		if len(route.Roles) == 0 {
			return withIdentity("required route without roles, valid token: forwarded with identity headers")
		}
		return withIdentity(fmt.Sprintf("required route, valid token holding one of %s: forwarded with identity headers", strings.Join(route.Roles, ", ")))
	}
}

// Observation is what a request actually produced.
type Observation struct {
	Status int `json:"status"`
	// Decision is the proxy's request-log decision when the trace is known.
	Decision string `json:"decision"`
	// UpstreamHeaders are the headers the upstream received; nil if unknown
	// (the request was not forwarded, or no trace was available).
	UpstreamHeaders http.Header `json:"upstreamHeaders"`
	// Challenge is the response's WWW-Authenticate header.
	Challenge string `json:"challenge"`
	// Spoofed are the made-up identity headers the request carried.
	Spoofed http.Header `json:"spoofed,omitempty"`
}

// OutcomeOf classifies an observation: from the proxy's decision when known,
// else from the status code alone.
func OutcomeOf(o Observation) Outcome {
	switch strings.ToLower(o.Decision) {
	case "allowed", "anonymous":
		return OutcomeForwarded
	case "unauthorized":
		return OutcomeUnauthorized
	case "forbidden":
		return OutcomeForbidden
	case "no-route":
		return OutcomeNoRoute
	case "upstream-error":
		return OutcomeUpstreamError
	case "rejected", "bad-request":
		return OutcomeRejected
	}
	switch o.Status {
	case http.StatusUnauthorized:
		return OutcomeUnauthorized
	case http.StatusForbidden:
		return OutcomeForbidden
	case http.StatusBadRequest:
		return OutcomeRejected
	case http.StatusBadGateway:
		return OutcomeUpstreamError
	}
	return OutcomeForwarded
}

// Check compares an observation with an expectation. surprises are breaches
// of the contract; notes explain what could not be checked or went wrong
// around the proxy (e.g. the upstream is down), without blaming the proxy.
// mapping is the route's header → claim set; injectable is every header name
// the proxy could inject on any route (all of them are stripped on arrival).
func Check(exp Expectation, obs Observation, mapping map[string]string, injectable []string) (surprises, notes []string) {
	got := OutcomeOf(obs)
	if got == OutcomeUpstreamError && exp.Outcome == OutcomeForwarded {
		notes = append(notes, "the proxy let the request through but the upstream did not answer (502); run it against the echo upstream to see what it would have received")
	} else if got != exp.Outcome {
		surprises = append(surprises, fmt.Sprintf("expected %s, got %s (HTTP %d)", describeOutcome(exp), got, obs.Status))
		return surprises, notes
	}
	if exp.Status != 0 && obs.Status != exp.Status {
		surprises = append(surprises, fmt.Sprintf("expected HTTP %d, got %d", exp.Status, obs.Status))
	}
	switch exp.Challenge {
	case "bearer":
		if !strings.HasPrefix(strings.ToLower(strings.TrimSpace(obs.Challenge)), "bearer") {
			surprises = append(surprises, "the 401 carries no WWW-Authenticate: Bearer challenge (RFC 6750)")
		}
	case "invalid_token":
		if !strings.Contains(obs.Challenge, `error="invalid_token"`) {
			surprises = append(surprises, `the 401 for a bad token does not say error="invalid_token" in WWW-Authenticate (RFC 6750)`)
		}
	}
	if got != OutcomeForwarded && got != OutcomeUpstreamError {
		return surprises, notes
	}
	if obs.UpstreamHeaders == nil {
		notes = append(notes, "the headers the upstream received are unknown, so identity headers were not checked")
		return surprises, notes
	}
	received := foldHeaders(obs.UpstreamHeaders)
	stripped := map[string]bool{}
	for _, n := range injectable {
		stripped[routes.NormalizeHeaderName(n)] = true
	}
	for n := range mapping {
		stripped[routes.NormalizeHeaderName(n)] = true
	}
	reported := map[string]bool{}
	for _, name := range slices.Sorted(maps.Keys(obs.Spoofed)) {
		key := routes.NormalizeHeaderName(name)
		for _, v := range obs.Spoofed[name] {
			if reported[key] || !slices.Contains(received[key], v) {
				continue
			}
			if stripped[key] {
				surprises = append(surprises, fmt.Sprintf("the spoofed header %s: %s reached the upstream", name, v))
			} else {
				notes = append(notes, fmt.Sprintf("%s is not an identity header of this proxy, so it passed through like any other header", name))
			}
			reported[key] = true
		}
	}
	if !exp.Identity {
		for _, name := range slices.Sorted(maps.Keys(mapping)) {
			key := routes.NormalizeHeaderName(name)
			if vals := received[key]; len(vals) > 0 && !reported[key] {
				surprises = append(surprises, fmt.Sprintf("identity header %s reached the upstream (%s) although the request must arrive without identity", name, strings.Join(vals, ", ")))
			}
		}
		return surprises, notes
	}
	for _, name := range slices.Sorted(maps.Keys(exp.Headers)) {
		want := exp.Headers[name]
		vals := received[routes.NormalizeHeaderName(name)]
		switch {
		case len(vals) == 0:
			surprises = append(surprises, fmt.Sprintf("identity header %s did not reach the upstream (expected %q)", name, want))
		case len(vals) > 1 || vals[0] != want:
			surprises = append(surprises, fmt.Sprintf("identity header %s reached the upstream as %q, expected %q", name, strings.Join(vals, " | "), want))
		}
	}
	for _, name := range exp.Absent {
		if vals := received[routes.NormalizeHeaderName(name)]; len(vals) > 0 {
			surprises = append(surprises, fmt.Sprintf("identity header %s reached the upstream (%s) although the token has no such claim", name, strings.Join(vals, ", ")))
		}
	}
	return surprises, notes
}

func describeOutcome(e Expectation) string {
	switch e.Outcome {
	case OutcomeForwarded:
		if e.Identity {
			return "forwarded with identity"
		}
		return "forwarded without identity"
	case OutcomeUnauthorized, OutcomeForbidden:
		return fmt.Sprintf("%s (HTTP %d)", e.Outcome, e.Status)
	}
	return string(e.Outcome)
}

// foldHeaders indexes headers by the contract's folded name.
func foldHeaders(h http.Header) map[string][]string {
	out := map[string][]string{}
	for name, vals := range h {
		k := routes.NormalizeHeaderName(name)
		out[k] = append(out[k], vals...)
	}
	return out
}
