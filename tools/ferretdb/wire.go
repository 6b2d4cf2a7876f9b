package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
)

// The few pieces of the MongoDB wire protocol the write front needs: whole messages, their
// header, and the name of the command a request carries. Everything else is passed through
// untouched. https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/

const (
	headerLen = 16
	// FerretDB refuses larger messages (wire.MaxMsgLen); so does MongoDB (maxMessageSizeBytes).
	maxMessageLen = 48_000_000

	opReply = 1
	opQuery = 2004
	opMsg   = 2013

	flagChecksumPresent = 1 << 0
	flagMoreToCome      = 1 << 1
)

// message is one whole wire message, header included, exactly as it was read.
type message []byte

func (m message) requestID() int32 { return int32(binary.LittleEndian.Uint32(m[4:])) }
func (m message) opCode() int32    { return int32(binary.LittleEndian.Uint32(m[12:])) }

// moreToCome is set on an OP_MSG reply when the server will send another one without being asked
// (exhaust cursors, streaming hello).
func (m message) moreToCome() bool {
	return m.opCode() == opMsg && len(m) >= headerLen+4 && binary.LittleEndian.Uint32(m[headerLen:])&flagMoreToCome != 0
}

// readMessage reads one message. io.EOF means the peer closed the connection between messages.
func readMessage(r io.Reader) (message, error) {
	var header [headerLen]byte
	if _, err := io.ReadFull(r, header[:]); err != nil {
		return nil, err
	}
	length := int32(binary.LittleEndian.Uint32(header[:]))
	if length < headerLen || length > maxMessageLen {
		return nil, fmt.Errorf("bad message length %d", length)
	}
	m := make(message, length)
	copy(m, header[:])
	if _, err := io.ReadFull(r, m[headerLen:]); err != nil {
		return nil, fmt.Errorf("short message: %w", err)
	}
	return m, nil
}

// commandName is the first key of the request's command document: "find", "update", "hello"…
// It is empty when the message is not an OP_MSG or OP_QUERY command, or is malformed.
func (m message) commandName() string {
	body := m[headerLen:]
	var doc []byte
	switch m.opCode() {
	case opMsg:
		doc = opMsgBody(body)
	case opQuery:
		doc = opQueryBody(body)
	}
	return firstKey(doc)
}

// opMsgBody finds the kind-0 section (the command document) of an OP_MSG body; kind-1 sections
// (document sequences, e.g. the documents of an insert) may come before or after it.
func opMsgBody(body []byte) []byte {
	if len(body) < 4 {
		return nil
	}
	flags := binary.LittleEndian.Uint32(body)
	sections := body[4:]
	if flags&flagChecksumPresent != 0 {
		if len(sections) < 4 {
			return nil
		}
		sections = sections[:len(sections)-4]
	}
	for len(sections) > 0 {
		kind := sections[0]
		size, ok := int32At(sections, 1)
		if !ok || size < 5 || int(size) > len(sections)-1 {
			return nil
		}
		switch kind {
		case 0:
			return sections[1 : 1+size]
		case 1:
			sections = sections[1+size:]
		default:
			return nil
		}
	}
	return nil
}

// opQueryBody is the query document of a legacy OP_QUERY (drivers send their first hello this way).
func opQueryBody(body []byte) []byte {
	// flags int32, fullCollectionName cstring, numberToSkip int32, numberToReturn int32, query document
	if len(body) < 4 {
		return nil
	}
	end := bytes.IndexByte(body[4:], 0)
	if end < 0 {
		return nil
	}
	rest := body[4+end+1:]
	if len(rest) < 8 {
		return nil
	}
	doc := rest[8:]
	size, ok := int32At(doc, 0)
	if !ok || size < 5 || int(size) > len(doc) {
		return nil
	}
	return doc[:size]
}

// firstKey is the name of a BSON document's first element.
func firstKey(doc []byte) string {
	// int32 size, then elements: type byte, key cstring, value; the document ends with a 0 byte.
	if len(doc) < 6 || doc[4] == 0 {
		return ""
	}
	end := bytes.IndexByte(doc[5:], 0)
	if end < 0 {
		return ""
	}
	return string(doc[5 : 5+end])
}

func int32At(b []byte, at int) (int32, bool) {
	if at < 0 || len(b) < at+4 {
		return 0, false
	}
	return int32(binary.LittleEndian.Uint32(b[at:])), true
}

// bsonDoc builds a small BSON document of doubles, booleans and strings, keys in the order given.
type bsonDoc struct{ elements bytes.Buffer }

func (d *bsonDoc) double(key string, v float64) *bsonDoc {
	d.key(0x01, key)
	_ = binary.Write(&d.elements, binary.LittleEndian, math.Float64bits(v))
	return d
}

func (d *bsonDoc) boolean(key string, v bool) *bsonDoc {
	d.key(0x08, key)
	if v {
		d.elements.WriteByte(1)
	} else {
		d.elements.WriteByte(0)
	}
	return d
}

func (d *bsonDoc) str(key, v string) *bsonDoc {
	d.key(0x02, key)
	_ = binary.Write(&d.elements, binary.LittleEndian, int32(len(v)+1))
	d.elements.WriteString(v)
	d.elements.WriteByte(0)
	return d
}

func (d *bsonDoc) key(kind byte, key string) {
	d.elements.WriteByte(kind)
	d.elements.WriteString(key)
	d.elements.WriteByte(0)
}

func (d *bsonDoc) bytes() []byte {
	out := make([]byte, 4, 4+d.elements.Len()+1)
	out = append(out, d.elements.Bytes()...)
	out = append(out, 0)
	binary.LittleEndian.PutUint32(out, uint32(len(out)))
	return out
}

// opMsgReply is an OP_MSG answering request `responseTo` with one command document.
func opMsgReply(requestID, responseTo int32, doc []byte) message {
	m := make(message, headerLen+4+1, headerLen+4+1+len(doc))
	m = append(m, doc...)
	binary.LittleEndian.PutUint32(m[0:], uint32(len(m)))
	binary.LittleEndian.PutUint32(m[4:], uint32(requestID))
	binary.LittleEndian.PutUint32(m[8:], uint32(responseTo))
	binary.LittleEndian.PutUint32(m[12:], opMsg)
	// flags 0, then section kind 0 (already zero)
	return m
}
