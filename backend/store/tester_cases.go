package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// TesterCase is a saved route tester request. Case is a JSON document whose
// shape belongs to backend/tester.
type TesterCase struct {
	ID        int64
	ProfileID int64
	RouteName string
	Name      string
	Case      []byte
	CreatedAt time.Time
	UpdatedAt time.Time
}

const testerCaseColumns = "id, profile_id, route_name, name, case_json, created_at, updated_at"

func scanTesterCase(s scanner) (TesterCase, error) {
	var c TesterCase
	var body, created, updated string
	if err := s.Scan(&c.ID, &c.ProfileID, &c.RouteName, &c.Name, &body, &created, &updated); err != nil {
		return c, err
	}
	c.Case, c.CreatedAt, c.UpdatedAt = []byte(body), parseTime(created), parseTime(updated)
	return c, nil
}

// testerCaseByID reads the case with id through q (the read pool or a
// transaction), or ErrNotFound.
func testerCaseByID(ctx context.Context, q queryer, id int64) (TesterCase, error) {
	return queryOne(ctx, q, "tester case", id, scanTesterCase, "SELECT "+testerCaseColumns+" FROM tester_cases WHERE id = ?", id)
}

// ListTesterCases returns the saved cases of one profile ordered by name.
func (db *DB) ListTesterCases(ctx context.Context, profileID int64) ([]TesterCase, error) {
	return listAs(ctx, db.r, "list tester cases", scanTesterCase,
		"SELECT "+testerCaseColumns+" FROM tester_cases WHERE profile_id = ? ORDER BY name", profileID)
}

// GetTesterCase returns one saved case, or ErrNotFound.
func (db *DB) GetTesterCase(ctx context.Context, id int64) (TesterCase, error) {
	return testerCaseByID(ctx, db.r, id)
}

// CreateTesterCase stores a case; a duplicate name within the profile gives
// ErrAlreadyExists and an unknown profile ErrNotFound.
func (db *DB) CreateTesterCase(ctx context.Context, c TesterCase) (TesterCase, error) {
	err := db.write(ctx, func(tx *sql.Tx) error {
		t := now()
		c.CreatedAt, c.UpdatedAt = t, t
		res, err := tx.ExecContext(ctx, "INSERT INTO tester_cases (profile_id, route_name, name, case_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
			c.ProfileID, c.RouteName, c.Name, string(c.Case), formatTime(t), formatTime(t))
		if err != nil {
			return err
		}
		c.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return TesterCase{}, fmt.Errorf("create tester case %q: %w", c.Name, err)
	}
	return c, nil
}

// UpdateTesterCase changes a case through fn in one transaction. The ID,
// profile and creation time stay as they were.
func (db *DB) UpdateTesterCase(ctx context.Context, id int64, fn func(old TesterCase) (TesterCase, error)) (TesterCase, error) {
	return writeValue(ctx, db, fmt.Sprintf("update tester case %d", id), func(tx *sql.Tx) (TesterCase, error) {
		old, c, err := changeRow(ctx, tx, id, testerCaseByID, fn)
		if err != nil {
			return TesterCase{}, err
		}
		c.ID, c.ProfileID, c.CreatedAt, c.UpdatedAt = old.ID, old.ProfileID, old.CreatedAt, now()
		_, err = tx.ExecContext(ctx, "UPDATE tester_cases SET route_name = ?, name = ?, case_json = ?, updated_at = ? WHERE id = ?",
			c.RouteName, c.Name, string(c.Case), formatTime(c.UpdatedAt), id)
		return c, err
	})
}

// DeleteTesterCase removes a case, or returns ErrNotFound.
func (db *DB) DeleteTesterCase(ctx context.Context, id int64) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM tester_cases WHERE id = ?", id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("tester case %d: %w", id, ErrNotFound)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete tester case %d: %w", id, err)
	}
	return nil
}
