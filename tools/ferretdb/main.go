// Command ferretdb runs FerretDB through its embeddable package, behind a write front.
//
// `go install` of FerretDB's own command panics at start-up because the published
// module lacks its generated version file; the embeddable package skips that check
// when the main module is not FerretDB itself, hence this small program. It also puts
// the write front (front.go) between clients and FerretDB, so that single-document
// updates are atomic for every client, and adds the indexes FerretDB's pushed-down
// lookups need (id_index.go for SQLite, pg_index.go for PostgreSQL).
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address clients connect to; port 0 picks a free port")
	handler := flag.String("handler", "sqlite", "storage backend: sqlite or postgresql")
	dir := flag.String("dir", ".data/ferretdb", "data folder for the sqlite handler")
	pgURL := flag.String("postgresql-url", "", "connection string for the postgresql handler")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	synchronous := flag.String("sqlite-synchronous", "normal",
		"SQLite's synchronous setting for the sqlite handler: normal (fsync at checkpoints; a power loss "+
			"can roll back the last commits, a process crash loses nothing) or full (fsync at every commit)")
	serializeWrites := flag.Bool("serialize-writes", true,
		"listen through the write front, which runs write commands one at a time across all connections "+
			"(FerretDB itself then listens on a private Unix socket); false exposes FerretDB as it is, "+
			"whose concurrent updates of one document can lose each other")
	gcPercent := flag.Int("gc-percent", 400,
		"Go's GOGC for this process: how far the heap grows past the live heap before a collection. "+
			"FerretDB allocates a fresh decoded document for every row it reads, so collections are a large "+
			"share of its work; the environment's GOGC, when set, wins")
	flag.Parse()
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(*gcPercent)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail("bad -log-level: %v", err)
	}
	// Logs go to stderr so that stdout carries only the one machine-readable "listening" line.
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	cfg := &ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listen},
		Logger:   logger,
		Handler:  *handler,
	}
	var public net.Listener
	if *serializeWrites {
		// A socket in a folder only this user can enter: nobody reaches FerretDB around the front.
		private, err := os.MkdirTemp("", "ub-ferretdb-")
		if err != nil {
			fail("cannot create the private socket folder: %v", err)
		}
		defer os.RemoveAll(private)
		cfg.Listener = ferretdb.ListenerConfig{Unix: filepath.Join(private, "ferretdb.sock")}
		if public, err = net.Listen("tcp", *listen); err != nil {
			fail("cannot listen on %s: %v", *listen, err)
		}
	}
	var sqliteDir string
	switch *handler {
	case "sqlite":
		abs, err := filepath.Abs(*dir)
		if err != nil {
			fail("bad -dir: %v", err)
		}
		if err := os.MkdirAll(abs, 0o755); err != nil {
			fail("cannot create data folder: %v", err)
		}
		url, err := sqliteURL(abs, *synchronous)
		if err != nil {
			fail("bad -sqlite-synchronous: %v", err)
		}
		cfg.SQLiteURL = url
		sqliteDir = abs
	case "postgresql":
		if *pgURL == "" {
			fail("-postgresql-url is required with -handler=postgresql")
		}
		cfg.PostgreSQLURL = *pgURL
	default:
		fail("unknown -handler %q: use sqlite or postgresql", *handler)
	}

	db, err := ferretdb.New(cfg)
	if err != nil {
		fail("cannot start: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	switch *handler {
	case "sqlite":
		go keepIDIndexes(ctx, sqliteDir+"/", logger)
	case "postgresql":
		go keepPostgresIndexes(ctx, *pgURL, logger)
	}

	uri := db.MongoDBURI() // FerretDB's listener is bound once New returns: the port is final
	if public != nil {
		front := &writeFront{
			dial:   func() (net.Conn, error) { return net.Dial("unix", cfg.Listener.Unix) },
			logger: logger,
		}
		go func() {
			if err := front.serve(ctx, public); err != nil {
				fail("write front stopped: %v", err)
			}
		}()
		uri = "mongodb://" + public.Addr().String() + "/"
	}
	fmt.Printf("listening %s\n", uri)

	if err := db.Run(ctx); err != nil && ctx.Err() == nil {
		fail("stopped: %v", err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ferretdb: "+format+"\n", args...)
	os.Exit(1)
}

// sqliteURL is FerretDB's SQLite URL for the data folder, with SQLite's synchronous setting
// (docs/decisions/046-sqlite-synchronous-normal.md). FerretDB adds its own defaults (WAL journal,
// busy timeout) to whatever the URL does not set. In WAL mode, normal syncs the log at checkpoints
// instead of at every commit: a commit costs several times less, a process crash loses nothing, and a
// power loss or system crash rolls back only the last commits, in order (the log's checksums end
// recovery at the first frame not on disk).
func sqliteURL(dir, synchronous string) (string, error) {
	switch synchronous {
	case "normal", "full":
		return "file:" + dir + "/?_pragma=synchronous(" + synchronous + ")", nil
	default:
		return "", fmt.Errorf("%q: use normal or full", synchronous)
	}
}
