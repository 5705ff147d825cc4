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

// exec runs one statement in a write transaction of its own; what says
// what it does, for the error.
func (db *DB) exec(ctx context.Context, what, query string, args ...any) error {
	return db.writeAs(ctx, what, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, query, args...)
		return err
	})
}
