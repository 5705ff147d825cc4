package compare

import (
	"encoding/json"

	"github.com/tandemhq/tandem/backend/routes"
)

// routesSnapshot turns a profile's route file into entities: each route by
// name, and the file's shared settings (identity headers, accepted audiences
// and parties). The issuer and listen address are left out: they name the
// environment's own Keycloak and address, so they always differ.
func routesSnapshot(cfg routes.Config) snapshot {
	s := snapshot{}
	settings := map[string]any{
		"identityHeaders":   toAny(cfg.IdentityHeaders),
		"audiences":         toAny(cfg.Audiences),
		"authorizedParties": toAny(cfg.AuthorizedParties),
	}
	s.add(KindRouteSettings, "settings", "", obj(normalise(settings, "")))
	for _, r := range cfg.Routes {
		s.add(KindRoute, r.Name, "", obj(normalise(toAny(r), "")))
	}
	return s
}

// toAny round-trips v through JSON so it compares like decoded values.
func toAny(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}
