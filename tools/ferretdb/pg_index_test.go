package main

import (
	"slices"
	"strings"
	"testing"
)

// A row of `_ferretdb_database_metadata` as FerretDB 1.24.2 wrote it for a `users` collection with
// the indexes {_id}, {orgId, status, _id} and {orgId, "managedGroups.groupId"}.
const usersMetadata = `{"$s": {"p": {"_id": {"t": "string"}, "uuid": {"t": "string"}, "table": {"t": "string"}, ` +
	`"indexes": {"i": [], "t": "array"}, "cappedDocs": {"t": "long"}, "cappedSize": {"t": "long"}}, ` +
	`"$k": ["_id", "uuid", "table", "indexes", "cappedSize", "cappedDocs"]}, "_id": "users", ` +
	`"uuid": "68ffe1ab-c9f2-4012-b2ab-107f4ff735b5", "table": "users_5e7cc513", "indexes": [` +
	`{"key": {"_id": 1}, "name": "_id_", "unique": true, "pgindex": "users_5e7cc513__id__67399184_idx"}, ` +
	`{"key": {"_id": 1, "orgId": 1, "status": 1}, "name": "orgId_1_status_1__id_1", "unique": false, "pgindex": "users_5e7cc513_orgid___status_____57734200_idx"}, ` +
	`{"key": {"orgId": 1, "managedGroups.groupId": 1}, "name": "orgId_1_managedGroups.groupId_1", "unique": false, "pgindex": "users_5e7cc513_orgid___managedgro_e47cacb6_idx"}], ` +
	`"cappedDocs": 0, "cappedSize": 0}`

func TestLookupFieldsAreIdAndEveryFieldOfTheDeclaredIndexes(t *testing.T) {
	table, fields, err := lookupFields(usersMetadata)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"_id", "managedGroups.groupId", "orgId", "status"}; table != "users_5e7cc513" || !slices.Equal(fields, want) {
		t.Fatalf("table %q fields %v, want users_5e7cc513 %v", table, fields, want)
	}
	if _, _, err := lookupFields(`{"_id": "broken"}`); err == nil {
		t.Fatal("metadata without a table accepted")
	}
}

func TestPushdownExpressionIsWhatFerretDBFiltersOn(t *testing.T) {
	cases := map[string]string{
		"_id":                   `_jsonb -> '_id'`,
		"it's":                  `_jsonb -> 'it''s'`,
		"managedGroups.groupId": `_jsonb #> '{"managedGroups","groupId"}'::text[]`,
	}
	for field, want := range cases {
		if got := pushdownExpression(field); got != want {
			t.Errorf("%s: %s, want %s", field, got, want)
		}
	}
}

func TestLookupIndexNamesFitPostgresAndDifferPerExpression(t *testing.T) {
	long := strings.Repeat("a_very_long_collection_name_", 3)
	seen := map[string]bool{}
	for _, table := range []string{"users_5e7cc513", long} {
		for _, field := range []string{"_id", "orgId", "status"} {
			name := lookupIndexName(table, pushdownExpression(field))
			if len(name) > 63 || !strings.Contains(name, "_ubgin_") || strings.HasSuffix(name, "_idx") || seen[name] {
				t.Errorf("bad or repeated name %q", name)
			}
			seen[name] = true
		}
	}
}
