// Package oathkeeper turns Ory Oathkeeper access rules into a Tandem route
// file. What has an exact equivalent is mapped; what has none is listed per
// rule with the reason, and the behaviour an Oathkeeper user will see change
// is listed too. Nothing is approximated without saying so.
package oathkeeper

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"go.yaml.in/yaml/v3"
)

// Rule is one Oathkeeper access rule.
type Rule struct {
	ID             string    `yaml:"id"`
	Description    string    `yaml:"description"`
	Version        string    `yaml:"version"`
	Match          Match     `yaml:"match"`
	Authenticators []Handler `yaml:"authenticators"`
	Authorizer     *Handler  `yaml:"authorizer"`
	Mutators       []Handler `yaml:"mutators"`
	Errors         []Handler `yaml:"errors"`
	Upstream       Upstream  `yaml:"upstream"`
}

// Match is the requests a rule applies to. Authority and FullMethod are
// set on gRPC rules, which Tandem does not route.
type Match struct {
	URL        string   `yaml:"url"`
	Methods    []string `yaml:"methods"`
	Authority  string   `yaml:"authority"`
	FullMethod string   `yaml:"full_method"`
}

// Handler is one step of a rule's pipeline and its per-rule config.
type Handler struct {
	Handler string         `yaml:"handler"`
	Config  map[string]any `yaml:"config"`
}

// Upstream is where a rule forwards to.
type Upstream struct {
	URL          string `yaml:"url"`
	StripPath    string `yaml:"strip_path"`
	PreserveHost bool   `yaml:"preserve_host"`
}

// LoadRules reads an access-rules file (see ParseRules).
func LoadRules(path string) ([]Rule, error) {
	return loadFile(path, "access rules", ParseRules)
}

// ParseRules decodes access rules as Oathkeeper reads them from a
// repository file: a JSON or YAML list of rules. YAML files may also hold
// several documents, each a list, a rule, or a Kubernetes Rule resource
// (oathkeeper-maester: the rule in spec, its id from metadata.name).
func ParseRules(data []byte) ([]Rule, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var rules []Rule
	for doc := 1; ; doc++ {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("decode access rules: %w", err)
		}
		got, err := decodeDocument(&n)
		if err != nil {
			return nil, fmt.Errorf("decode access rules (document %d): %w", doc, err)
		}
		rules = append(rules, got...)
	}
	if len(rules) == 0 {
		return nil, errors.New("no access rules found")
	}
	return rules, nil
}

func decodeDocument(n *yaml.Node) ([]Rule, error) {
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	switch n.Kind {
	case yaml.SequenceNode:
		var rules []Rule
		err := n.Decode(&rules)
		return rules, err
	case yaml.MappingNode:
		var crd struct {
			Kind     string `yaml:"kind"`
			Metadata struct {
				Name string `yaml:"name"`
			} `yaml:"metadata"`
			Spec *Rule `yaml:"spec"`
		}
		if err := n.Decode(&crd); err == nil && crd.Kind == "Rule" && crd.Spec != nil {
			r := *crd.Spec
			if r.ID == "" {
				r.ID = crd.Metadata.Name
			}
			return []Rule{r}, nil
		}
		var r Rule
		err := n.Decode(&r)
		return []Rule{r}, err
	case 0:
		return nil, nil // an empty document
	}
	return nil, fmt.Errorf("line %d: want a list of rules", n.Line)
}
