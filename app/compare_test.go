package app

import (
	"context"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/compare"
	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/routes"
)

// routePlan promotes one route into the target's route file: no Keycloak
// call, so the test needs no server.
func routePlan(realm string) compare.Plan {
	r := routes.Route{Name: "api", Path: "/api", Upstream: "http://127.0.0.1:9090", Auth: routes.AuthPublic}
	return compare.Plan{Version: compare.PlanVersion, To: compare.Side{Realm: realm}, Steps: []compare.Step{{
		DiffRef: compare.DiffRef{Difference: "route:api", Kind: compare.KindRoute, Key: "api", Change: compare.Added},
		Routes:  &compare.RouteEdit{Name: "api", Route: &r},
	}}}
}

func TestPromoteIntoProdNeedsTheProfileNameTyped(t *testing.T) {
	session, rec := newTestSession(t)
	ctx := context.Background()
	in := staging("Prod")
	in.Kind, in.DefaultRealm = profile.KindProd, "shop"
	prod, err := session.Profiles().Create(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	svc := NewCompareService(session, NewLifecycle(), rec, nil)
	req := CompareRequest{ToProfile: prod.ID}

	if _, err := svc.Promote("op1", req, routePlan("shop"), "prod"); uiCode(err) != CodeInvalidInput {
		t.Fatalf("promote with the wrong name typed: %v", err)
	}
	if cfg, _ := session.Profiles().Routes(ctx, prod.ID); len(cfg.Routes) != 0 {
		t.Fatalf("routes changed without confirmation: %+v", cfg.Routes)
	}
	rep, err := svc.Promote("op2", req, routePlan("shop"), "Prod")
	if err != nil || rep.Applied != 1 {
		t.Fatalf("promote confirmed: %+v, %v", rep, err)
	}
	if cfg, _ := session.Profiles().Routes(ctx, prod.ID); len(cfg.Routes) != 1 || cfg.Routes[0].Name != "api" {
		t.Errorf("routes after promoting: %+v", cfg.Routes)
	}
}

func TestPromoteIntoAReadOnlyProfileIsRefused(t *testing.T) {
	session, rec := newTestSession(t)
	ctx := context.Background()
	in := staging("Mirror")
	in.ReadOnly, in.DefaultRealm = true, "shop"
	ro, err := session.Profiles().Create(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	svc := NewCompareService(session, NewLifecycle(), rec, nil)
	rep, err := svc.Promote("op", CompareRequest{ToProfile: ro.ID}, routePlan("shop"), "")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Applied != 0 || rep.Failed != 1 || !strings.Contains(rep.Outcomes[0].Error, "read-only") {
		t.Errorf("report %+v", rep)
	}
	if cfg, _ := session.Profiles().Routes(ctx, ro.ID); len(cfg.Routes) != 0 {
		t.Errorf("a read-only profile's routes changed: %+v", cfg.Routes)
	}
}
