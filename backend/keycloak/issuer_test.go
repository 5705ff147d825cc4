package keycloak

import "testing"

func TestIssuerURLAndRealmOfIssuerAgree(t *testing.T) {
	for _, base := range []string{"http://127.0.0.1:8180", "http://127.0.0.1:8180/", "https://kc.example.com/auth"} {
		iss := IssuerURL(base, "demo")
		if realm, ok := RealmOfIssuer(base, iss); !ok || realm != "demo" {
			t.Errorf("RealmOfIssuer(%q, %q) = %q, %v", base, iss, realm, ok)
		}
	}
	if got := IssuerURL("http://127.0.0.1:8180/", "demo"); got != "http://127.0.0.1:8180/realms/demo" {
		t.Errorf("IssuerURL kept the slash: %q", got)
	}
	for _, iss := range []string{"https://other.example.com/realms/demo", "http://127.0.0.1:8180/realms/", "http://127.0.0.1:8180/realms/a/b", "http://127.0.0.1:8180/demo"} {
		if realm, ok := RealmOfIssuer("http://127.0.0.1:8180", iss); ok {
			t.Errorf("RealmOfIssuer(%q) = %q, want not ours", iss, realm)
		}
	}
}
