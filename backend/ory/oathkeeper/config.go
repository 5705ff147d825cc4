package oathkeeper

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Config is the part of Oathkeeper's own configuration (oathkeeper.yml)
// the import reads: the matching strategy, the jwt authenticator's global
// config, the anonymous subject and the header mutator's global headers.
type Config struct {
	MatchingStrategy string
	JWT              JWTConfig
	AnonymousSubject string
	HeaderMutator    map[string]string
}

// JWTConfig is the jwt authenticator's config, global or per rule.
type JWTConfig struct {
	TrustedIssuers []string
	JWKSURLs       []string
	TargetAudience []string
	RequiredScope  []string
	TokenFrom      map[string]any
}

// LoadConfig reads oathkeeper.yml (YAML or JSON).
func LoadConfig(path string) (*Config, error) {
	return loadFile(path, "oathkeeper config", ParseConfig)
}

// ParseConfig decodes Oathkeeper's configuration; keys the import does not
// need are ignored.
func ParseConfig(data []byte) (*Config, error) {
	var raw struct {
		AccessRules struct {
			MatchingStrategy string `yaml:"matching_strategy"`
		} `yaml:"access_rules"`
		Authenticators struct {
			JWT struct {
				Config map[string]any `yaml:"config"`
			} `yaml:"jwt"`
			Anonymous struct {
				Config struct {
					Subject string `yaml:"subject"`
				} `yaml:"config"`
			} `yaml:"anonymous"`
		} `yaml:"authenticators"`
		Mutators struct {
			Header struct {
				Config struct {
					Headers map[string]string `yaml:"headers"`
				} `yaml:"config"`
			} `yaml:"header"`
		} `yaml:"mutators"`
	}
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("decode oathkeeper config: %w", err)
	}
	strategy := raw.AccessRules.MatchingStrategy
	if strategy != "" && strategy != StrategyGlob && strategy != StrategyRegexp {
		return nil, fmt.Errorf("access_rules.matching_strategy %q is neither glob nor regexp", strategy)
	}
	return &Config{
		MatchingStrategy: strategy,
		JWT:              jwtConfig(raw.Authenticators.JWT.Config),
		AnonymousSubject: raw.Authenticators.Anonymous.Config.Subject,
		HeaderMutator:    raw.Mutators.Header.Config.Headers,
	}, nil
}

// jwtConfig reads a jwt authenticator config map (global or a rule's).
func jwtConfig(m map[string]any) JWTConfig {
	c := JWTConfig{
		TrustedIssuers: stringList(m["trusted_issuers"]),
		JWKSURLs:       stringList(m["jwks_urls"]),
		TargetAudience: stringList(m["target_audience"]),
		RequiredScope:  stringList(m["required_scope"]),
	}
	if tf, ok := m["token_from"].(map[string]any); ok {
		c.TokenFrom = tf
	}
	return c
}

// merge lays a rule's config over the global one, field by field, as
// Oathkeeper merges a rule's handler config over its own.
func (c JWTConfig) merge(rule JWTConfig) JWTConfig {
	if rule.TrustedIssuers != nil {
		c.TrustedIssuers = rule.TrustedIssuers
	}
	if rule.JWKSURLs != nil {
		c.JWKSURLs = rule.JWKSURLs
	}
	if rule.TargetAudience != nil {
		c.TargetAudience = rule.TargetAudience
	}
	if rule.RequiredScope != nil {
		c.RequiredScope = rule.RequiredScope
	}
	if rule.TokenFrom != nil {
		c.TokenFrom = rule.TokenFrom
	}
	return c
}

func stringList(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		out := make([]string, 0, len(t))
		for _, x := range t {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// issuerFromJWKS derives an issuer from a Keycloak JWKS URL
// (…/realms/R/protocol/openid-connect/certs → …/realms/R); "" for any
// other URL, whose issuer cannot be known from it.
func issuerFromJWKS(u string) string {
	const certs = "/protocol/openid-connect/certs"
	if !strings.HasSuffix(u, certs) || !strings.Contains(u, "/realms/") {
		return ""
	}
	return strings.TrimSuffix(u, certs)
}
