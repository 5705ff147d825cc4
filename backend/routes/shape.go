package routes

import (
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// This file reads a parsed route file — YAML, or JSON turned into the same
// yaml.Node tree — into a Config, so both formats obey one set of rules:
// every unknown key, duplicate key and wrongly typed value is its own problem,
// with its line, route and field, and nothing is silently taken from a second
// copy of a key (a later "auth": "public" must not quietly open a route).

// fieldInfo is one field of Config or Route as a file spells it.
type fieldInfo struct {
	name string // the YAML key: the name problems, Validate and the app use
	typ  reflect.Type
}

// fieldsOf maps each key of struct t, as spelled under tag, to its field.
func fieldsOf(t reflect.Type, tag string) map[string]fieldInfo {
	out := map[string]fieldInfo{}
	for f := range t.Fields() {
		key, _, _ := strings.Cut(f.Tag.Get(tag), ",")
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		out[key] = fieldInfo{name: name, typ: f.Type}
	}
	return out
}

// fieldsFor maps each key of struct t, as the format spells it (YAML
// snake_case, or JSON camelCase when isJSON), to its field. Any struct type
// of the file — Config, Route and the mappings nested in them — is read by
// the same rules.
func fieldsFor(t reflect.Type, isJSON bool) map[string]fieldInfo {
	if isJSON {
		return fieldsOf(t, "json")
	}
	return fieldsOf(t, "yaml")
}

// shapeChecker walks a parsed file against the Config type.
type shapeChecker struct {
	file     string
	json     bool
	problems []Problem
	bad      map[fieldRef]bool
}

// decodeTree checks root (a mapping) and decodes what can be read of it.
func decodeTree(file string, root *yaml.Node, isJSON bool) decoded {
	c := &shapeChecker{file: file, json: isJSON}
	clean := c.object(root, reflect.TypeFor[Config](), "", "")
	d := decoded{problems: c.problems, badFields: c.bad, decoded: true}
	// The cleaned tree holds only values that fit their fields, under their
	// YAML names, so this decodes without error; should it not, the problem
	// is still reported rather than lost.
	if err := clean.Decode(&d.cfg); err != nil {
		d.problems = append(d.problems, yamlProblems(file, err)...)
	}
	return d
}

func (c *shapeChecker) add(line int, route, field string, f finding) {
	p := newProblem(route, field, f)
	p.File, p.Line = c.file, line
	c.problems = append(c.problems, p)
}

// markBad records a field whose value is not used, so that Check does not
// report it a second time as the zero value it was left at.
func (c *shapeChecker) markBad(route, field string) {
	if c.bad == nil {
		c.bad = map[fieldRef]bool{}
	}
	c.bad[fieldRef{route, field}] = true
}

// object checks mapping n against struct t and returns a mapping holding
// only the keys that can be decoded, under their YAML names. prefix names
// the mapping's own field for problems inside a nested one ("rate.").
func (c *shapeChecker) object(n *yaml.Node, t reflect.Type, route, prefix string) *yaml.Node {
	fields := fieldsFor(t, c.json)
	type entry struct{ key, val *yaml.Node }
	kept := map[string]entry{}
	var order []string
	firstLine := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), n.Content[i+1]
		f, known := fields[k.Value]
		if k.Kind != yaml.ScalarNode || !known {
			c.add(k.Line, route, prefix+k.Value, says(CodeUnknownKey, "unknown key"))
			continue
		}
		if line, dup := firstLine[k.Value]; dup {
			c.add(k.Line, route, prefix+f.name, says(CodeKeyRepeated, "is given more than once (first at line %d); a key may appear only once", line))
			c.markBad(route, prefix+f.name)
			delete(kept, f.name)
			continue
		}
		firstLine[k.Value] = k.Line
		val, ok := c.value(v, f.typ, route, prefix+f.name)
		if !ok {
			c.markBad(route, prefix+f.name)
			continue
		}
		kept[f.name] = entry{&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: f.name, Line: k.Line}, val}
		order = append(order, f.name)
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: n.Line}
	for _, name := range order {
		if e, ok := kept[name]; ok {
			out.Content = append(out.Content, e.key, e.val)
		}
	}
	return out
}

// value checks n against type t (a field of route's field) and returns the
// node to decode, or false after reporting why it cannot be.
func (c *shapeChecker) value(n *yaml.Node, t reflect.Type, route, field string) (*yaml.Node, bool) {
	n = deref(n)
	if isNull(n) {
		return n, true // both formats read null as the field's zero value
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			c.add(n.Line, route, field, says(CodeWrongType, "must be %s, got %s", c.want(t), c.got(n, t)))
			return nil, false
		}
		return c.object(n, t, route, field+"."), true
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			c.add(n.Line, route, field, says(CodeWrongType, "must be %s, got %s", c.want(t), c.got(n, t)))
			return nil, false
		}
		if t.Elem().Kind() == reflect.Struct {
			return c.routeList(n, t.Elem()), true
		}
		for i, item := range n.Content {
			if item = deref(item); !c.scalarFits(item, t.Elem()) {
				c.add(item.Line, route, field, says(CodeWrongType, "must be %s, got %s in entry %d", c.want(t), c.got(item, t.Elem()), i+1))
				return nil, false
			}
		}
		return n, true
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			c.add(n.Line, route, field, says(CodeWrongType, "must be %s, got %s", c.want(t), c.got(n, t)))
			return nil, false
		}
		ok := true
		firstLine := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := deref(n.Content[i]), deref(n.Content[i+1])
			if line, dup := firstLine[k.Value]; dup {
				c.add(k.Line, route, field, about(CodeKeyRepeated, k.Value, "is given more than once (first at line %d); a key may appear only once", line))
				ok = false
				continue
			}
			firstLine[k.Value] = k.Line
			if !c.scalarFits(k, t.Key()) {
				c.add(k.Line, route, field, about(CodeWrongType, k.Value, "must be %s, got %s", c.want(t.Key()), c.got(k, t.Key())))
				ok = false
			}
			if !c.scalarFits(v, t.Elem()) {
				c.add(v.Line, route, field, about(CodeWrongType, k.Value, "must map to %s, got %s", c.want(t.Elem()), c.got(v, t.Elem())))
				ok = false
			}
		}
		return n, ok
	default:
		if !c.scalarFits(n, t) {
			c.add(n.Line, route, field, says(CodeWrongType, "must be %s, got %s", c.want(t), c.got(n, t)))
			return nil, false
		}
		return n, true
	}
}

// routeList checks each route of the routes list. A route that is not a
// mapping stays in the list as an empty one, so that the routes after it
// keep their positions (and their "#N" names).
func (c *shapeChecker) routeList(n *yaml.Node, t reflect.Type) *yaml.Node {
	out := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: n.Line}
	for i, item := range n.Content {
		item = deref(item)
		label := c.routeLabel(i, item)
		if item.Kind != yaml.MappingNode {
			c.add(item.Line, label, "", says(CodeWrongType, "must be %s, got %s", c.want(t), c.got(item, t)))
			c.markBad(label, "")
			out.Content = append(out.Content, &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: item.Line})
			continue
		}
		out.Content = append(out.Content, c.object(item, t, label, ""))
	}
	return out
}

// routeLabel names a route the way Validate will (see RouteLabel): by its
// name when it has exactly one that decodes, or by its position.
func (c *shapeChecker) routeLabel(idx int, item *yaml.Node) string {
	var name *yaml.Node
	count := 0
	if item.Kind == yaml.MappingNode {
		for j := 0; j+1 < len(item.Content); j += 2 {
			if deref(item.Content[j]).Value == "name" { // "name" in both formats
				name, count = deref(item.Content[j+1]), count+1
			}
		}
	}
	if count == 1 && !isNull(name) && c.scalarFits(name, reflect.TypeFor[string]()) && strings.TrimSpace(name.Value) != "" {
		return name.Value
	}
	return "#" + strconv.Itoa(idx+1)
}

// jsonTags are the JSON types a scalar field accepts. JSON says what each
// value is, so a number is never read as a string nor "true" as a boolean.
var jsonTags = map[reflect.Kind]string{reflect.String: "!!str", reflect.Bool: "!!bool", reflect.Int: "!!int"}

// scalarFits reports whether scalar n decodes into type t. YAML reads any
// scalar as a string (name: 5 is the name "5"), as YAML users expect.
func (c *shapeChecker) scalarFits(n *yaml.Node, t reflect.Type) bool {
	if n.Kind != yaml.ScalarNode {
		return false
	}
	if c.json && n.ShortTag() != jsonTags[t.Kind()] {
		return false
	}
	return n.Decode(reflect.New(t).Interface()) == nil
}

// want describes type t for "must be ..." messages.
func (c *shapeChecker) want(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int:
		return "a whole number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct {
			return "a list of routes"
		}
		return "a list of " + strings.TrimPrefix(c.want(t.Elem()), "a ") + "s"
	}
	if c.json {
		return "an object"
	}
	return "a mapping"
}

// got describes what n is for "..., got ..." messages; a number where a
// whole number is wanted is quoted, as "a number" would not say what is wrong.
func (c *shapeChecker) got(n *yaml.Node, want reflect.Type) string {
	switch n.Kind {
	case yaml.MappingNode:
		if c.json {
			return "an object"
		}
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	switch tag := n.ShortTag(); tag {
	case "!!str":
		return "a string"
	case "!!int", "!!float":
		if want.Kind() == reflect.Int {
			return n.Value
		}
		return "a number"
	case "!!bool":
		return "a boolean"
	case "!!null":
		return "null"
	default:
		return "a " + strings.TrimPrefix(tag, "!!") // a timestamp, a binary
	}
}

// deref follows a YAML alias to the node it names.
func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}
