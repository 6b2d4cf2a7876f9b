package main

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// The URL's settings are the ones SQLite then runs with: FerretDB opens each database file with the
// URL's query, as this test does with the same driver.
func TestSQLiteURLSetsTheSynchronousSettingAsked(t *testing.T) {
	for setting, want := range map[string]int{"normal": 1, "full": 2} {
		url, err := sqliteURL("/data", setting)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(url, "file:/data/?") {
			t.Fatalf("%s: FerretDB needs the folder's URL, got %q", setting, url)
		}
		query := url[strings.Index(url, "?")+1:]
		db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "t.sqlite")+"?"+query)
		if err != nil {
			t.Fatal(err)
		}
		var got int
		if err := db.QueryRow("PRAGMA synchronous").Scan(&got); err != nil {
			t.Fatal(err)
		}
		db.Close()
		if got != want {
			t.Errorf("%s: PRAGMA synchronous is %d, want %d", setting, got, want)
		}
	}
}

func TestSQLiteURLRefusesAnUnknownSetting(t *testing.T) {
	if _, err := sqliteURL("/data", "off"); err == nil {
		t.Error("off (no fsync at all, a system crash can corrupt the database) was accepted")
	}
}
