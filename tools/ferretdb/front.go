package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// writeFront stands between clients and FerretDB and runs write commands one at a time.
//
// FerretDB 1.24 runs an update as read, change in Go, write back, without re-checking the
// document (FerretDB issue 3040): two updates of one document on two connections lose one of
// them, and a guard such as `seatsFree: {$gt: 0}` passes on a stale read. Clients connect here;
// each client connection gets its own connection to FerretDB's private socket, and every
// request is passed through as is, but a request that can change data holds one mutex, shared by
// all connections, from being forwarded until FerretDB's reply has arrived. Reads do not take it,
// so they run in parallel with each other and with the one write in progress.
type writeFront struct {
	dial   func() (net.Conn, error)
	logger *slog.Logger

	writes sync.Mutex
	nextID atomic.Int32 // request ids of the replies the front writes itself
}

// frontCommand is answered by the front itself, so that a client can tell a FerretDB behind
// this front (writes serialized) from a bare one, which answers "no such command".
const frontCommand = "ubWriteFront"

// readOnlyCommands change no data. Everything else, including commands this list does not know,
// is serialized: an unknown command costs some parallelism, never correctness.
// (FerretDB 1.24's aggregate has no $out or $merge, so aggregate only reads.)
var readOnlyCommands = map[string]bool{
	"aggregate": true, "count": true, "distinct": true, "explain": true, "find": true, "getMore": true,
	"killCursors": true, "listCollections": true, "listDatabases": true, "listIndexes": true,
	"collStats": true, "dataSize": true, "dbStats": true, "dbstats": true, "validate": true,
	"hello": true, "isMaster": true, "ismaster": true, "ping": true, "buildInfo": true, "buildinfo": true,
	"connectionStatus": true, "currentOp": true, "getCmdLineOpts": true, "getFreeMonitoringStatus": true,
	"getLog": true, "getParameter": true, "hostInfo": true, "listCommands": true, "serverStatus": true,
	"whatsmyuri": true, "saslStart": true, "saslContinue": true, "logout": true, "endSessions": true,
}

func serialized(command string) bool { return !readOnlyCommands[command] }

// serve accepts client connections until ctx ends.
func (f *writeFront) serve(ctx context.Context, listener net.Listener) error {
	stop := context.AfterFunc(ctx, func() { listener.Close() })
	defer stop()
	for {
		client, err := listener.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if errors.Is(err, net.ErrClosed) {
				return err
			}
			// Out of file descriptors and the like: existing connections go on; try again shortly.
			f.logger.Warn("ub write front: accept failed", "error", err)
			time.Sleep(100 * time.Millisecond)
			continue
		}
		go f.relay(ctx, client)
	}
}

func (f *writeFront) relay(ctx context.Context, client net.Conn) {
	defer client.Close()
	backend, err := f.dial()
	if err != nil {
		f.logger.Error("ub write front: cannot reach FerretDB", "error", err)
		return
	}
	defer backend.Close()
	// On shutdown FerretDB waits for its connections to end: end ours.
	stop := context.AfterFunc(ctx, func() {
		client.Close()
		backend.Close()
	})
	defer stop()

	err = f.relayMessages(client, bufio.NewReader(client), backend, bufio.NewReader(backend))
	if err != nil && !errors.Is(err, io.EOF) && ctx.Err() == nil {
		f.logger.Debug("ub write front: connection ended", "error", err)
	}
}

// relayMessages passes requests and replies until either side closes. Drivers wait for the reply
// to a request before sending the next on the same connection, and FerretDB 1.24 answers every
// request (even one flagged moreToCome), so one request is followed by its replies: one, or
// several while the server flags moreToCome on them (exhaust).
func (f *writeFront) relayMessages(client io.Writer, fromClient io.Reader, backend io.Writer, fromBackend io.Reader) error {
	for {
		req, err := readMessage(fromClient)
		if err != nil {
			return err
		}
		command := req.commandName()
		if command == frontCommand && req.opCode() == opMsg {
			status := new(bsonDoc).boolean("serializedWrites", true).double("ok", 1).bytes()
			if _, err := client.Write(opMsgReply(f.nextID.Add(1), req.requestID(), status)); err != nil {
				return err
			}
			continue
		}
		if err := f.exchange(req, serialized(command), client, backend, fromBackend); err != nil {
			return err
		}
	}
}

// exchange forwards one request and its replies, holding the write mutex until the last reply has
// arrived from FerretDB when the request may write (and releasing it before a slow client reads).
func (f *writeFront) exchange(req message, write bool, client, backend io.Writer, fromBackend io.Reader) error {
	if write {
		f.writes.Lock()
	}
	release := func() {
		if write {
			write = false
			f.writes.Unlock()
		}
	}
	defer release()

	if _, err := backend.Write(req); err != nil {
		return err
	}
	for {
		reply, err := readMessage(fromBackend)
		if err != nil {
			return err
		}
		last := !reply.moreToCome()
		if last {
			release()
		}
		if _, err := client.Write(reply); err != nil {
			return err
		}
		if last {
			return nil
		}
	}
}
