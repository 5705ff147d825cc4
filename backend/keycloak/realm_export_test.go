package keycloak

import (
	"testing"
)

func TestCanonicalJSONSortsKeysNamedArraysAndSets(t *testing.T) {
	a := `{"realm":"demo","clients":[{"clientId":"web","redirectUris":["b","a"]},{"clientId":"account"}],
	       "roles":{"realm":[{"name":"user"},{"name":"admin"}]},
	       "executions":[{"authenticator":"z","priority":1},{"authenticator":"a","priority":2}]}`
	b := `{"executions":[{"authenticator":"z","priority":1},{"authenticator":"a","priority":2}],
	       "roles":{"realm":[{"name":"admin"},{"name":"user"}]},
	       "clients":[{"clientId":"account"},{"redirectUris":["a","b"],"clientId":"web"}],"realm":"demo"}`
	ca, err := CanonicalJSON([]byte(a))
	if err != nil {
		t.Fatal(err)
	}
	cb, err := CanonicalJSON([]byte(b))
	if err != nil {
		t.Fatal(err)
	}
	if string(ca) != string(cb) {
		t.Fatalf("same content, different order, different output:\n%s\n---\n%s", ca, cb)
	}
	want := `{
  "clients": [
    {
      "clientId": "account"
    },
    {
      "clientId": "web",
      "redirectUris": [
        "a",
        "b"
      ]
    }
  ],
  "executions": [
    {
      "authenticator": "z",
      "priority": 1
    },
    {
      "authenticator": "a",
      "priority": 2
    }
  ],
  "realm": "demo",
  "roles": {
    "realm": [
      {
        "name": "admin"
      },
      {
        "name": "user"
      }
    ]
  }
}
`
	if string(ca) != want {
		t.Fatalf("got\n%s\nwant\n%s", ca, want)
	}
}

func TestCanonicalJSONKeepsLargeNumbersExact(t *testing.T) {
	out, err := CanonicalJSON([]byte(`{"notBefore":1795852959169123456}`))
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != "{\n  \"notBefore\": 1795852959169123456\n}\n" {
		t.Fatalf("got %s", out)
	}
}
