package store

import (
	"context"
	"database/sql"
	"fmt"
)

// rowsQuerier runs a query of many rows: the read pool, the write
// connection, or a transaction.
type rowsQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryAll runs query and returns every row as scan reads it, in order.
// Errors come back bare: the caller says what it was listing.
func queryAll[T any](ctx context.Context, q rowsQuerier, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// queryOne reads the one row query selects as scan reads it. No row is
// ErrNotFound, and any error names the row as what and key (see notFound).
func queryOne[T any](ctx context.Context, q queryer, what string, key any, scan func(scanner) (T, error), query string, args ...any) (T, error) {
	v, err := scan(q.QueryRowContext(ctx, query, args...))
	if err != nil {
		return v, notFound(what, key, err)
	}
	return v, nil
}

// listAs is queryAll whose error says what was being listed.
func listAs[T any](ctx context.Context, q rowsQuerier, what string, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	out, err := queryAll(ctx, q, scan, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// scanString reads a one-column row of text.
func scanString(s scanner) (string, error) {
	var v string
	err := s.Scan(&v)
	return v, err
}

// writeAs is write whose error says what the transaction did.
func (db *DB) writeAs(ctx context.Context, what string, fn func(tx *sql.Tx) error) error {
	if err := db.write(ctx, fn); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// writeValue is writeAs for a transaction that returns a value: the value fn
// returned once the transaction committed, the zero value with an error.
func writeValue[T any](ctx context.Context, db *DB, what string, fn func(tx *sql.Tx) (T, error)) (T, error) {
	var out T
	err := db.writeAs(ctx, what, func(tx *sql.Tx) error {
		var err error
		out, err = fn(tx)
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return out, nil
}

// changeRow is the read-modify step of every UpdateX, inside its
// transaction: the row id as byID reads it, and what fn makes of it.
func changeRow[T any](ctx context.Context, tx *sql.Tx, id int64, byID func(context.Context, queryer, int64) (T, error), fn func(old T) (T, error)) (old, changed T, err error) {
	if old, err = byID(ctx, tx, id); err != nil {
		return old, changed, err
	}
	changed, err = fn(old)
	return old, changed, err
}

// exec runs one statement in a write transaction of its own; what says
// what it does, for the error.
func (db *DB) exec(ctx context.Context, what, query string, args ...any) error {
	return db.writeAs(ctx, what, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, query, args...)
		return err
	})
}
