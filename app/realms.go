package app

import (
	"context"
	"fmt"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// RealmService is what the Realms screen calls. Thin: every rule lives in
// backend/keycloak.
type RealmService struct {
	keycloakBase
	saver FileSaver
}

// NewRealmService binds realm administration of the active profile.
func NewRealmService(session *Session, life *Lifecycle, saver FileSaver) *RealmService {
	return &RealmService{keycloakBase: newKeycloakBase(session, life), saver: saver}
}

// List returns the realms, sorted by name.
func (s *RealmService) List() ([]keycloak.RealmSummary, error) {
	return value0(&s.keycloakBase, (*keycloak.Client).ListRealms)
}

// Get returns a realm with its main settings.
func (s *RealmService) Get(realm string) (keycloak.Realm, error) {
	return value1(&s.keycloakBase, (*keycloak.Client).GetRealm, realm)
}

// UpdateSettings writes the realm's main settings.
func (s *RealmService) UpdateSettings(realm string, settings keycloak.RealmSettings) error {
	return do2(&s.keycloakBase, (*keycloak.Client).UpdateRealmSettings, realm, settings)
}

// Create creates an empty realm.
func (s *RealmService) Create(in keycloak.NewRealm) error {
	return do1(&s.keycloakBase, (*keycloak.Client).CreateRealm, in)
}

// Delete deletes a realm. confirmation must repeat the realm's name: the
// dialog asks the user to type it, and the check here keeps a stray call
// from deleting a realm.
func (s *RealmService) Delete(realm, confirmation string) error {
	if confirmation != realm {
		return &UIError{Code: CodeInvalidInput, Message: fmt.Sprintf("Type the realm name %q to confirm the deletion.", realm)}
	}
	return do1(&s.keycloakBase, (*keycloak.Client).DeleteRealm, realm)
}

// Export returns the realm's configuration (clients, groups, roles; no
// users) as canonical JSON text.
func (s *RealmService) Export(realm string) (string, error) {
	return withValue(&s.keycloakBase, func(ctx context.Context, c *keycloak.Client) (string, error) {
		b, err := c.ExportRealm(ctx, realm)
		return string(b), err
	})
}

// ExportToFile asks where to save the export and writes it there. It
// returns the path, or "" when the user cancelled.
func (s *RealmService) ExportToFile(realm string) (string, error) {
	data, err := s.Export(realm)
	if err != nil {
		return "", err
	}
	path, err := saveAs(s.saver, "Export realm "+realm, realm+"-realm.json", "JSON (*.json)", "*.json", []byte(data))
	if err != nil {
		return "", toUI(fmt.Errorf("save the export of %q: %w", realm, err))
	}
	return path, nil
}

// ExportWithUsersToFile is ExportToFile with the realm's users, their
// groups, roles and linked accounts, never their credentials (Keycloak does
// not hand them out). It returns the path, or "" when the user cancelled.
func (s *RealmService) ExportWithUsersToFile(realm string) (string, error) {
	data, err := value1(&s.keycloakBase, (*keycloak.Client).ExportRealmWithUsers, realm)
	if err != nil {
		return "", err
	}
	path, err := saveAs(s.saver, "Export realm "+realm+" with its users", realm+"-realm-users.json", "JSON (*.json)", "*.json", data)
	if err != nil {
		return "", toUI(fmt.Errorf("save the export of %q: %w", realm, err))
	}
	return path, nil
}
