package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeFerret answers OP_MSG requests the way FerretDB 1.24 runs an update: it reads the counter,
// lets other goroutines run, then writes back what it read plus one. Two such updates at once lose
// one. It also records how many updates it ever ran at the same time.
type fakeFerret struct {
	mu       sync.Mutex
	counter  int
	inFlight atomic.Int32
	maxSeen  atomic.Int32

	started chan struct{} // when set, every update reports here once it has begun…
	hold    chan struct{} // …and waits for this before going on
	replies map[string]int
}

func (s *fakeFerret) serve(conn net.Conn) {
	defer conn.Close()
	for {
		req, err := readMessage(conn)
		if err != nil {
			return
		}
		command := req.commandName()
		switch command {
		case "update":
			s.update()
		case "die":
			return // the connection breaks in the middle of a command
		}
		replies := s.replies[command]
		if replies == 0 {
			replies = 1
		}
		for i := 1; i <= replies; i++ {
			reply := opMsgReply(0, req.requestID(), new(bsonDoc).double("ok", 1).bytes())
			if i < replies {
				binary.LittleEndian.PutUint32(reply[headerLen:], flagMoreToCome)
			}
			if _, err := conn.Write(reply); err != nil {
				return
			}
		}
	}
}

func (s *fakeFerret) update() {
	n := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for seen := s.maxSeen.Load(); n > seen && !s.maxSeen.CompareAndSwap(seen, n); seen = s.maxSeen.Load() {
	}
	if s.started != nil {
		s.started <- struct{}{}
		<-s.hold
	}
	s.mu.Lock()
	read := s.counter
	s.mu.Unlock()
	time.Sleep(200 * time.Microsecond)
	s.mu.Lock()
	s.counter = read + 1
	s.mu.Unlock()
}

func (s *fakeFerret) value() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counter
}

// listen serves fn's connections on a loopback port until the test ends.
func listen(t *testing.T, serve func(context.Context, net.Listener)) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go serve(ctx, l)
	return l.Addr().String()
}

// startFront runs a write front on a loopback port in front of fake, and returns its address.
func startFront(t *testing.T, fake *fakeFerret) (string, *writeFront) {
	t.Helper()
	front := &writeFront{
		dial: func() (net.Conn, error) {
			ours, theirs := net.Pipe()
			go fake.serve(theirs)
			return ours, nil
		},
		logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	addr := listen(t, func(ctx context.Context, l net.Listener) { _ = front.serve(ctx, l) })
	return addr, front
}

// startBare serves fake directly, as a FerretDB without the front would be.
func startBare(t *testing.T, fake *fakeFerret) string {
	t.Helper()
	return listen(t, func(ctx context.Context, l net.Listener) {
		context.AfterFunc(ctx, func() { l.Close() })
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go fake.serve(conn)
		}
	})
}

type client struct {
	t    *testing.T
	conn net.Conn
	ids  int32
}

func dial(t *testing.T, addr string) *client {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &client{t: t, conn: conn}
}

// call sends a command and returns the replies up to the one without moreToCome.
func (c *client) call(name string) ([]message, error) {
	c.ids++
	if _, err := c.conn.Write(opMsgRequest(c.ids, 0, bodySection(command(name)))); err != nil {
		return nil, err
	}
	var replies []message
	for {
		_ = c.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		reply, err := readMessage(c.conn)
		if err != nil {
			return replies, err
		}
		if got := int32(binary.LittleEndian.Uint32(reply[8:])); got != c.ids {
			c.t.Fatalf("reply to request %d, want %d", got, c.ids)
		}
		replies = append(replies, reply)
		if !reply.moreToCome() {
			return replies, nil
		}
	}
}

func (c *client) mustCall(name string) []message {
	c.t.Helper()
	replies, err := c.call(name)
	if err != nil {
		c.t.Fatalf("%s: %v", name, err)
	}
	return replies
}

// race runs 20 connections × 25 updates against addr.
func race(t *testing.T, addr string) {
	var wg sync.WaitGroup
	for range 20 {
		c := dial(t, addr)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 25 {
				if _, err := c.call("update"); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestWithoutTheFrontConcurrentUpdatesLoseEachOther(t *testing.T) {
	// The fake really is racy, so the next test means something.
	fake := &fakeFerret{}
	race(t, startBare(t, fake))
	if fake.maxSeen.Load() < 2 || fake.value() == 500 {
		t.Fatalf("no race seen: %d updates at once at most, counter %d", fake.maxSeen.Load(), fake.value())
	}
}

func TestTheFrontRunsUpdatesFromManyConnectionsOneAtATime(t *testing.T) {
	fake := &fakeFerret{}
	addr, _ := startFront(t, fake)
	race(t, addr)
	if fake.maxSeen.Load() != 1 || fake.value() != 500 {
		t.Fatalf("%d updates at once at most, counter %d; want 1 and 500", fake.maxSeen.Load(), fake.value())
	}
}

func TestReadsAreAnsweredWhileAWriteIsRunning(t *testing.T) {
	fake := &fakeFerret{started: make(chan struct{}), hold: make(chan struct{})}
	addr, front := startFront(t, fake)
	writer, reader := dial(t, addr), dial(t, addr)

	done := make(chan error, 1)
	go func() {
		_, err := writer.call("update")
		done <- err
	}()
	<-fake.started
	if front.writes.TryLock() {
		t.Fatal("the write lock is free while an update runs")
	}
	for _, read := range []string{"find", "aggregate", "count", "ping"} {
		reader.mustCall(read)
	}
	close(fake.hold)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !front.writes.TryLock() {
		t.Fatal("the write lock is still held after the update's reply")
	}
	front.writes.Unlock()
}

func TestTheFrontAnswersUbWriteFrontItself(t *testing.T) {
	fake := &fakeFerret{}
	addr, _ := startFront(t, fake)
	replies := dial(t, addr).mustCall(frontCommand)
	want := new(bsonDoc).boolean("serializedWrites", true).double("ok", 1).bytes()
	if len(replies) != 1 || !bytes.Equal(replies[0][headerLen+5:], want) {
		t.Fatalf("replies %v, want one with %v", replies, want)
	}
}

func TestEveryReplyOfAnExhaustStreamReachesTheClient(t *testing.T) {
	fake := &fakeFerret{replies: map[string]int{"getMore": 3}}
	addr, _ := startFront(t, fake)
	c := dial(t, addr)
	if got := len(c.mustCall("getMore")); got != 3 {
		t.Fatalf("%d replies, want 3", got)
	}
	c.mustCall("update") // and the connection goes on as usual
}

func TestAConnectionThatBreaksInTheMiddleOfAWriteReleasesTheLock(t *testing.T) {
	fake := &fakeFerret{}
	addr, _ := startFront(t, fake)
	if _, err := dial(t, addr).call("die"); err == nil {
		t.Fatal("the broken command got an answer")
	}
	dial(t, addr).mustCall("update")
	if fake.value() != 1 {
		t.Fatalf("counter %d, want 1", fake.value())
	}
}
