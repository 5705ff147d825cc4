package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"syscall"

	"github.com/mattn/go-sqlite3"
)

// readOnlyReason says why an existing database file must be opened
// read-only, or "" when it may be written. The owner's write bit counts even
// for a user (root) whom the system would let write anyway: a file or folder
// made read-only (chmod a-w) says "do not change this", and opening
// normally would write to it (WAL switch, migrations, -wal and -shm files).
func readOnlyReason(path string) string {
	st, err := os.Stat(path)
	if err != nil {
		return "" // missing: Open creates it
	}
	// On Windows the read-only attribute shows as a missing write bit.
	if st.Mode().Perm()&0o200 == 0 {
		return fmt.Sprintf("the file is not writable (mode %04o)", st.Mode().Perm())
	}
	dir := filepath.Dir(path)
	if dst, err := os.Stat(dir); err == nil && runtime.GOOS != "windows" && dst.Mode().Perm()&0o200 == 0 {
		return fmt.Sprintf("its folder %s is not writable (mode %04o)", dir, dst.Mode().Perm())
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		if errors.Is(err, os.ErrPermission) || errors.Is(err, syscall.EROFS) {
			return "the file is not writable (" + err.Error() + ")"
		}
		return "" // let the normal open report it
	}
	f.Close()
	return ""
}

// isReadOnlyErr reports a SQLite error that means the file or its folder
// cannot be written.
func isReadOnlyErr(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrReadonly || se.Code == sqlite3.ErrCantOpen || se.Code == sqlite3.ErrPerm)
}

// openReadOnly opens an existing database without writing anything to it,
// so a database on a read-only file, folder or file system can still be
// listed. It never migrates: a schema older than this build is refused
// with one sentence saying so.
func openReadOnly(abs, why string) (*DB, error) {
	// With no write-ahead log to replay, the file alone is the database and
	// nothing can write it: SQLite may treat it as immutable, which needs
	// no -shm file. Otherwise (a writer died before checkpointing) the log
	// must be read, which needs a -shm file, created where possible.
	var db *DB
	var err error
	if st, serr := os.Stat(abs + "-wal"); serr != nil || st.Size() == 0 {
		db, err = openReadOnlyPool(abs, "mode=ro&immutable=1")
	} else {
		db, err = openReadOnlyPool(abs, "mode=ro")
		if err != nil && isReadOnlyErr(err) {
			db, err = openReadOnlyPool(abs, "mode=ro&immutable=1")
		}
	}
	if err != nil {
		return nil, err
	}
	db.readOnly = why
	ctx := context.Background()
	have, err := recordedVersion(ctx, db.w)
	if err != nil {
		db.Close()
		return nil, db.openErr(err)
	}
	if known := KnownVersion(); have < known {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w: it needs upgrading from schema version %d to %d, which writes to it, but %s; make it writable and open it once, or use another --db",
			abs, ErrReadOnlyDatabase, have, known, why)
	}
	if err := db.checkVersion(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// openReadOnlyPool opens both pools on one read-only connection pool and
// checks the file can be read.
func openReadOnlyPool(abs, mode string) (*DB, error) {
	r, err := sql.Open("sqlite3", dsn(abs, mode+"&_query_only=on"))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", abs, err)
	}
	r.SetMaxOpenConns(readConns)
	db := &DB{path: abs, w: r, r: r}
	if err := db.checkReadable(context.Background()); err != nil {
		r.Close()
		return nil, err
	}
	return db, nil
}
