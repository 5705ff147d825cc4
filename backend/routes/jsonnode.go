package routes

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxJSONDepth bounds nesting: a route file nests four levels deep, and a
// file nested thousands deep is not one.
const maxJSONDepth = 32

// jsonSyntaxError is a JSON file that is not valid JSON, at a line.
type jsonSyntaxError struct {
	line int
	msg  string
}

func (e *jsonSyntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// parseJSONTree reads a JSON document into the yaml.Node tree the YAML reader
// builds, with lines, so that both formats are checked by the same code.
// encoding/json decides what is valid JSON; unlike json.Unmarshal, every
// copy of a repeated key stays in the tree, to be reported.
func parseJSONTree(data []byte) (*yaml.Node, error) {
	r := &jsonReader{dec: json.NewDecoder(bytes.NewReader(data)), data: data, line: 1}
	r.dec.UseNumber()
	tok, err := r.dec.Token()
	if err != nil {
		return nil, r.syntaxError(err)
	}
	root, err := r.value(tok, 0)
	if err != nil {
		return nil, err
	}
	if _, err := r.dec.Token(); err != io.EOF {
		return nil, &jsonSyntaxError{line: r.lineAt(r.dec.InputOffset()), msg: "more data after the top-level value"}
	}
	return root, nil
}

type jsonReader struct {
	dec  *json.Decoder
	data []byte
	// off and line cache the last position asked for: offsets only grow, so
	// counting newlines from there keeps reading linear.
	off  int64
	line int
}

// lineAt is the line of byte offset off.
func (r *jsonReader) lineAt(off int64) int {
	off = min(off, int64(len(r.data)))
	if off < r.off {
		r.off, r.line = 0, 1
	}
	r.line += bytes.Count(r.data[r.off:off], []byte("\n"))
	r.off = off
	return r.line
}

// tokenLine is the line of the token just read: the decoder stands at its
// end, and no JSON token spans lines.
func (r *jsonReader) tokenLine() int { return r.lineAt(r.dec.InputOffset()) }

func (r *jsonReader) value(tok json.Token, depth int) (*yaml.Node, error) {
	line := r.tokenLine()
	if depth > maxJSONDepth {
		return nil, &jsonSyntaxError{line: line, msg: fmt.Sprintf("nested more than %d levels deep", maxJSONDepth)}
	}
	switch t := tok.(type) {
	case json.Delim:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Line: line}
		if t == '{' {
			n.Kind, n.Tag = yaml.MappingNode, "!!map"
		}
		for r.dec.More() {
			tok, err := r.dec.Token()
			if err != nil {
				return nil, r.syntaxError(err)
			}
			if n.Kind == yaml.MappingNode {
				// The decoder only returns a string where a key belongs.
				n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.DoubleQuotedStyle, Value: tok.(string), Line: r.tokenLine()})
				if tok, err = r.dec.Token(); err != nil {
					return nil, r.syntaxError(err)
				}
			}
			child, err := r.value(tok, depth+1)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, child)
		}
		if _, err := r.dec.Token(); err != nil { // the closing delimiter
			return nil, r.syntaxError(err)
		}
		return n, nil
	case string:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.DoubleQuotedStyle, Value: t, Line: line}, nil
	case json.Number:
		tag := "!!int"
		if strings.ContainsAny(string(t), ".eE") {
			tag = "!!float"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: string(t), Line: line}, nil
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(t), Line: line}, nil
	default: // nil
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null", Line: line}, nil
	}
}

// syntaxError places a decoder error at its line.
func (r *jsonReader) syntaxError(err error) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return &jsonSyntaxError{line: r.lineAt(se.Offset), msg: se.Error()}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &jsonSyntaxError{line: r.lineAt(int64(len(r.data))), msg: "unexpected end of JSON input"}
	}
	return &jsonSyntaxError{line: r.tokenLine(), msg: err.Error()}
}
