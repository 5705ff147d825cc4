package routes

import (
	"bytes"
	"fmt"

	"go.yaml.in/yaml/v3"
)

// Marshal renders a config in the route-file YAML format. Parsing the output
// yields the same config, and marshalling that again yields the same bytes.
func Marshal(cfg Config) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("# Tandem route file: https://github.com/tandemhq/tandem/blob/main/docs/proxy.md\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(cfg); err != nil {
		return nil, fmt.Errorf("encode route file: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode route file: %w", err)
	}
	return buf.Bytes(), nil
}
