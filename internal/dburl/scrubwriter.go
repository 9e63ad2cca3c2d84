package dburl

import (
	"bytes"
	"io"
	"slices"
	"sync"
)

// ScrubWriter passes what is written to it through [Scrub] before
// writing it on: it holds back each line until its newline (or
// [ScrubWriter.Flush]), so that a password split across writes is still
// found. It is safe for concurrent use.
type ScrubWriter struct {
	mu          sync.Mutex
	w           io.Writer
	connStrings func() []string
	buf         []byte
	// sc is the scrubber of the last list connStrings returned, made
	// again only when the list changes.
	sc *scrubber
}

// NewScrubWriter returns a writer that scrubs the passwords of the
// connection strings that connStrings returns (asked at each line, so
// that the list may grow) from what is written to w.
func NewScrubWriter(w io.Writer, connStrings func() []string) *ScrubWriter {
	return &ScrubWriter{w: w, connStrings: connStrings}
}

// Write implements io.Writer. It reports p as written once it is
// buffered; an error of the underlying writer comes from a later Write
// or Flush.
func (s *ScrubWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf = append(s.buf, p...)
	if i := bytes.LastIndexByte(s.buf, '\n'); i >= 0 {
		line := s.buf[:i+1]
		if err := s.emit(line); err != nil {
			return 0, err
		}
		s.buf = append(s.buf[:0], s.buf[i+1:]...)
	}
	return len(p), nil
}

// Flush writes what is held back.
func (s *ScrubWriter) Flush() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.buf) == 0 {
		return nil
	}
	err := s.emit(s.buf)
	s.buf = s.buf[:0]
	return err
}

func (s *ScrubWriter) emit(b []byte) error {
	if conns := s.connStrings(); s.sc == nil || !slices.Equal(conns, s.sc.conns) {
		s.sc = newScrubber(conns)
	}
	_, err := io.WriteString(s.w, s.sc.scrub(string(b)))
	return err
}
