package routes

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseRate(t *testing.T) {
	good := map[string]Rate{
		"":        {},
		"100/min": {100, time.Minute},
		"20/s":    {20, time.Second},
		"5000/h":  {5000, time.Hour},
	}
	for in, want := range good {
		got, err := ParseRate(in)
		if err != nil || got != want {
			t.Errorf("ParseRate(%q) = %v, %v; want %v", in, got, err, want)
		}
		if got.String() != in {
			t.Errorf("Rate(%q).String() = %q", in, got.String())
		}
	}
	bad := map[string]string{
		"100":          "write N/unit",
		"100/m":        `the unit must be s, min or h, not "m"`,
		"100/minute":   `not "minute"`,
		"ten/min":      `"ten" is not a whole number`,
		"1.5/s":        `"1.5" is not a whole number`,
		"x/y":          `"x" is not a whole number and "y" is not a unit`,
		"0/min":        "allows no request",
		"-3/s":         "allows no request",
		"2000000000/s": "too large",
	}
	for in, want := range bad {
		if _, err := ParseRate(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseRate(%q) = %v, want an error containing %q", in, err, want)
		}
	}
}

// Every bad limit is its own problem, named by its field, in one run.
func TestValidateListsEveryBadLimit(t *testing.T) {
	cfg := validConfig()
	cfg.AdminListen = cfg.Listen
	cfg.TrustedProxies = []string{"10.0.0.0/8", "10.0.0.1/8", "nonsense", "192.168.1.7"}
	cfg.Timeouts = Timeouts{ReadHeader: "10", Idle: "-1s", UpstreamHeader: "30s"}
	cfg.MaxHeaderBytes = 100
	cfg.Routes[0].Rate = RateLimit{PerIdentity: "100/m", Anonymous: "0/min"}     // optional
	cfg.Routes[1].Rate = RateLimit{PerIdentity: "many/min", Anonymous: "20/min"} // required
	cfg.Routes[2].Rate = RateLimit{PerIdentity: "10/s", Anonymous: "20/min"}     // public
	got := problemLines(t, Validate(cfg))
	want := []string{
		`admin_listen: "127.0.0.1:8080" is also listen`,
		`trusted_proxies: entry 2: "10.0.0.1/8" has bits set past its prefix length; did you mean 10.0.0.0/8?`,
		`trusted_proxies: entry 3: "nonsense" is not a CIDR`,
		`timeouts.read_header: "10" is not a duration such as 10s`,
		`timeouts.idle: "-1s" must be more than zero`,
		`max_header_bytes: 100 must be between 4096 (4 KiB) and 67108864 (64 MiB)`,
		`route "feed": rate.per_identity: "100/m" is not a rate: the unit must be s, min or h, not "m"`,
		`route "feed": rate.anonymous: "0/min" allows no request`,
		`route "admin": rate.per_identity: "many/min" is not a rate: "many" is not a whole number`,
		`route "admin": rate.anonymous: never applies: a required route forwards no anonymous request`,
		`route "health": rate.per_identity: never applies: a public route ignores tokens`,
	}
	if len(got) != len(want) {
		t.Errorf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for _, w := range want {
		if !slices.ContainsFunc(got, func(g string) bool { return strings.Contains(g, w) }) {
			t.Errorf("missing problem %q in:\n%s", w, strings.Join(got, "\n"))
		}
	}
}

func TestValidateAcceptsGoodLimits(t *testing.T) {
	cfg := validConfig()
	cfg.AdminListen = "127.0.0.1:9901"
	cfg.TrustedProxies = []string{"10.0.0.0/8", "::1", "127.0.0.1", "fd00::/8"}
	cfg.Timeouts = Timeouts{ReadHeader: "5s", Idle: "2m", UpstreamHeader: "1h"}
	cfg.MaxHeaderBytes = 64 << 10
	cfg.Routes[0].Rate = RateLimit{PerIdentity: "100/min", Anonymous: "20/min"}
	cfg.Routes[1].Rate = RateLimit{PerIdentity: "5/s"}
	cfg.Routes[2].Rate = RateLimit{Anonymous: "1000/h"}
	if err := ValidateStandalone(cfg); err != nil {
		t.Fatal(err)
	}
	l := cfg.EffectiveLimits()
	want := Limits{ReadHeaderTimeout: 5 * time.Second, IdleTimeout: 2 * time.Minute, UpstreamHeaderTimeout: time.Hour, MaxHeaderBytes: 64 << 10}
	if l != want {
		t.Errorf("EffectiveLimits = %+v, want %+v", l, want)
	}
	if d := (Config{}).EffectiveLimits(); d != (Limits{10 * time.Second, 120 * time.Second, 30 * time.Second, 1 << 20}) {
		t.Errorf("defaults = %+v", d)
	}
	// Port 0 picks a free port each time: the same spelling is two sockets.
	cfg.Listen, cfg.AdminListen = "127.0.0.1:0", "127.0.0.1:0"
	if err := Validate(cfg); err != nil {
		t.Errorf("port 0 for both: %v", err)
	}
}

func TestParseTrustedProxies(t *testing.T) {
	got, bad := ParseTrustedProxies([]string{"127.0.0.1", "10.0.0.0/8", "::ffff:192.168.0.0/112", "2001:db8::/32"})
	if len(bad) != 0 {
		t.Fatal(bad)
	}
	want := []netip.Prefix{
		netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("192.168.0.0/16"), netip.MustParsePrefix("2001:db8::/32"),
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// The nested mappings obey the file's strict rules: unknown keys and wrong
// types inside them are problems named by their full field, in YAML and
// JSON alike, and good values are read.
func TestCheckNestedLimits(t *testing.T) {
	yml := `version: 1
issuer: http://127.0.0.1:8180/realms/demo
admin_listen: 127.0.0.1:9901
trusted_proxies: [10.0.0.0/8]
timeouts: {read_header: 5s, idle: 1m, upstream_headr: 3s}
max_header_bytes: 65536
routes:
  - name: feed
    path: /api/feed
    upstream: http://127.0.0.1:9090
    auth: optional
    rate: {per_identity: 100/min, anonymous: [20]}
  - name: other
    path: /other
    upstream: http://127.0.0.1:9090
    auth: public
    rate: 20/min
`
	_, err := Check("r.yaml", []byte(yml), ValidateStandalone)
	got := problemLines(t, err)
	want := []string{
		`r.yaml:5: timeouts.upstream_headr: unknown key`,
		`r.yaml:12: route "feed": rate.anonymous: must be a string, got a list`,
		`r.yaml:17: route "other": rate: must be a mapping, got a string`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	good := strings.Replace(strings.Replace(strings.Replace(yml, ", upstream_headr: 3s", "", 1), "[20]", "20/min", 1), "rate: 20/min", "rate: {anonymous: 20/min}", 1)
	cfg, err := Check("r.yaml", []byte(good), ValidateStandalone)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Routes[0].Rate != (RateLimit{PerIdentity: "100/min", Anonymous: "20/min"}) || cfg.Timeouts.Idle != "1m" ||
		cfg.AdminListen != "127.0.0.1:9901" || cfg.MaxHeaderBytes != 65536 || cfg.TrustedProxies[0] != "10.0.0.0/8" {
		t.Errorf("decoded %+v", cfg)
	}
	// Marshal writes the nested keys back, and they read the same.
	out, err := Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Check("again.yaml", out, ValidateStandalone)
	if err != nil || again.Routes[0].Rate != cfg.Routes[0].Rate || again.Timeouts != cfg.Timeouts {
		t.Errorf("round trip: %v\n%s", err, out)
	}

	js := `{"version": 1, "issuer": "http://127.0.0.1:8180/realms/demo", "timeouts": {"readHeader": 5},
"routes": [{"name": "feed", "path": "/api/feed", "upstream": "http://127.0.0.1:9090", "auth": "optional",
"rate": {"perIdentity": "100/min", "per_identity": "1/s"}}]}`
	_, err = Check("r.json", []byte(js), ValidateStandalone)
	got = problemLines(t, err)
	want = []string{
		`r.json:1: timeouts.read_header: must be a string, got a number`,
		`r.json:3: route "feed": rate.per_identity: unknown key`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("JSON: got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
