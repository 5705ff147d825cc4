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
// back as a *ValidationError naming the file; semantic checks are Validate's
// (CheckFile does both at once).
func LoadFile(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("read route file: %w", err)
	}
	return Parse(path, data)
}

// CheckFile reads a route file and checks it like Check.
func CheckFile(path string, validate func(Config) error) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("read route file: %w", err)
	}
	return Check(path, data, validate)
}

// Check parses a route file like Parse and validates it with validate
// (Validate, or ValidateStandalone for a file that must run on its own).
// Every problem comes back at once in one *ValidationError naming the file:
// syntax, unknown keys and wrongly typed values (with lines), then the
// semantic problems of everything that could be decoded, so an unknown key
// does not hide a bad upstream elsewhere in the file. A value of the wrong
// type is reported once, not again as a semantic problem of its field.
func Check(name string, data []byte, validate func(Config) error) (Config, error) {
	d := decode(name, data)
	problems := d.problems
	if d.decoded {
		var ve *ValidationError
		if err := validate(d.cfg); errors.As(err, &ve) {
			for _, p := range ve.Problems {
				if !d.badFields[fieldRef{p.Route, p.Field}] && !d.badFields[fieldRef{p.Route, ""}] {
					p.File = name
					problems = append(problems, p)
				}
			}
		} else if err != nil {
			return Config{}, err
		}
	}
	if len(problems) > 0 {
		return Config{}, &ValidationError{Problems: problems}
	}
	return d.cfg, nil
}

// Parse decodes a route file. JSON is recognised by a leading "{" or a
// ".json" name, anything else is YAML. Decoding is strict: unknown keys and
// wrongly typed values are problems, all reported at once with line numbers
// (YAML) and the route they belong to. Semantic checks are Validate's; Check
// reports both kinds together.
func Parse(name string, data []byte) (Config, error) {
	d := decode(name, data)
	if len(d.problems) > 0 {
		return Config{}, &ValidationError{Problems: d.problems}
	}
	return d.cfg, nil
}

// ParseYAML decodes the YAML route-file format strictly.
func ParseYAML(name string, data []byte) (Config, error) {
	d := decodeYAML(name, data)
	if len(d.problems) > 0 {
		return Config{}, &ValidationError{Problems: d.problems}
	}
	return d.cfg, nil
}

// fieldRef names a field of the file: a top-level field (route "") or a
// field of one route; field "" stands for the whole route.
type fieldRef struct{ route, field string }

// decoded is a route file decoded as far as possible: cfg holds every value
// that could be read (unknown keys left out, wrongly typed values at zero),
// problems the decoding problems, badFields the fields whose values could
// not be read. decoded is false when nothing could be (a syntax error).
type decoded struct {
	cfg       Config
	problems  []Problem
	badFields map[fieldRef]bool
	decoded   bool
}

func decode(name string, data []byte) decoded {
	trimmed := bytes.TrimSpace(data)
	if strings.HasSuffix(strings.ToLower(name), ".json") || bytes.HasPrefix(trimmed, []byte("{")) {
		return decodeJSON(name, trimmed)
	}
	return decodeYAML(name, data)
}

func decodeYAML(name string, data []byte) decoded {
	var d decoded
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		d.problems = yamlProblems(name, err)
		return d
	}
	if len(doc.Content) == 0 {
		d.problems = []Problem{{File: name, Message: "the file is empty"}}
		return d
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		d.problems = []Problem{{File: name, Line: root.Line, Message: "the file must be a mapping with version, routes, ..."}}
		return d
	}
	d.decoded = true
	d.problems = unknownYAMLKeys(name, root)
	// Node.Decode is not strict: unknown keys are skipped and a wrongly typed
	// value is left at zero while the rest is still decoded.
	if err := root.Decode(&d.cfg); err != nil {
		fields := yamlFieldsByLine(root)
		for _, p := range yamlProblems(name, err) {
			if ref, ok := fields[p.Line]; ok && p.Line > 0 {
				p.Route, p.Field = ref.route, ref.field
				if d.badFields == nil {
					d.badFields = map[fieldRef]bool{}
				}
				d.badFields[ref] = true
			}
			d.problems = append(d.problems, p)
		}
	}
	return d
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
			label := yamlRouteLabel(idx, item)
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

// yamlRouteLabel names a route of the file the way Validate does (see
// RouteLabel): its name, or its position when it has none.
func yamlRouteLabel(idx int, item *yaml.Node) string {
	for j := 0; j+1 < len(item.Content); j += 2 {
		if k, v := item.Content[j], item.Content[j+1]; k.Value == "name" && v.Kind == yaml.ScalarNode && strings.TrimSpace(v.Value) != "" {
			return v.Value
		}
	}
	return "#" + strconv.Itoa(idx+1)
}

// yamlFieldsByLine maps each line of the file to the field it belongs to,
// so a decoding error that only knows its line can name its route and field.
func yamlFieldsByLine(root *yaml.Node) map[int]fieldRef {
	at := map[int]fieldRef{}
	var mark func(n *yaml.Node, ref fieldRef)
	mark = func(n *yaml.Node, ref fieldRef) {
		if _, seen := at[n.Line]; !seen {
			at[n.Line] = ref
		}
		for _, c := range n.Content {
			mark(c, ref)
		}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value != "routes" || v.Kind != yaml.SequenceNode {
			mark(k, fieldRef{field: k.Value})
			mark(v, fieldRef{field: k.Value})
			continue
		}
		at[k.Line] = fieldRef{field: k.Value}
		for idx, item := range v.Content {
			label := yamlRouteLabel(idx, item)
			if item.Kind != yaml.MappingNode {
				mark(item, fieldRef{route: label}) // the route as a whole
				continue
			}
			for j := 0; j+1 < len(item.Content); j += 2 {
				ref := fieldRef{route: label, field: item.Content[j].Value}
				mark(item.Content[j], ref)
				mark(item.Content[j+1], ref)
			}
		}
	}
	return at
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

func decodeJSON(file string, data []byte) decoded {
	var d decoded
	var generic map[string]any
	if err := json.Unmarshal(data, &generic); err != nil {
		d.problems = []Problem{{File: file, Message: jsonMessage(data, err)}}
		return d
	}
	d.decoded = true
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
			if n, ok := obj["name"].(string); ok && strings.TrimSpace(n) != "" {
				label = n
			}
			for _, k := range sortedAnyKeys(obj) {
				if !rKeys[k] {
					problems = append(problems, Problem{File: file, Route: label, Field: k, Message: "unknown key"})
				}
			}
		}
	}
	// encoding/json skips unknown keys and goes on decoding after a wrongly
	// typed value, reporting the first one.
	if err := json.Unmarshal(data, &d.cfg); err != nil {
		problems = append(problems, Problem{File: file, Message: jsonMessage(data, err)})
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			// A top-level field's semantic problems would only repeat this
			// one. (For a route field the error does not say which route.)
			if name, ok := yamlNameOfJSON[te.Field]; ok {
				d.badFields = map[fieldRef]bool{{field: name}: true}
			}
		}
	}
	d.problems = problems
	return d
}

// yamlNameOfJSON maps the JSON names of the top-level fields to the YAML
// names problems use.
var yamlNameOfJSON = func() map[string]string {
	m := map[string]string{}
	for f := range reflect.TypeFor[Config]().Fields() {
		j, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		y, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		m[j] = y
	}
	return m
}()

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
