package tester

import (
	"context"
	"fmt"
	"strings"

	"github.com/tandemhq/tandem/backend/routes"
)

// MatrixCase names one row of the matrix.
type MatrixCase string

const (
	CaseAnonymous    MatrixCase = "anonymous"
	CaseSpoofed      MatrixCase = "anonymous-spoofed"
	CaseValidUser    MatrixCase = "valid-user"
	CaseBadSignature MatrixCase = "bad-signature"
	CaseLackingRole  MatrixCase = "lacking-role"
	// The session rows run when the route file has a login block: the
	// valid user signed in through the proxy's own flow.
	CaseSession        MatrixCase = "session"
	CaseSessionEnded   MatrixCase = "session-ended"
	CaseTamperedCookie MatrixCase = "tampered-cookie"
)

// MatrixInput chooses the users of the matrix. Either may be left empty
// (Kind ""), which skips the rows that need it.
type MatrixInput struct {
	Route string `json:"route"`
	// ValidUser should hold the route's roles (e.g. alice on an admin route).
	ValidUser Identity `json:"validUser"`
	// LackingUser should not (e.g. bob).
	LackingUser Identity `json:"lackingUser"`
	Upstream    Upstream `json:"upstream"`
	// Path overrides the route's path (e.g. a concrete sub-path).
	Path string `json:"path"`
}

// RowRun is what one row of a matrix sent and what came back: the part of a
// matrix row an equivalence row carries too.
type RowRun struct {
	Case     MatrixCase `json:"case"`
	Label    string     `json:"label"`
	Identity string     `json:"identity"`
	// Skipped says why the row did not run ("" when it ran).
	Skipped string `json:"skipped,omitempty"`
	// Error is set when the row could not be sent (e.g. a wrong password).
	Error    string  `json:"error,omitempty"`
	Status   int     `json:"status"`
	Decision string  `json:"decision"`
	Outcome  Outcome `json:"outcome"`
	// IdentityHeaders are the identity headers the upstream received.
	IdentityHeaders map[string]string `json:"identityHeaders"`
	// Surprises are departures from the route's promise.
	Surprises []string `json:"surprises"`
}

// MatrixRow is one identity's outcome next to the route's promise.
type MatrixRow struct {
	RowRun
	Expectation *Expectation `json:"expectation"`
	Reason      string       `json:"reason"`
	Notes       []string     `json:"notes"`
	Result      *Result      `json:"result,omitempty"`
}

// MatrixResult is a whole matrix run.
type MatrixResult struct {
	Route     string      `json:"route"`
	Mode      routes.Auth `json:"mode"`
	Roles     []string    `json:"roles"`
	Rows      []MatrixRow `json:"rows"`
	Surprises int         `json:"surprises"`
	Errors    int         `json:"errors"`
	// Setup are warnings about the chosen users, not about the proxy.
	Setup []string `json:"setup"`
}

// Matrix sends the route the five standard identities and compares each
// outcome with the route's promise.
func (t *Tester) Matrix(ctx context.Context, cfg routes.Config, in MatrixInput) (MatrixResult, error) {
	r, err := FindRoute(cfg, in.Route)
	if err != nil {
		return MatrixResult{}, err
	}
	mode := authMode(r)
	out := MatrixResult{Route: r.Name, Mode: mode, Roles: r.Roles}
	req := Defaults(Request{Route: r.Name, Path: in.Path, Upstream: in.Upstream}, r)
	// Every row sends the same method: refuse the whole matrix before any
	// token is requested rather than five times.
	if err := t.mayReach(ctx, req); err != nil {
		return MatrixResult{}, err
	}
	ts := NewTokenSource(cfg.Issuer)
	defer func() { _ = ts.EndSessions(ctx) }() // after every row's request
	spoofNames := InjectableHeaders(cfg)
	now := t.now()

	run := func(c MatrixCase, label string, id Identity, cred Credential) {
		row := MatrixRow{RowRun: RowRun{Case: c, Label: label, Identity: cred.Label}}
		res, err := t.sendAs(ctx, cfg, req, id, cred)
		if err != nil {
			row.Error = err.Error()
			out.Rows = append(out.Rows, row)
			return
		}
		fillRow(&row, res, spoofNames)
		out.Rows = append(out.Rows, row)
	}
	fail := func(c MatrixCase, label string, id Identity, err error) {
		out.Rows = append(out.Rows, MatrixRow{RowRun: RowRun{Case: c, Label: label, Identity: id.Describe(), Error: err.Error()}})
	}
	skip := func(c MatrixCase, label, why string) {
		out.Rows = append(out.Rows, MatrixRow{RowRun: RowRun{Case: c, Label: label, Skipped: why}})
	}

	anon := Identity{Kind: KindAnonymous}
	cred, _ := ts.Resolve(ctx, anon, spoofNames, now)
	run(CaseAnonymous, "Anonymous", anon, cred)
	spoof := Identity{Kind: KindAnonymous, SpoofHeaders: true}
	cred, _ = ts.Resolve(ctx, spoof, spoofNames, now)
	run(CaseSpoofed, "Anonymous + spoofed identity headers", spoof, cred)

	if valid, chosen := matrixUser(in.ValidUser); !chosen {
		skip(CaseValidUser, "Valid user", "choose a user who holds the route's roles")
		skip(CaseBadSignature, "Valid user, signature broken", "needs the valid user's token")
	} else {
		cred, err := ts.Resolve(ctx, valid, spoofNames, now)
		if err != nil {
			fail(CaseValidUser, "Valid user", valid, err)
			fail(CaseBadSignature, "Valid user, signature broken", valid, err)
		} else {
			run(CaseValidUser, "Valid user", valid, cred)
			if d, err := Decode(cred.Token, now); err == nil && mode == routes.AuthRequired && !HoldsAnyRole(r.Roles, RolesHeld(d.Claims)) {
				out.Setup = append(out.Setup, fmt.Sprintf("%s holds none of %s, so the valid-user row shows the 403 path; choose a user who holds one to see the request allowed", valid.Describe(), strings.Join(r.Roles, ", ")))
			}
			broken := valid
			broken.Variant = VariantBadSignature
			bcred := cred
			bcred.Original = cred.Token
			bcred.Token, err = ApplyVariant(cred.Token, VariantBadSignature, now)
			bcred.Label = broken.Describe()
			if err != nil {
				fail(CaseBadSignature, "Valid user, signature broken", broken, err)
			} else {
				run(CaseBadSignature, "Valid user, signature broken", broken, bcred)
			}
		}
	}

	if lacking, chosen := matrixUser(in.LackingUser); !chosen {
		skip(CaseLackingRole, "User lacking the role", "choose a user without the route's roles")
	} else {
		cred, err := ts.Resolve(ctx, lacking, spoofNames, now)
		if err != nil {
			fail(CaseLackingRole, "User lacking the role", lacking, err)
		} else {
			run(CaseLackingRole, "User lacking the role", lacking, cred)
			if d, err := Decode(cred.Token, now); err == nil {
				switch {
				case mode != routes.AuthRequired || len(r.Roles) == 0:
					out.Setup = append(out.Setup, "the route requires no role, so the lacking-role user is expected through like any other valid user")
				case HoldsAnyRole(r.Roles, RolesHeld(d.Claims)):
					out.Setup = append(out.Setup, fmt.Sprintf("%s holds one of %s, so the lacking-role row is expected through; choose a user without them to see the 403", lacking.Describe(), strings.Join(r.Roles, ", ")))
				}
			}
		}
	}
	if cfg.Login.Enabled() {
		t.sessionRows(ctx, cfg, req, in.ValidUser, run, fail, skip)
	}
	for _, row := range out.Rows {
		out.Surprises += len(row.Surprises)
		if row.Error != "" {
			out.Errors++
		}
	}
	return out, nil
}

// matrixUser is a chosen user as the matrix sends them: the plain token,
// without a variant or spoofed headers (the matrix has rows of its own for
// those). chosen is false when no user was chosen, or an anonymous one.
func matrixUser(id Identity) (user Identity, chosen bool) {
	if id.anonymous() {
		return Identity{}, false
	}
	id.Variant, id.SpoofHeaders = VariantNone, false
	return id, true
}

func fillRow(row *MatrixRow, res Result, injectable []string) {
	row.Result = &res
	row.Expectation = res.Expectation
	row.Status = res.Response.Status
	row.Surprises = res.Surprises
	row.Notes = res.Notes
	obs := Observation{Status: res.Response.Status}
	if res.Trace != nil {
		obs.Decision = string(res.Trace.Decision)
		row.Decision = string(res.Trace.Decision)
		row.Reason = res.Trace.Reason
		if res.Trace.UpstreamHeaders != nil {
			received := foldHeaders(res.Trace.UpstreamHeaders)
			row.IdentityHeaders = map[string]string{}
			for _, n := range injectable {
				if v := received[routes.NormalizeHeaderName(n)]; len(v) > 0 {
					row.IdentityHeaders[n] = strings.Join(v, ", ")
				}
			}
		}
	}
	row.Outcome = OutcomeOf(obs)
}

// sessionRows runs the browser-session rows as user: a real session, one
// whose Keycloak session ended and whose token expired, and a tampered
// cookie. Each signs in afresh and is signed out once its row is sent.
func (t *Tester) sessionRows(ctx context.Context, cfg routes.Config, req Request, user Identity,
	run func(MatrixCase, string, Identity, Credential), fail func(MatrixCase, string, Identity, error), skip func(MatrixCase, string, string)) {
	rows := []struct {
		c       MatrixCase
		label   string
		variant Variant
	}{
		{CaseSession, "Signed-in browser session", VariantNone},
		{CaseSessionEnded, "Session expired, refresh refused", VariantSessionEnded},
		{CaseTamperedCookie, "Session cookie tampered with", VariantTamperedCookie},
	}
	for _, r := range rows {
		if user.Kind != KindPassword || user.Username == "" || user.Password == "" {
			skip(r.c, r.label, "choose a valid user with a password: the session rows sign them in through the proxy")
			continue
		}
		id := Identity{Kind: KindSession, Realm: user.Realm, Username: user.Username, Password: user.Password, Variant: r.variant}
		cred, done, err := t.resolveSession(ctx, cfg, req, id)
		if err != nil {
			fail(r.c, r.label, id, err)
		} else {
			run(r.c, r.label, id, cred)
		}
		done()
	}
}
