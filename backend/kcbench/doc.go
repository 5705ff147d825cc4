// Package kcbench holds the Keycloak scale benchmarks run by `make bench`
// (scripts/bench.sh keycloak_users, keycloak_events, keycloak_clients). They
// are tests behind the build tag kcbench, so `go test ./...` never runs them:
// each seeds a throwaway realm on the local Keycloak and times the request a
// Tandem screen waits for against the request Keycloak's own admin console
// sends for the same view, in the same run.
package kcbench
