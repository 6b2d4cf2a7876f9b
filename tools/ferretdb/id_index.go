package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the same pure-Go SQLite driver FerretDB itself uses
)

// keepIDIndexes makes `{_id: value}` lookups indexed on the SQLite backend.
//
// FerretDB 1.24 pushes such a filter down as `_ferretdb_sjson->'$._id' = ?`, but creates the
// `_id_` index on the expression `_ferretdb_sjson->"_id"`: SQLite matches indexes to expressions
// by their text, so the index is never used and every lookup reads the whole table (measured:
// ~100 ms per lookup at 50,000 documents). This adds, for every collection table, a unique
// index on the exact expression the queries use. It runs at start and then every few seconds,
// for collections created since; FerretDB's own connections wait on SQLite's busy timeout.
func keepIDIndexes(ctx context.Context, dir string, logger *slog.Logger) {
	ticker := time.NewTicker(2 * time.Second)
	defer ticker.Stop()

	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		for _, file := range files {
			if err := indexDatabase(ctx, file); err != nil && ctx.Err() == nil {
				logger.Warn("ub: could not add _id indexes", "file", file, "error", err)
			}
		}

		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

func indexDatabase(ctx context.Context, file string) error {
	// mode=rw: never create a file FerretDB has just removed (a dropped database).
	db, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()

	rows, err := db.QueryContext(ctx, `SELECT table_name FROM "_ferretdb_collections"`)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") || strings.Contains(err.Error(), "unable to open") {
			return nil // a database FerretDB has not finished creating, or has just dropped
		}
		return err
	}

	var tables []string
	for rows.Next() {
		var table string
		if err := rows.Scan(&table); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, table)
	}
	rows.Close()

	// IF NOT EXISTS makes this a schema look-up for tables already done; a table dropped and
	// created again (same name) gets its index again.
	for _, table := range tables {
		q := fmt.Sprintf(`CREATE UNIQUE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, table+"_ub_id_lookup", table)
		if _, err := db.ExecContext(ctx, q); err != nil {
			if strings.Contains(err.Error(), "no such table") {
				continue // dropped in the meantime
			}
			return err
		}
	}
	return nil
}
