// Package contract is a black-box suite for the proxy contract: it builds
// the real tandemctl binary, runs `tandemctl proxy --config FILE` against a
// fake OIDC provider and recording upstreams on 127.0.0.1, and checks what
// clients and upstreams see on the wire. It imports nothing from the
// project but the test helper test/nowhere, so it tests the contract, not
// the implementation. Each proxy listens on 127.0.0.1:0; the suite reads
// the port from the "proxy listening" JSON log line on its stderr.
package contract
