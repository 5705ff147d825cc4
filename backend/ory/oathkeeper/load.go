package oathkeeper

import (
	"fmt"
	"os"
)

// loadFile reads the file at path and parses it. A parse error names the
// file, since the import reads two (the rules and oathkeeper.yml).
func loadFile[T any](path, what string, parse func([]byte) (T, error)) (T, error) {
	var zero T
	data, err := os.ReadFile(path)
	if err != nil {
		return zero, fmt.Errorf("read %s: %w", what, err)
	}
	v, err := parse(data)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}
