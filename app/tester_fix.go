package app

import (
	"context"
	"fmt"
	"time"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/tester"
)

// ApplyFix adds the protocol mapper a claim lint finding offers to its
// client, in the realm of the active profile's issuer, then runs the lint
// again with a freshly obtained token: the result's claims show the fix's
// effect. A read-only profile refuses before anything is written.
func (s *TesterService) ApplyFix(route string, identity tester.Identity, fix tester.MapperFix) (LintResult, error) {
	ctx, cancel := context.WithTimeout(s.appCtx(), time.Minute)
	defer cancel()
	_, cfg, err := s.session.RunnableRoutes(ctx)
	if err != nil {
		return LintResult{}, toUI(err)
	}
	realm, ok := tester.RealmOf(cfg.Issuer)
	if !ok {
		return LintResult{}, &UIError{Code: CodeInvalidInput, Message: fmt.Sprintf("The issuer %s names no Keycloak realm to add the mapper to.", cfg.Issuer)}
	}
	c, err := s.session.Keycloak(ctx)
	if err != nil {
		return LintResult{}, toUI(err)
	}
	if err := addFixMapper(ctx, c, realm, fix); err != nil {
		return LintResult{}, keycloakUIError(err, c.BaseURL())
	}
	return s.Lint(route, identity)
}

func addFixMapper(ctx context.Context, c *keycloak.Client, realm string, fix tester.MapperFix) error {
	in := keycloak.MapperInput{Name: fix.Name, Type: fix.Type, Config: fix.Config}
	if c.ReadOnly() {
		// Look nothing up: the write refuses, and says why, on its own.
		_, err := c.CreateClientMapper(ctx, realm, "", in)
		return err
	}
	cl, err := c.FindClient(ctx, realm, fix.Client)
	if err != nil {
		return err
	}
	_, err = c.CreateClientMapper(ctx, realm, cl.ID, in)
	return err
}
