package store

import (
	"errors"
	"fmt"

	"github.com/mattn/go-sqlite3"
)

var (
	// ErrNotFound is returned when the requested row does not exist.
	ErrNotFound = errors.New("not found")
	// ErrAlreadyExists is returned when a write would break a unique constraint
	// (a profile name, a tester case name within a profile).
	ErrAlreadyExists = errors.New("already exists")
	// ErrNewerSchema is returned by Open for a database written by a newer
	// build; such a database is left exactly as it was.
	ErrNewerSchema = errors.New("database schema is newer than this build")
	// ErrCorrupt is returned by Open for a file that is not a readable SQLite
	// database; the file is left exactly as it was.
	ErrCorrupt = errors.New("not a readable SQLite database")
	// ErrReadOnlyDatabase is returned by every write to a database opened
	// read-only because its file or folder is not writable.
	ErrReadOnlyDatabase = errors.New("the database is read-only")
)

// mapErr turns SQLite constraint errors into the package's sentinels so no
// caller needs to know about the driver.
func mapErr(err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.ExtendedCode {
	case sqlite3.ErrConstraintUnique, sqlite3.ErrConstraintPrimaryKey:
		return fmt.Errorf("%w (%v)", ErrAlreadyExists, err)
	case sqlite3.ErrConstraintForeignKey:
		return fmt.Errorf("%w (%v)", ErrNotFound, err)
	}
	return err
}
