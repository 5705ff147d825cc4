package routes

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

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
// syntax, unknown and repeated keys and wrongly typed values (with lines), then the
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
// ".json" name, anything else is YAML. Decoding is strict and the same for
// both: unknown keys, repeated keys and wrongly typed values are problems,
// all reported at once with line numbers and the route they belong to.
// Semantic checks are Validate's; Check reports both kinds together.
func Parse(name string, data []byte) (Config, error) {
	d := decode(name, data)
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
	if strings.HasSuffix(strings.ToLower(name), ".json") || bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
		return decodeJSON(name, data)
	}
	return decodeYAML(name, data)
}

func decodeYAML(name string, data []byte) decoded {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return decoded{problems: yamlProblems(name, err)}
	}
	if len(doc.Content) == 0 {
		return decoded{problems: []Problem{{File: name, Code: CodeFileEmpty, Message: "the file is empty"}}}
	}
	root := deref(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		return decoded{problems: []Problem{{File: name, Line: root.Line, Code: CodeNotMapping, Message: "the file must be a mapping with version, routes, ..."}}}
	}
	return decodeTree(name, root, false)
}

// decodeJSON reads a JSON route file through the same checks as YAML: JSON
// is stricter only in that a value's type is what is written (5 is not a
// string).
func decodeJSON(name string, data []byte) decoded {
	root, err := parseJSONTree(data)
	if se := (*jsonSyntaxError)(nil); errors.As(err, &se) {
		return decoded{problems: []Problem{{File: name, Line: se.line, Code: CodeSyntax, Message: se.msg}}}
	} else if err != nil {
		return decoded{problems: []Problem{{File: name, Code: CodeSyntax, Message: err.Error()}}}
	}
	if root.Kind != yaml.MappingNode {
		return decoded{problems: []Problem{{File: name, Line: root.Line, Code: CodeNotMapping, Message: "the file must be an object with version, routes, ..."}}}
	}
	return decodeTree(name, root, true)
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

func yamlProblems(file string, err error) []Problem {
	msgs, code := []string{err.Error()}, CodeSyntax
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs, code = te.Errors, CodeDecode
	}
	problems := make([]Problem, 0, len(msgs))
	for _, m := range msgs {
		p := Problem{File: file, Code: code, Message: strings.TrimPrefix(m, "yaml: ")}
		if sub := yamlLine.FindStringSubmatch(m); sub != nil {
			p.Line, _ = strconv.Atoi(sub[1])
			p.Message = sub[2]
		}
		problems = append(problems, p)
	}
	return problems
}
