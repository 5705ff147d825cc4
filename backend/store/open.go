// Package store is Tandem's SQLite database: opening it safely, embedded
// append-only migrations, and one repository per table. Callers see plain
// structs and the sentinel errors in errors.go, never the driver.
package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"

	"github.com/mattn/go-sqlite3"
)

// BusyTimeout is how long a write waits for another process (the GUI and
// tandemctl share the file) to release its write lock before giving up.
const BusyTimeout = 10_000 // milliseconds

// readConns bounds concurrent readers. WAL lets readers run beside the one
// writer, so reads do not queue behind a slow write.
const readConns = 4

// DB is an open Tandem database. It keeps two pools on the same file: one
// connection for writes, so writes inside this process never compete for the
// lock (every transaction on it starts with BEGIN IMMEDIATE, so a write
// waits up to BusyTimeout for another process instead of failing on lock
// upgrade), and a few read-only connections.
type DB struct {
	path string
	w    *sql.DB
	r    *sql.DB
	// readOnly says why the file was opened read-only; "" when writable.
	// Then w is a read-only pool too and write refuses at once.
	readOnly string
}

// DefaultPath is the database file used when neither --db nor TANDEM_DB is given.
func DefaultPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find config dir: %w", err)
	}
	return filepath.Join(dir, "tandem", "tandem.db"), nil
}

// Open opens (creating if needed) the database at path and brings its schema
// up to date. A file that is not a SQLite database, is corrupt, or was written
// by a newer build is refused and left untouched.
func Open(path string) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("create database folder %s: %w", filepath.Dir(abs), err)
	}
	if err := checkHeader(abs); err != nil {
		return nil, err
	}
	if why := readOnlyReason(abs); why != "" {
		return openReadOnly(abs, why)
	}
	// Create a new file readable only by the user; SQLite gives the -wal and
	// -shm files the same mode.
	if f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		f.Close()
	} else if !errors.Is(err, os.ErrExist) {
		return nil, fmt.Errorf("create database %s: %w", abs, err)
	}

	// A read-only opener (this build's openReadOnly, or SQLite elsewhere)
	// may have left a -shm file without write permission, which would make
	// every write here fail; it holds only a rebuildable index.
	if st, err := os.Stat(abs + "-shm"); err == nil && st.Mode().Perm()&0o200 == 0 {
		// If this fails, the first write says why, with the file's name.
		_ = os.Chmod(abs+"-shm", 0o600)
	}

	w, err := sql.Open("sqlite3", dsn(abs, "_txlock=immediate&_synchronous=FULL"))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", abs, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	db := &DB{path: abs, w: w}

	ctx := context.Background()
	if err := db.checkReadable(ctx); err != nil {
		w.Close()
		return nil, err
	}
	if err := db.checkVersion(ctx); err != nil {
		w.Close()
		return nil, err
	}
	if _, err := w.ExecContext(ctx, "PRAGMA journal_mode=WAL"); err != nil {
		w.Close()
		// A folder or file system that refuses writes (which the mode
		// bits did not show, e.g. a read-only mount) still allows reading.
		if isReadOnlyErr(err) {
			return openReadOnly(abs, "the file system refuses writes to it")
		}
		return nil, fmt.Errorf("switch database %s to WAL: %w", abs, err)
	}
	if err := db.migrate(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("migrate database %s: %w", abs, err)
	}

	r, err := sql.Open("sqlite3", dsn(abs, "_query_only=on"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open database %s: %w", abs, err)
	}
	r.SetMaxOpenConns(readConns)
	db.r = r
	return db, nil
}

// dsn builds a SQLite URI for path with the options every connection needs.
func dsn(path, extra string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	return u.String() + fmt.Sprintf("?_busy_timeout=%d&_foreign_keys=on&", BusyTimeout) + extra
}

var sqliteHeader = []byte("SQLite format 3\x00")

// checkHeader refuses a file that exists but is clearly not SQLite, before
// the driver gets a chance to write anything to it.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	if st.IsDir() {
		return fmt.Errorf("open database %s: it is a folder, not a file", path)
	}
	head := make([]byte, len(sqliteHeader))
	n, err := io.ReadFull(f, head)
	if n == 0 && (err == io.EOF || err == nil) {
		return nil // an empty file is an empty database
	}
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("read database %s: %w", path, err)
	}
	if !bytes.Equal(head[:n], sqliteHeader) || n < len(sqliteHeader) {
		return corrupt(path, "the file does not start with a SQLite header")
	}
	return nil
}

// checkReadable runs SQLite's quick_check so a damaged file is reported at
// start-up, with its name, instead of failing later in some query.
func (db *DB) checkReadable(ctx context.Context) error {
	lines, err := queryAll(ctx, db.w, scanString, "PRAGMA quick_check")
	if err != nil {
		return db.openErr(err)
	}
	var problems []string
	for _, line := range lines {
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if len(problems) > 0 {
		return corrupt(db.path, fmt.Sprintf("quick_check found %d problem(s), first: %s", len(problems), problems[0]))
	}
	return nil
}

func (db *DB) openErr(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrNotADB || se.Code == sqlite3.ErrCorrupt) {
		return corrupt(db.path, se.Error())
	}
	return fmt.Errorf("open database %s: %w", db.path, err)
}

func corrupt(path, why string) error {
	return fmt.Errorf("open database %s: %w (%s); the file was left untouched: move it aside or pass another --db to start fresh", path, ErrCorrupt, why)
}

// Path is the absolute path of the database file.
func (db *DB) Path() string { return db.path }

// Close closes both pools.
func (db *DB) Close() error {
	var errs []error
	if db.r != nil && db.r != db.w {
		errs = append(errs, db.r.Close())
	}
	errs = append(errs, db.w.Close())
	return errors.Join(errs...)
}

// IntegrityCheck runs SQLite's full integrity_check and returns nil only when
// it reports "ok".
func (db *DB) IntegrityCheck(ctx context.Context) error {
	var res string
	if err := db.w.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("check database %s: %w", db.path, err)
	}
	if res != "ok" {
		return fmt.Errorf("check database %s: %s", db.path, res)
	}
	return nil
}

// ReadOnly reports whether the database was opened read-only (its file or
// folder is not writable); every write then fails with ErrReadOnlyDatabase.
func (db *DB) ReadOnly() bool { return db.readOnly != "" }

// write runs fn in one write transaction (BEGIN IMMEDIATE) and commits it;
// any error from fn rolls everything back.
func (db *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if db.readOnly != "" {
		return fmt.Errorf("%w: %s was opened read-only because %s; make it writable to change anything", ErrReadOnlyDatabase, db.path, db.readOnly)
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin write: %w", mapErr(err))
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback() // fn's error is the one to report; a failed rollback ends the transaction too
		return mapErr(err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", mapErr(err))
	}
	return nil
}

// read runs fn in one read transaction so multi-statement reads see one snapshot.
func (db *DB) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer func() { _ = tx.Rollback() }() // a read-only transaction has nothing to undo
	return fn(tx)
}
