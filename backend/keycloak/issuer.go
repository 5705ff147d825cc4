package keycloak

import "strings"

// IssuerURL is the OIDC issuer of a realm of the Keycloak at baseURL: what
// its tokens carry in "iss". A trailing slash on baseURL is ignored.
func IssuerURL(baseURL, realm string) string {
	return strings.TrimRight(baseURL, "/") + "/realms/" + realm
}

// RealmOfIssuer returns the realm whose issuer is issuer on the Keycloak at
// baseURL; ok is false when issuer belongs to another server (or is not a
// realm issuer at all).
func RealmOfIssuer(baseURL, issuer string) (realm string, ok bool) {
	prefix := strings.TrimRight(baseURL, "/") + "/realms/"
	realm, ok = strings.CutPrefix(strings.TrimRight(issuer, "/"), prefix)
	if !ok || realm == "" || strings.Contains(realm, "/") {
		return "", false
	}
	return realm, true
}
