package keycloak

import "strings"

// IssuerURL is the OIDC issuer of a realm of the Keycloak at baseURL: what
// its tokens carry in "iss". A trailing slash on baseURL is ignored.
func IssuerURL(baseURL, realm string) string {
	return strings.TrimRight(baseURL, "/") + "/realms/" + realm
}

// SplitIssuer takes a realm issuer apart into the Keycloak's base URL and
// the realm; ok is false when issuer is not a Keycloak realm issuer.
func SplitIssuer(issuer string) (baseURL, realm string, ok bool) {
	issuer = strings.TrimRight(issuer, "/")
	i := strings.LastIndex(issuer, "/realms/")
	if i < 0 {
		return "", "", false
	}
	realm = issuer[i+len("/realms/"):]
	if realm == "" || strings.Contains(realm, "/") {
		return "", "", false
	}
	return issuer[:i], realm, true
}

// RealmOfIssuer returns the realm whose issuer is issuer on the Keycloak at
// baseURL; ok is false when issuer belongs to another server (or is not a
// realm issuer at all).
func RealmOfIssuer(baseURL, issuer string) (realm string, ok bool) {
	base, realm, ok := SplitIssuer(issuer)
	if !ok || base != strings.TrimRight(baseURL, "/") {
		return "", false
	}
	return realm, true
}
