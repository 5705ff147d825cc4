package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tandemhq/tandem/backend/compare"
	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/privatefile"
	"github.com/tandemhq/tandem/backend/profile"
)

// Exit statuses of tandemctl diff, so a drift check in CI can tell "in
// sync" from "different" from "could not look".
const (
	diffInSync      = 0
	diffDifferent   = 1
	diffUsage       = 2
	diffUnreachable = 3
)

func newDiffCmd() *cobra.Command {
	var (
		from, to, realm, fromRealm, toRealm, planOut, applyFile string
		asJSON                                                  bool
	)
	cmd := &cobra.Command{
		Use:   "diff --from PROFILE --to PROFILE [--realm R | --from-realm R1 --to-realm R2] [--json]",
		Short: "Compare two profiles' realms and routes; exit 0 in sync, 1 different, 2 bad usage, 3 a side unreachable",
		Long: `Compare the configuration of two realms (settings, roles, groups, clients, client
scopes, identity providers, required actions) and, for two different profiles,
their routes. Users are not compared; generated ids, timestamps and secret
values never count as differences. Each side uses its profile's default realm
unless --realm (both) or --from-realm/--to-realm are given.

Exit status: 0 in sync, 1 different, 2 bad usage (unknown profile, bad flags),
3 a side unreachable or refused (wrong credentials, no such realm), so a bad
URL is never taken for "in sync".

--plan FILE writes the promotion of every difference into the --to side as a
reviewable JSON plan; --apply FILE (with --to) applies such a plan, stopping
at the first failure (exit 1) and saying what was and was not applied.`,
		Args: cobra.NoArgs,
		RunE: withProfiles(func(cmd *cobra.Command, svc *profile.Service, _ []string) error {
			if applyFile != "" {
				return applyPlanFile(cmd, svc, applyFile, to, asJSON)
			}
			switch {
			case from == "" || to == "":
				return diffErr(diffUsage, errors.New("give both --from PROFILE and --to PROFILE"))
			case realm != "" && (fromRealm != "" || toRealm != ""):
				return diffErr(diffUsage, errors.New("give either --realm or --from-realm/--to-realm, not both"))
			}
			if realm != "" {
				fromRealm, toRealm = realm, realm
			}
			ctx := ctxOf(cmd)
			fromSrc, err := diffSource(cmd, svc, from, fromRealm)
			if err != nil {
				return err
			}
			toSrc, err := diffSource(cmd, svc, to, toRealm)
			if err != nil {
				return err
			}
			if from == to || strings.EqualFold(from, to) {
				fromSrc.Routes, toSrc.Routes = nil, nil // one profile: the same routes
			}
			res, err := compare.Compare(ctx, fromSrc, toSrc)
			if err != nil {
				return diffErr(diffUnreachable, err)
			}
			if planOut != "" {
				ids := make([]string, len(res.Differences))
				for i, d := range res.Differences {
					ids[i] = d.ID
				}
				plan, err := compare.NewPlan(res, ids)
				if err != nil {
					return err
				}
				body, _ := json.MarshalIndent(plan, "", "  ")
				if err := privatefile.Write(planOut, append(body, '\n')); err != nil {
					return fmt.Errorf("write plan %s: %w", planOut, err)
				}
			}
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				if err := enc.Encode(res); err != nil {
					return err
				}
			} else {
				printDiff(out, res)
			}
			if !res.InSync {
				return diffErr(diffDifferent, fmt.Errorf("%d difference(s)", len(res.Differences)))
			}
			return nil
		}),
	}
	f := cmd.Flags()
	f.StringVar(&from, "from", "", "source profile (e.g. staging)")
	f.StringVar(&to, "to", "", "target profile (e.g. prod)")
	f.StringVar(&realm, "realm", "", "realm on both sides (default: each profile's default realm)")
	f.StringVar(&fromRealm, "from-realm", "", "realm on the --from side")
	f.StringVar(&toRealm, "to-realm", "", "realm on the --to side")
	f.BoolVar(&asJSON, "json", false, "print the comparison (or the promotion report) as JSON")
	f.StringVar(&planOut, "plan", "", "also write the promotion of every difference to this file")
	f.StringVar(&applyFile, "apply", "", "apply a plan file to the --to profile")
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return diffErr(diffUsage, err) })
	return cmd
}

func diffErr(code int, err error) error { return &exitError{code: code, err: err} }

// diffSource opens one side: its profile, Keycloak client, realm and routes.
// An unknown profile is bad usage; a profile whose secret cannot be read
// cannot be reached.
func diffSource(cmd *cobra.Command, svc *profile.Service, name, realm string) (compare.Source, error) {
	ctx := ctxOf(cmd)
	p, err := svc.GetByName(ctx, name)
	if err != nil {
		if errors.Is(err, profile.ErrNotFound) {
			return compare.Source{}, diffErr(diffUsage, fmt.Errorf("profile %q: %w", name, err))
		}
		return compare.Source{}, err
	}
	if realm == "" {
		realm = p.DefaultRealm
	}
	if realm == "" {
		return compare.Source{}, diffErr(diffUsage, fmt.Errorf("profile %q has no default realm: give --realm", name))
	}
	kc, err := profileClient(cmd, svc, p)
	if err != nil {
		return compare.Source{}, err
	}
	cfg, err := svc.Routes(ctx, p.ID)
	if err != nil {
		return compare.Source{}, fmt.Errorf("routes of profile %q: %w", name, err)
	}
	return compare.Source{Profile: p.Name, Keycloak: kc, Realm: realm, Routes: &cfg}, nil
}

func profileClient(cmd *cobra.Command, svc *profile.Service, p profile.Profile) (*keycloak.Client, error) {
	secret, err := svc.Secret(ctxOf(cmd), p.ID)
	if err != nil {
		return nil, diffErr(diffUnreachable, fmt.Errorf("secret of profile %q: %w", p.Name, err))
	}
	cfg := profile.KeycloakConfig(p, secret)
	cfg.Timeout = compare.CallTimeout
	kc, err := keycloak.New(cfg)
	if err != nil {
		return nil, diffErr(diffUsage, fmt.Errorf("profile %q: %w", p.Name, err))
	}
	return kc, nil
}

// printDiff writes one line per difference: "+" added (only in --from), "-"
// removed (only in --to), "~" changed with the fields that differ.
func printDiff(w io.Writer, res compare.Result) {
	side := func(s compare.Side) string { return fmt.Sprintf("%s (realm %s)", s.Profile, s.Realm) }
	if res.InSync {
		fmt.Fprintf(w, "%s and %s are in sync.\n", side(res.From), side(res.To))
		return
	}
	fmt.Fprintf(w, "%s → %s: %d difference(s)\n", side(res.From), side(res.To), len(res.Differences))
	marks := map[compare.Change]string{compare.Added: "+", compare.Removed: "-", compare.Changed: "~"}
	for _, d := range res.Differences {
		line := fmt.Sprintf("%s %s %s", marks[d.Change], d.Kind, d.Key)
		if len(d.Fields) > 0 {
			line += ": " + strings.Join(d.Fields, ", ")
		}
		fmt.Fprintln(w, line)
	}
}

// applyPlanFile applies a plan written by --plan to the --to profile.
func applyPlanFile(cmd *cobra.Command, svc *profile.Service, file, to string, asJSON bool) error {
	if to == "" {
		return diffErr(diffUsage, errors.New("--apply needs --to PROFILE"))
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return diffErr(diffUsage, fmt.Errorf("read plan: %w", err))
	}
	plan, err := compare.ReadPlan(data)
	if err != nil {
		return diffErr(diffUsage, err)
	}
	ctx := ctxOf(cmd)
	p, err := svc.GetByName(ctx, to)
	if err != nil {
		return diffErr(diffUsage, fmt.Errorf("profile %q: %w", to, err))
	}
	kc, err := profileClient(cmd, svc, p)
	if err != nil {
		return err
	}
	rep, applyErr := compare.Apply(ctx, compare.Target{Keycloak: kc, Realm: plan.To.Realm, Routes: svc.RouteFile(p.ID)}, plan, nil)
	out := cmd.OutOrStdout()
	if asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		_ = enc.Encode(rep)
	} else {
		for _, o := range rep.Outcomes {
			line := fmt.Sprintf("%-14s %s %s (%d/%d calls)", o.Status, o.Kind, o.Key, o.CallsDone, o.CallsTotal)
			if o.Error != "" {
				line += ": " + o.Error
			}
			fmt.Fprintln(out, line)
		}
		fmt.Fprintf(out, "%d applied, %d failed, %d not applied\n", rep.Applied, rep.Failed, rep.NotApplied)
	}
	if applyErr != nil {
		return diffErr(diffDifferent, applyErr)
	}
	return nil
}
