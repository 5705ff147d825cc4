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
	b = append(b, `","request_id":`...)
	b = appendJSONString(b, r.RequestID)
	b = append(b, `,"method":`...)
	b = appendJSONString(b, r.Method)
	b = append(b, `,"path":`...)
	b = appendJSONString(b, r.Path)
	b = append(b, `,"route":`...)
	b = appendJSONString(b, r.Route)
	b = append(b, `,"mode":`...)
	b = appendJSONString(b, r.Mode)
	b = append(b, `,"decision":`...)
	b = appendJSONString(b, string(r.Decision))
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(r.Status), 10)
	b = append(b, `,"latency_ms":`...)
	b = strconv.AppendFloat(b, r.LatencyMS, 'f', -1, 64)
	b = append(b, `,"subject":`...)
	b = appendJSONString(b, r.Subject)
	b = append(b, `,"user":`...)
	b = appendJSONString(b, r.User)
	b = append(b, `,"reason":`...)
	b = appendJSONString(b, r.Reason)
	b = append(b, `,"via":`...)
	b = appendJSONString(b, string(r.Via))
	b = append(b, `,"client":`...)
	b = appendJSONString(b, r.Client)
	return append(b, '}')
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
