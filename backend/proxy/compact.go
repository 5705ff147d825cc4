package proxy

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"slices"
	"strings"

	jose "github.com/go-jose/go-jose/v4"
)

// compactJWS is a bearer token in the JWS compact form, split where it was
// received. The signature is checked over the token's own first two parts,
// byte for byte, so nothing is decoded twice or encoded again; go-jose's
// ParseSignedCompact then Verify decodes the header into a map, re-encodes
// header and payload to rebuild the signing input, and parses header members
// the proxy never uses (jwk, x5c certificate chains) for every token, forged
// ones included.
type compactJWS struct {
	alg          jose.SignatureAlgorithm
	kid          string
	signingInput []byte // "header.payload" exactly as received
	payload      []byte
	signature    []byte
}

var (
	errMalformed = &tokenError{kind: kindMalformed, reason: "malformed token"}
	errAlgorithm = &tokenError{kind: kindAlgorithm, reason: "token signing algorithm not accepted (asymmetric algorithms only)"}
	errCritical  = &tokenError{kind: kindMalformed, reason: "malformed token: the header names critical extensions (crit), which the proxy does not support"}
)

// parseCompact parses a token in the JWS compact form only (the JSON
// serialization is no bearer token) with an algorithm the proxy accepts.
// The header is read for alg and kid alone; a header that is not one JSON
// object, repeats a member or names critical extensions is malformed (an
// extension the proxy does not implement must not be ignored, RFC 7515
// 4.1.11).
func parseCompact(raw string) (*compactJWS, error) {
	// One allocation holds the token's bytes and its three decoded parts.
	enc := base64.RawURLEncoding
	h, rest, ok1 := strings.Cut(raw, ".")
	p, s, ok2 := strings.Cut(rest, ".")
	if !ok1 || !ok2 || strings.Contains(s, ".") {
		return nil, errMalformed
	}
	buf := make([]byte, len(raw)+enc.DecodedLen(len(h))+enc.DecodedLen(len(p))+enc.DecodedLen(len(s)))
	tok, out := buf[:len(raw)], buf[len(raw):]
	copy(tok, raw)
	decode := func(from, to int) ([]byte, bool) {
		n, err := enc.Decode(out, tok[from:to])
		part := out[:n:n]
		out = out[n:]
		return part, err == nil
	}
	header, ok := decode(0, len(h))
	if !ok {
		return nil, errMalformed
	}
	jws := &compactJWS{signingInput: tok[:len(h)+1+len(p)]}
	if jws.payload, ok = decode(len(h)+1, len(h)+1+len(p)); !ok {
		return nil, errMalformed
	}
	if jws.signature, ok = decode(len(h)+1+len(p)+1, len(raw)); !ok {
		return nil, errMalformed
	}
	if err := jws.readHeader(header); err != nil {
		return nil, err
	}
	return jws, nil
}

func (jws *compactJWS) readHeader(header []byte) error {
	if !isJSONObject(header) {
		return errMalformed
	}
	var seen []string
	var alg string
	var err error
	eachMember(header, func(key, value []byte) {
		name := jsonString(key)
		if slices.Contains(seen, name) {
			err = errMalformed // members read differently by different readers
		}
		seen = append(seen, name)
		switch name {
		case "alg":
			alg, _ = decodeJSONValue(value).(string) // not a string: no algorithm
		case "kid":
			var ok bool
			if jws.kid, ok = decodeJSONValue(value).(string); !ok && err == nil {
				err = errMalformed
			}
		case "crit":
			if err == nil {
				err = errCritical
			}
		}
	})
	if err != nil {
		return err
	}
	jws.alg = jose.SignatureAlgorithm(alg)
	if !slices.Contains(asymmetricAlgs, jws.alg) {
		return errAlgorithm
	}
	return nil
}

// signedBy reports whether the token's signature verifies with key (the Key
// of a JWKS entry: *rsa.PublicKey, *ecdsa.PublicKey or ed25519.PublicKey,
// or an RSA key already precomputed by verificationKey, as the key set
// holds them). It applies go-jose's rules for each algorithm: RS* PKCS #1
// v1.5 and PS* PSS with the salt length read from the signature, on RSA
// keys; ES* with the curve the algorithm names and r||s of the curve's
// size; EdDSA on Ed25519 keys. A key of another type than the algorithm's
// fails.
func (jws *compactJWS) signedBy(key any) bool {
	key = verificationKey(key)
	switch jws.alg {
	case jose.EdDSA:
		pub, ok := key.(ed25519.PublicKey)
		return ok && len(pub) == ed25519.PublicKeySize && ed25519.Verify(pub, jws.signingInput, jws.signature)
	case jose.RS256, jose.RS384, jose.RS512, jose.PS256, jose.PS384, jose.PS512:
		k, ok := key.(*rsaKey)
		if !ok || k == nil {
			return false
		}
		h, digest := jws.digest()
		if jws.alg[0] == 'R' {
			return k.verifyPKCS1v15(h, digest, jws.signature)
		}
		return rsa.VerifyPSS(k.pub, h, digest, jws.signature, nil) == nil
	case jose.ES256, jose.ES384, jose.ES512:
		pub, ok := key.(*ecdsa.PublicKey)
		if !ok || pub == nil || pub.Curve != curveOf[jws.alg] {
			return false
		}
		size := (pub.Curve.Params().BitSize + 7) / 8
		if len(jws.signature) != 2*size {
			return false
		}
		_, digest := jws.digest()
		r := new(big.Int).SetBytes(jws.signature[:size])
		s := new(big.Int).SetBytes(jws.signature[size:])
		return ecdsa.Verify(pub, digest, r, s)
	}
	return false
}

var curveOf = map[jose.SignatureAlgorithm]elliptic.Curve{
	jose.ES256: elliptic.P256(), jose.ES384: elliptic.P384(), jose.ES512: elliptic.P521(),
}

// digest hashes the signing input with the algorithm's hash.
func (jws *compactJWS) digest() (crypto.Hash, []byte) {
	switch jws.alg[2:] {
	case "384":
		d := sha512.Sum384(jws.signingInput)
		return crypto.SHA384, d[:]
	case "512":
		d := sha512.Sum512(jws.signingInput)
		return crypto.SHA512, d[:]
	}
	d := sha256.Sum256(jws.signingInput)
	return crypto.SHA256, d[:]
}

// decodeClaims decodes a whole payload, numbers kept as written
// (json.Number) so dates and header values are read exactly. The request
// path reads only the claims it needs (readClaims); this is for callers that
// show every claim of a token already verified.
func decodeClaims(payload []byte) (map[string]any, error) {
	var claims map[string]any
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	if err := dec.Decode(&claims); err != nil || claims == nil || dec.More() {
		return nil, invalid(kindMalformed, "malformed token claims")
	}
	return claims, nil
}
