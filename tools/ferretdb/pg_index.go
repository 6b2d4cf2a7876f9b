package main

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5" // the PostgreSQL driver FerretDB itself uses
)

// keepPostgresIndexes makes the filters FerretDB pushes down to PostgreSQL indexed lookups.
//
// FerretDB 1.24 turns `{field: scalar}` into `_jsonb->'field' @> '<json value>'` (`_jsonb#>'{a,b}'`
// for a dotted path), `_id` included. Its own indexes are btrees on `(_jsonb->'field')`, which the
// `@>` operator cannot use, so every such lookup is a sequential scan (measured: 38.6 ms per `_id`
// lookup at 100,000 documents). A GIN index on the same expression serves `@>`: this adds one, for
// every collection table, on `_id` and on each field of the indexes the application declared
// (which are the fields it filters on). It runs at start and then every few seconds, for
// collections and indexes created since; FerretDB's metadata is left alone and never lists them.
func keepPostgresIndexes(ctx context.Context, url string, logger *slog.Logger) {
	ticker := time.NewTicker(2 * time.Second)
	defer ticker.Stop()

	var conn *pgx.Conn
	defer func() {
		if conn != nil {
			conn.Close(context.Background())
		}
	}()
	for {
		if conn == nil {
			conn, _ = pgx.Connect(ctx, url) // FerretDB reports an unreachable PostgreSQL itself
		}
		if conn != nil {
			if err := addPostgresIndexes(ctx, conn, logger); err != nil && ctx.Err() == nil {
				logger.Warn("ub: could not add lookup indexes", "error", err)
				conn.Close(ctx)
				conn = nil
			}
		}

		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// pgLookupIndex is one GIN index this program keeps: its name and the expression it covers.
type pgLookupIndex struct {
	schema, table, name, expression string
}

func addPostgresIndexes(ctx context.Context, conn *pgx.Conn, logger *slog.Logger) error {
	wanted, err := wantedPostgresIndexes(ctx, conn)
	if err != nil {
		return err
	}
	// Look the names up first: CREATE INDEX IF NOT EXISTS would lock the table (blocking writes)
	// just to find out that the index is there.
	existing := map[string]bool{}
	rows, err := conn.Query(ctx, `SELECT schemaname || '.' || indexname FROM pg_indexes WHERE indexname LIKE '%\_ubgin\_%'`)
	if err != nil {
		return err
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, name := range names {
		existing[name] = true
	}

	for _, index := range wanted {
		if existing[index.schema+"."+index.name] {
			continue
		}
		// fastupdate off: GIN's pending list would otherwise hold recent inserts unindexed until
		// a vacuum, and every lookup scans it (measured: 6 ms instead of 0.07 ms after a bulk insert).
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %s ON %s USING gin ((%s) jsonb_path_ops) WITH (fastupdate = off)`,
			pgx.Identifier{index.name}.Sanitize(), pgx.Identifier{index.schema, index.table}.Sanitize(), index.expression)
		if _, err := conn.Exec(ctx, q); err != nil {
			if strings.Contains(err.Error(), "does not exist") {
				continue // collection or database dropped in the meantime
			}
			return err
		}
		logger.Debug("ub: added lookup index", "table", index.schema+"."+index.table, "on", index.expression)
	}
	return nil
}

// ferretdbMetadataTable is where FerretDB 1.24 describes each database's collections: a table in
// the database's schema with one row per collection, `{_id: name, table, indexes: [{key: {…}}…]}`.
const ferretdbMetadataTable = "_ferretdb_database_metadata"

func wantedPostgresIndexes(ctx context.Context, conn *pgx.Conn) ([]pgLookupIndex, error) {
	rows, err := conn.Query(ctx, `SELECT table_schema FROM information_schema.tables WHERE table_name = $1`, ferretdbMetadataTable)
	if err != nil {
		return nil, err
	}
	schemas, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}

	var wanted []pgLookupIndex
	for _, schema := range schemas {
		rows, err := conn.Query(ctx, fmt.Sprintf(`SELECT _jsonb::text FROM %s`, pgx.Identifier{schema, ferretdbMetadataTable}.Sanitize()))
		if err != nil {
			if strings.Contains(err.Error(), "does not exist") {
				continue
			}
			return nil, err
		}
		collections, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return nil, err
		}
		for _, raw := range collections {
			table, fields, err := lookupFields(raw)
			if err != nil {
				return nil, fmt.Errorf("metadata of %s: %w", schema, err)
			}
			for _, field := range fields {
				expression := pushdownExpression(field)
				wanted = append(wanted, pgLookupIndex{schema: schema, table: table, name: lookupIndexName(table, expression), expression: expression})
			}
		}
	}
	return wanted, nil
}

// lookupFields reads one collection's metadata row: its table, `_id`, and the fields of its
// declared indexes, sorted.
func lookupFields(raw string) (table string, fields []string, err error) {
	var meta struct {
		Table   string `json:"table"`
		Indexes []struct {
			Key map[string]json.RawMessage `json:"key"`
		} `json:"indexes"`
	}
	if err := json.Unmarshal([]byte(raw), &meta); err != nil {
		return "", nil, err
	}
	if meta.Table == "" {
		return "", nil, fmt.Errorf("no table name in %.100s", raw)
	}
	seen := map[string]bool{"_id": true}
	for _, index := range meta.Indexes {
		for field := range index.Key {
			if !strings.HasPrefix(field, "$") { // "$s" holds FerretDB's type information
				seen[field] = true
			}
		}
	}
	for field := range seen {
		fields = append(fields, field)
	}
	sort.Strings(fields)
	return meta.Table, fields, nil
}

// pushdownExpression is the SQL expression FerretDB's filter uses for a field, as PostgreSQL sees
// it once the query's parameters are bound: `_jsonb -> 'a'`, or `_jsonb #> '{a,b}'` for `a.b`.
func pushdownExpression(field string) string {
	parts := strings.Split(field, ".")
	if len(parts) == 1 {
		return "_jsonb -> " + quoteLiteral(field)
	}
	for i, part := range parts {
		parts[i] = `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(part) + `"`
	}
	return "_jsonb #> " + quoteLiteral("{"+strings.Join(parts, ",")+"}") + "::text[]"
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// lookupIndexName is unique per table and expression, fits PostgreSQL's 63 bytes, and never looks
// like FerretDB's own index names (`<table>_<index>_<hash>_idx`).
func lookupIndexName(table, expression string) string {
	h := fnv.New32a()
	h.Write([]byte(table + "\x00" + expression))
	if len(table) > 40 {
		table = table[:40]
	}
	return fmt.Sprintf("%s_ubgin_%08x", table, h.Sum32())
}
