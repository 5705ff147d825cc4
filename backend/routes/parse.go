package routes

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// LoadFile reads and parses a route file (YAML or JSON). Syntax problems come
// back as a *ValidationError naming the file; semantic checks are Validate's.
func LoadFile(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("read route file: %w", err)
	}
	return Parse(path, data)
}

// Parse decodes a route file. JSON is recognised by a leading "{" or a
// ".json" name, anything else is YAML. Decoding is strict: unknown keys and
// wrongly typed values are problems, all reported at once with line numbers
// (YAML) and the route they belong to.
func Parse(name string, data []byte) (Config, error) {
	trimmed := bytes.TrimSpace(data)
	if strings.HasSuffix(strings.ToLower(name), ".json") || bytes.HasPrefix(trimmed, []byte("{")) {
		return parseJSON(name, trimmed)
	}
	return ParseYAML(name, data)
}

// ParseYAML decodes the YAML route-file format strictly.
func ParseYAML(name string, data []byte) (Config, error) {
	var cfg Config
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return cfg, &ValidationError{Problems: yamlProblems(name, err)}
	}
	if len(doc.Content) == 0 {
		return cfg, &ValidationError{Problems: []Problem{{File: name, Message: "the file is empty"}}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return cfg, &ValidationError{Problems: []Problem{{File: name, Line: root.Line, Message: "the file must be a mapping with version, routes, ..."}}}
	}
	problems := unknownYAMLKeys(name, root)
	if err := root.Decode(&cfg); err != nil {
		problems = append(problems, yamlProblems(name, err)...)
	}
	if len(problems) > 0 {
		return Config{}, &ValidationError{Problems: problems}
	}
	return cfg, nil
}

var (
	configKeys = yamlKeys(reflect.TypeFor[Config]())
	routeKeys  = yamlKeys(reflect.TypeFor[Route]())
)

func yamlKeys(t reflect.Type) map[string]bool {
	keys := map[string]bool{}
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		keys[name] = true
	}
	return keys
}

func jsonKeys(t reflect.Type) map[string]bool {
	keys := map[string]bool{}
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		keys[name] = true
	}
	return keys
}

// unknownYAMLKeys lists every key the format does not define, naming the
// route it sits in.
func unknownYAMLKeys(file string, root *yaml.Node) []Problem {
	var problems []Problem
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if !configKeys[k.Value] {
			problems = append(problems, Problem{File: file, Line: k.Line, Field: k.Value, Message: "unknown key"})
			continue
		}
		if k.Value != "routes" || v.Kind != yaml.SequenceNode {
			continue
		}
		for idx, item := range v.Content {
			if item.Kind != yaml.MappingNode {
				continue
			}
			label := "#" + strconv.Itoa(idx+1)
			for j := 0; j+1 < len(item.Content); j += 2 {
				if item.Content[j].Value == "name" && item.Content[j+1].Value != "" {
					label = item.Content[j+1].Value
				}
			}
			for j := 0; j+1 < len(item.Content); j += 2 {
				rk := item.Content[j]
				if !routeKeys[rk.Value] {
					problems = append(problems, Problem{File: file, Line: rk.Line, Route: label, Field: rk.Value, Message: "unknown key"})
				}
			}
		}
	}
	return problems
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

func yamlProblems(file string, err error) []Problem {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	problems := make([]Problem, 0, len(msgs))
	for _, m := range msgs {
		p := Problem{File: file, Message: strings.TrimPrefix(m, "yaml: ")}
		if sub := yamlLine.FindStringSubmatch(m); sub != nil {
			p.Line, _ = strconv.Atoi(sub[1])
			p.Message = sub[2]
		}
		problems = append(problems, p)
	}
	return problems
}

func parseJSON(file string, data []byte) (Config, error) {
	var cfg Config
	var generic map[string]any
	if err := json.Unmarshal(data, &generic); err != nil {
		return cfg, &ValidationError{Problems: []Problem{{File: file, Message: jsonMessage(data, err)}}}
	}
	var problems []Problem
	topKeys, rKeys := jsonKeys(reflect.TypeFor[Config]()), jsonKeys(reflect.TypeFor[Route]())
	for _, k := range sortedAnyKeys(generic) {
		if !topKeys[k] {
			problems = append(problems, Problem{File: file, Field: k, Message: "unknown key"})
		}
	}
	if list, ok := generic["routes"].([]any); ok {
		for idx, item := range list {
			obj, ok := item.(map[string]any)
			if !ok {
				continue
			}
			label := "#" + strconv.Itoa(idx+1)
			if n, ok := obj["name"].(string); ok && n != "" {
				label = n
			}
			for _, k := range sortedAnyKeys(obj) {
				if !rKeys[k] {
					problems = append(problems, Problem{File: file, Route: label, Field: k, Message: "unknown key"})
				}
			}
		}
	}
	if err := json.Unmarshal(data, &cfg); err != nil {
		problems = append(problems, Problem{File: file, Message: jsonMessage(data, err)})
	}
	if len(problems) > 0 {
		return Config{}, &ValidationError{Problems: problems}
	}
	return cfg, nil
}

func jsonMessage(data []byte, err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("line %d: %v", 1+bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n")), err)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("%s: cannot use a JSON %s here", te.Field, te.Value)
	}
	return err.Error()
}

func sortedAnyKeys(m map[string]any) []string {
	keys := make(map[string]string, len(m))
	for k := range m {
		keys[k] = ""
	}
	return sortedKeys(keys)
}
