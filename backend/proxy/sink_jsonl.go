package proxy

import (
	"io"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// JSONLinesSink writes one JSON object per record and line, the headless
// request log. Lines are buffered and written at least every 100 ms, so a
// busy proxy does not make one write call per request.
type JSONLinesSink struct {
	mu  sync.Mutex
	w   io.Writer
	buf []byte
	sinkLoop
}

// NewJSONLinesSink starts a sink writing to w. Close it to flush the rest.
func NewJSONLinesSink(w io.Writer) *JSONLinesSink {
	s := &JSONLinesSink{w: w, sinkLoop: newSinkLoop()}
	go s.loop()
	return s
}

func (s *JSONLinesSink) loop() {
	defer close(s.done)
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			s.Flush()
		case <-s.stop:
			s.Flush()
			return
		}
	}
}

// Log implements Sink.
func (s *JSONLinesSink) Log(r Record) {
	s.mu.Lock()
	s.buf = AppendRecordJSON(s.buf, r)
	s.buf = append(s.buf, '\n')
	if len(s.buf) >= 64<<10 {
		s.flushLocked()
	}
	s.mu.Unlock()
}

// Flush writes the buffered lines now.
func (s *JSONLinesSink) Flush() {
	s.mu.Lock()
	s.flushLocked()
	s.mu.Unlock()
}

func (s *JSONLinesSink) flushLocked() {
	if len(s.buf) == 0 {
		return
	}
	_, _ = s.w.Write(s.buf)
	s.buf = s.buf[:0]
}

// AppendRecordJSON appends r as a JSON object (the same field names as
// encoding/json would use) without reflection.
func AppendRecordJSON(b []byte, r Record) []byte {
	b = append(b, `{"time":"`...)
	b = r.Time.UTC().AppendFormat(b, time.RFC3339Nano)
	b = appendStringField(b, `","request_id":`, r.RequestID)
	b = appendStringField(b, `,"method":`, r.Method)
	b = appendStringField(b, `,"path":`, r.Path)
	b = appendStringField(b, `,"route":`, r.Route)
	b = appendStringField(b, `,"mode":`, r.Mode)
	b = appendStringField(b, `,"decision":`, string(r.Decision))
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(r.Status), 10)
	b = append(b, `,"latency_ms":`...)
	b = strconv.AppendFloat(b, r.LatencyMS, 'f', -1, 64)
	b = appendStringField(b, `,"subject":`, r.Subject)
	b = appendStringField(b, `,"user":`, r.User)
	b = appendStringField(b, `,"reason":`, r.Reason)
	b = appendStringField(b, `,"via":`, string(r.Via))
	b = appendStringField(b, `,"client":`, r.Client)
	return append(b, '}')
}

// appendStringField appends a field's name (with the comma or quote that
// ends the field before it) and its value as a JSON string.
func appendStringField(b []byte, name, value string) []byte {
	return appendJSONString(append(b, name...), value)
}

func appendJSONString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20 || c == '<' || c == '>' || c == '&':
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, `\u202`...)
			b = append(b, hexDigits[r&15])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
