// Package tester fires requests at the embedded proxy as a chosen identity
// (anonymous, a realm user, a service account, a pasted token or a deliberately
// damaged variant of one) and reports what the proxy decided, what the
// upstream received and whether that matches what the route's auth mode
// promises. It knows nothing of Wails; app.TesterService adapts it.
package tester
