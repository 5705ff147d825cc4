package keycloak

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/tandemhq/tandem/backend/outbound"
)

// Sentinels every admin call failure maps to. Test with errors.Is; the
// *Error around them carries the operation, status and Keycloak's message.
//
//nolint:staticcheck // ST1005: the capitalised ones begin with the proper noun Keycloak.
var (
	ErrUnauthorized = errors.New("Keycloak rejected the credentials")
	ErrForbidden    = errors.New("the account is not allowed to do this in Keycloak")
	ErrNotFound     = errors.New("not found")
	ErrConflict     = errors.New("conflicts with an existing object")
	ErrInvalidInput = errors.New("Keycloak rejected the input")
	ErrUnreachable  = errors.New("Keycloak is not reachable")
	ErrTimeout      = errors.New("Keycloak did not answer in time")
	ErrTLS          = errors.New("the TLS connection to Keycloak failed")
	ErrServer       = errors.New("Keycloak failed to handle the request")
	// ErrRedirected: Keycloak answered with a redirect to another origin,
	// which is never followed with the credentials (outbound.SameOriginRedirects).
	ErrRedirected = outbound.ErrRedirectRefused
)

// Error is a failed admin call. Err is one of the sentinels above (or
// context.Canceled when the caller gave up), so errors.Is works on it.
type Error struct {
	Op      string // what was attempted, e.g. `get user "alice"`
	Status  int    // HTTP status, 0 when no response arrived
	Message string // Keycloak's errorMessage, or the transport failure
	Err     error
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	if e.Message != "" && e.Message != e.Err.Error() {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// statusError is what the request path produces for a response with a status
// of 400 or more, before it is turned into an *Error.
type statusError struct {
	status  int
	message string
}

func (e *statusError) Error() string { return fmt.Sprintf("HTTP %d: %s", e.status, e.message) }

// sentinelForStatus maps an HTTP status from the admin API to a sentinel.
func sentinelForStatus(status int) error {
	switch {
	case status == http.StatusUnauthorized:
		return ErrUnauthorized
	case status == http.StatusForbidden:
		return ErrForbidden
	case status == http.StatusNotFound:
		return ErrNotFound
	case status == http.StatusConflict:
		return ErrConflict
	case status == http.StatusBadGateway, status == http.StatusServiceUnavailable, status == http.StatusGatewayTimeout:
		// A proxy in front of Keycloak answered: Keycloak itself is down.
		return ErrUnreachable
	case status >= 500:
		return ErrServer
	default:
		return ErrInvalidInput
	}
}

// classify turns whatever one attempt returned into an *Error. parent is the
// caller's context, ctx the one bounded by Config.Timeout: when ctx expired
// but parent did not, the call timed out; when parent ended, the caller
// cancelled and the result wraps the context's error.
func classify(parent, ctx context.Context, op string, err error) error {
	if err == nil {
		return nil
	}
	var kcErr *Error
	if errors.As(err, &kcErr) {
		if kcErr.Op == "" {
			kcErr.Op = op
		}
		return kcErr
	}
	var se *statusError
	if errors.As(err, &se) {
		return &Error{Op: op, Status: se.status, Message: se.message, Err: sentinelForStatus(se.status)}
	}
	if perr := parent.Err(); perr != nil {
		if errors.Is(perr, context.DeadlineExceeded) {
			return &Error{Op: op, Err: ErrTimeout}
		}
		return &Error{Op: op, Err: perr}
	}
	if ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) {
		return &Error{Op: op, Err: ErrTimeout}
	}
	var redirect *outbound.RedirectError
	if errors.As(err, &redirect) {
		return &Error{Op: op, Message: redirect.Detail(), Err: ErrRedirected}
	}
	return &Error{Op: op, Message: transportMessage(err), Err: transportSentinel(err)}
}

// transportSentinel decides between a TLS failure, a timeout and an
// unreachable server for an error that produced no HTTP response.
func transportSentinel(err error) error {
	var (
		unknownAuthority x509.UnknownAuthorityError
		hostname         x509.HostnameError
		invalidCert      x509.CertificateInvalidError
		recordHeader     tls.RecordHeaderError
		certVerify       *tls.CertificateVerificationError
		netErr           net.Error
	)
	switch {
	case errors.As(err, &unknownAuthority), errors.As(err, &hostname), errors.As(err, &invalidCert),
		errors.As(err, &recordHeader), errors.As(err, &certVerify):
		return ErrTLS
	case strings.Contains(err.Error(), "tls: "), strings.Contains(err.Error(), "x509: "):
		return ErrTLS
	case errors.As(err, &netErr) && netErr.Timeout():
		return ErrTimeout
	default:
		return ErrUnreachable
	}
}

// transportMessage keeps the innermost cause (e.g. "connection refused"):
// the URL is already known to the user and the op says what was attempted.
func transportMessage(err error) string {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Err != nil {
		return opErr.Err.Error()
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return dnsErr.Error()
	}
	msg := err.Error()
	// url.Error reads `Get "http://…": cause`; keep the cause.
	if i := strings.LastIndex(msg, "\": "); i >= 0 {
		return msg[i+3:]
	}
	return msg
}

// problemsError joins every problem a validate method found into one error,
// so the user sees them all at once rather than one per attempt; nil when
// there are none.
func problemsError(problems []string) error {
	if len(problems) == 0 {
		return nil
	}
	return errors.New(strings.Join(problems, "; "))
}

// problemIf is the problem when cond holds, else nil: for input that one
// condition rules out.
func problemIf(cond bool, problem string) error {
	if !cond {
		return nil
	}
	return errors.New(problem)
}

// invalid turns a list of problems into one ErrInvalidInput naming them all.
func invalid(op string, problems []string) error {
	return invalidInput(op, problemsError(problems))
}

// invalidInput turns what a validate method returned into ErrInvalidInput
// for op; nil stays nil.
func invalidInput(op string, problem error) error {
	if problem == nil {
		return nil
	}
	return &Error{Op: op, Message: problem.Error(), Err: ErrInvalidInput}
}

// asError is errors.As for *Error, kept short for the many call sites.
func asError(err error, target **Error) bool { return errors.As(err, target) }

func isErr(err, target error) bool { return errors.Is(err, target) }
