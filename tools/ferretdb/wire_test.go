package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"testing"
)

// opMsgRequest builds an OP_MSG request: flags, then the given sections (each already framed).
func opMsgRequest(requestID int32, flags uint32, sections ...[]byte) message {
	m := make(message, headerLen+4)
	binary.LittleEndian.PutUint32(m[4:], uint32(requestID))
	binary.LittleEndian.PutUint32(m[12:], opMsg)
	binary.LittleEndian.PutUint32(m[headerLen:], flags)
	for _, s := range sections {
		m = append(m, s...)
	}
	if flags&flagChecksumPresent != 0 {
		m = append(m, 0, 0, 0, 0) // the front never checks it, FerretDB does
	}
	binary.LittleEndian.PutUint32(m, uint32(len(m)))
	return m
}

func bodySection(doc []byte) []byte { return append([]byte{0}, doc...) }

func sequenceSection(identifier string, docs ...[]byte) []byte {
	payload := append([]byte(identifier), 0)
	for _, d := range docs {
		payload = append(payload, d...)
	}
	s := make([]byte, 5, 5+len(payload))
	s[0] = 1
	binary.LittleEndian.PutUint32(s[1:], uint32(4+len(payload)))
	return append(s, payload...)
}

func command(name string) []byte {
	return new(bsonDoc).str(name, "things").str("$db", "ub").bytes()
}

func opQueryRequest(collection string, doc []byte) message {
	m := make(message, headerLen+4)
	binary.LittleEndian.PutUint32(m[12:], opQuery)
	m = append(m, collection...)
	m = append(m, 0)
	m = append(m, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff) // skip 0, return -1
	m = append(m, doc...)
	binary.LittleEndian.PutUint32(m, uint32(len(m)))
	return m
}

func TestCommandNameIsTheFirstKeyOfTheBodySection(t *testing.T) {
	insertDoc := new(bsonDoc).str("_id", "a").bytes()
	cases := map[string]struct {
		msg  message
		want string
	}{
		"OP_MSG body only":                 {opMsgRequest(1, 0, bodySection(command("find"))), "find"},
		"OP_MSG documents before the body": {opMsgRequest(1, 0, sequenceSection("documents", insertDoc, insertDoc), bodySection(command("insert"))), "insert"},
		"OP_MSG body before the documents": {opMsgRequest(1, 0, bodySection(command("update")), sequenceSection("updates", insertDoc)), "update"},
		"OP_MSG with a checksum":           {opMsgRequest(1, flagChecksumPresent, bodySection(command("findAndModify"))), "findAndModify"},
		"OP_QUERY hello":                   {opQueryRequest("admin.$cmd", new(bsonDoc).double("isMaster", 1).bytes()), "isMaster"},
		"OP_MSG empty document":            {opMsgRequest(1, 0, bodySection(new(bsonDoc).bytes())), ""},
		"OP_MSG without sections":          {opMsgRequest(1, 0), ""},
		"OP_MSG unknown section kind":      {opMsgRequest(1, 0, []byte{7, 5, 0, 0, 0, 0}), ""},
		"OP_MSG section longer than body":  {opMsgRequest(1, 0, []byte{0, 0xff, 0, 0, 0, 0}), ""},
		"OP_QUERY cut short":               {opQueryRequest("admin.$cmd", nil)[:headerLen+6], ""},
		"other opcode":                     {append(message{headerLen + 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, opReply, 0, 0, 0}, 0), ""},
	}
	for name, c := range cases {
		if got := c.msg.commandName(); got != c.want {
			t.Errorf("%s: command %q, want %q", name, got, c.want)
		}
	}
}

func TestReadMessageReadsWholeMessagesOneAfterTheOther(t *testing.T) {
	first := opMsgRequest(7, 0, bodySection(command("find")))
	second := opMsgRequest(8, 0, bodySection(command("insert")), sequenceSection("documents", command("x")))
	r := bytes.NewReader(append(append([]byte{}, first...), second...))

	for _, want := range []message{first, second} {
		got, err := readMessage(r)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) || got.requestID() != want.requestID() {
			t.Fatalf("read %v, want %v", got, want)
		}
	}
	if _, err := readMessage(r); !errors.Is(err, io.EOF) {
		t.Fatalf("after the last message: %v, want EOF", err)
	}
}

func TestReadMessageRefusesImpossibleLengths(t *testing.T) {
	for _, length := range []uint32{0, 15, maxMessageLen + 1, 0xffffffff} {
		header := make([]byte, headerLen)
		binary.LittleEndian.PutUint32(header, length)
		if _, err := readMessage(bytes.NewReader(header)); err == nil {
			t.Errorf("length %d accepted", length)
		}
	}
	truncated := opMsgRequest(1, 0, bodySection(command("find")))
	if _, err := readMessage(bytes.NewReader(truncated[:len(truncated)-1])); err == nil {
		t.Error("truncated message accepted")
	}
}

func TestOpMsgReplyAnswersTheRequest(t *testing.T) {
	doc := new(bsonDoc).boolean("serializedWrites", true).double("ok", 1).bytes()
	reply := opMsgReply(3, 42, doc)
	if got := int32(binary.LittleEndian.Uint32(reply[8:])); got != 42 {
		t.Errorf("responseTo %d, want 42", got)
	}
	if reply.opCode() != opMsg || reply.moreToCome() || int(binary.LittleEndian.Uint32(reply)) != len(reply) {
		t.Errorf("bad framing: %v", reply)
	}
	if got := reply.commandName(); got != "serializedWrites" {
		t.Errorf("body starts with %q", got)
	}
	// {serializedWrites: true, ok: 1.0}, byte for byte as BSON has it
	want := []byte{
		36, 0, 0, 0,
		0x08, 's', 'e', 'r', 'i', 'a', 'l', 'i', 'z', 'e', 'd', 'W', 'r', 'i', 't', 'e', 's', 0, 1,
		0x01, 'o', 'k', 0, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f,
		0,
	}
	if !bytes.Equal(doc, want) {
		t.Errorf("document %v, want %v", doc, want)
	}
}

func TestOnlyCommandsThatChangeNothingSkipTheWriteLock(t *testing.T) {
	for _, read := range []string{"find", "getMore", "aggregate", "count", "distinct", "listIndexes", "hello", "isMaster", "ping", "killCursors"} {
		if serialized(read) {
			t.Errorf("%s is serialized", read)
		}
	}
	for _, write := range []string{"insert", "update", "delete", "findAndModify", "findandmodify", "create", "drop", "dropDatabase",
		"createIndexes", "dropIndexes", "renameCollection", "collMod", "compact", "someFutureCommand", ""} {
		if !serialized(write) {
			t.Errorf("%q is not serialized", write)
		}
	}
}
