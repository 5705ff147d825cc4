package nowhere

import (
	"net"
	"net/http"
	"testing"
)

// Nothing answers at the address, and it stays ours: no server can bind it
// while the test runs (a freed port could be given to the next server that
// asks for any port).
func TestAddrAnswersNothingAndStaysHeld(t *testing.T) {
	addr := Addr(t)
	if resp, err := http.Get("http://" + addr); err == nil {
		resp.Body.Close()
		t.Fatalf("a request to %s got an answer: %s", addr, resp.Status)
	}
	if ln, err := net.Listen("tcp", addr); err == nil {
		ln.Close()
		t.Fatalf("another listener could bind %s while it is held", addr)
	}
}

// Once the test is over, the port is given back.
func TestAddrIsReleasedAtCleanup(t *testing.T) {
	var addr string
	t.Run("holder", func(t *testing.T) { addr = Addr(t) })
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("%s still held after its test ended: %v", addr, err)
	}
	ln.Close()
}
