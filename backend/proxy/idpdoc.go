package proxy

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"
)

// maxIdPDocument caps what the proxy reads of a discovery document or a
// JWKS. Keycloak's are a few kilobytes; without a cap a misbehaving or
// hostile issuer could make the proxy buffer hundreds of megabytes.
const maxIdPDocument = 1 << 20

// defaultIdPAttemptTimeout bounds one discovery attempt (the key load after
// it included) and one key fetch: every request waiting on the identity
// provider is answered within it.
const defaultIdPAttemptTimeout = 10 * time.Second

// getIdPDocument GETs a JSON document from the identity provider and returns
// its body, refusing answers other than 200 and bodies over maxIdPDocument.
// what names the document in errors ("discovery document", "JWKS").
func getIdPDocument(ctx context.Context, client *http.Client, url, what string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("fetch %s %s: %w", what, url, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", what, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch %s: %s answered %s", what, url, resp.Status)
	}
	// One byte past the cap tells a document of exactly the cap from a
	// longer one.
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxIdPDocument+1))
	if err != nil {
		return nil, fmt.Errorf("fetch %s %s: %w", what, url, err)
	}
	if len(body) > maxIdPDocument {
		return nil, fmt.Errorf("fetch %s: %s sent more than %d bytes, the most the proxy reads", what, url, maxIdPDocument)
	}
	return body, nil
}
