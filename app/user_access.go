package app

import "github.com/tandemhq/tandem/backend/keycloak"

// UserAccessService is what the user page's Credentials tab calls beyond
// passwords: consents, linked identity-provider accounts, impersonation.
type UserAccessService struct {
	keycloakBase
	browser BrowserOpener
}

// NewUserAccessService binds a user's consents, linked accounts and
// impersonation for the active profile.
func NewUserAccessService(session *Session, life *Lifecycle, browser BrowserOpener) *UserAccessService {
	return &UserAccessService{keycloakBase: newKeycloakBase(session, life), browser: browser}
}

// Consents lists the clients the user gave consent to.
func (s *UserAccessService) Consents(realm, id string) ([]keycloak.Consent, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).ListConsents, realm, id)
}

// RevokeConsent removes the user's consent to a client.
func (s *UserAccessService) RevokeConsent(realm, id, clientID string) error {
	return do3(&s.keycloakBase, (*keycloak.Client).RemoveConsent, realm, id, clientID)
}

// LinkedAccounts lists the user's accounts at identity providers.
func (s *UserAccessService) LinkedAccounts(realm, id string) ([]keycloak.LinkedAccount, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).ListLinkedAccounts, realm, id)
}

// Unlink removes the link between the user and an identity provider.
func (s *UserAccessService) Unlink(realm, id, provider string) error {
	return do3(&s.keycloakBase, (*keycloak.Client).RemoveLinkedAccount, realm, id, provider)
}

// Impersonate starts a session as the user and opens the account console
// Keycloak names in the browser. It returns that URL. Keycloak hands the
// session to this app, not to the browser: the UI's warning says so.
func (s *UserAccessService) Impersonate(realm, id string) (string, error) {
	imp, err := value2(&s.keycloakBase, (*keycloak.Client).ImpersonateUser, realm, id)
	if err != nil {
		return "", err
	}
	s.browser.OpenURL(imp.RedirectURL)
	return imp.RedirectURL, nil
}
