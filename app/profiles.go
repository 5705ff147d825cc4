package app

import (
	"context"
	"time"

	"github.com/tandemhq/tandem/backend/profile"
)

// ProfileService is what the Profiles screen and the header's profile
// switcher call. Thin: every rule lives in backend/profile.
type ProfileService struct {
	session *Session
	life    *Lifecycle
	saver   FileSaver
}

// NewProfileService binds the session's profiles for the UI.
func NewProfileService(session *Session, life *Lifecycle, saver FileSaver) *ProfileService {
	return &ProfileService{session: session, life: life, saver: saver}
}

func (s *ProfileService) ctx() context.Context { return s.life.context() }

// errNoStore answers calls that arrive when the database could not be
// opened: the app shows that error and quits at startup.
var errNoStore = &UIError{Code: CodeInternal, Message: "The profile database is not open."}

func (s *ProfileService) service() (*profile.Service, error) {
	if p := s.session.Profiles(); p != nil {
		return p, nil
	}
	return nil, errNoStore
}

// List returns every profile ordered by name.
func (s *ProfileService) List() ([]profile.Profile, error) {
	svc, err := s.service()
	if err != nil {
		return nil, err
	}
	list, err := svc.List(s.ctx())
	if list == nil {
		list = []profile.Profile{}
	}
	return list, toUI(err)
}

// Get returns one profile.
func (s *ProfileService) Get(id int64) (profile.Profile, error) {
	svc, err := s.service()
	if err != nil {
		return profile.Profile{}, err
	}
	p, err := svc.Get(s.ctx(), id)
	return p, toUI(err)
}

// Active returns the active profile (error code no_profile when none).
func (s *ProfileService) Active() (profile.Profile, error) {
	p, err := s.session.Profile(s.ctx())
	return p, toUI(err)
}

// Create adds a profile; validation problems come back as invalid_input
// with "field: message" details.
func (s *ProfileService) Create(in profile.ProfileInput) (profile.Profile, error) {
	svc, err := s.service()
	if err != nil {
		return profile.Profile{}, err
	}
	p, err := svc.Create(s.ctx(), in)
	return p, toUI(err)
}

// Update changes a profile; an empty secret keeps the stored one. Editing
// the active profile re-announces it so the header shows the new name/colour.
func (s *ProfileService) Update(id int64, in profile.ProfileInput) (profile.Profile, error) {
	svc, err := s.service()
	if err != nil {
		return profile.Profile{}, err
	}
	p, err := svc.Update(s.ctx(), id, in)
	if err != nil {
		return p, toUI(err)
	}
	s.session.edited(p)
	return p, nil
}

// Delete removes a profile. Deleting the active one switches to another.
func (s *ProfileService) Delete(id int64) error {
	svc, err := s.service()
	if err != nil {
		return err
	}
	if err := svc.Delete(s.ctx(), id); err != nil {
		return toUI(err)
	}
	return toUI(s.session.forget(s.ctx(), id))
}

// Duplicate copies a profile under a new name.
func (s *ProfileService) Duplicate(id int64, newName string) (profile.Profile, error) {
	svc, err := s.service()
	if err != nil {
		return profile.Profile{}, err
	}
	p, err := svc.Duplicate(s.ctx(), id, newName)
	return p, toUI(err)
}

// Switch makes id the active profile and emits profile:switched.
func (s *ProfileService) Switch(id int64) (profile.Profile, error) {
	p, err := s.session.Switch(s.ctx(), id)
	return p, toUI(err)
}

// TestConnection tests a saved profile with its stored secret.
func (s *ProfileService) TestConnection(id int64) (profile.Result, error) {
	svc, err := s.service()
	if err != nil {
		return profile.Result{}, err
	}
	p, err := svc.Get(s.ctx(), id)
	if err != nil {
		return profile.Result{}, toUI(err)
	}
	secret, err := svc.Secret(s.ctx(), id)
	if err != nil {
		return profile.Result{Problem: "No usable secret is stored for this profile: " + sentence(err.Error()) + "."}, nil
	}
	return emptyLists(profile.TestConnection(s.ctx(), p, secret)), nil
}

// TestInput tests the values of a form before saving. id is the profile
// being edited (0 for a new one): its stored secret is used when the form's
// secret is empty.
func (s *ProfileService) TestInput(id int64, in profile.ProfileInput) (profile.Result, error) {
	svc, err := s.service()
	if err != nil {
		return profile.Result{}, err
	}
	p := profile.Profile{
		Name: in.Name, KeycloakURL: in.KeycloakURL, AdminRealm: in.AdminRealm, AuthMethod: in.AuthMethod,
		Username: in.Username, ClientID: in.ClientID, ReadOnly: true,
	}
	if p.AuthMethod == "" {
		p.AuthMethod = profile.AuthPassword
	}
	secret := in.Secret
	if secret == "" && id != 0 {
		var err error
		if secret, err = svc.Secret(s.ctx(), id); err != nil {
			return profile.Result{Problem: "Enter the secret to test: " + sentence(err.Error()) + "."}, nil
		}
	}
	return emptyLists(profile.TestConnection(s.ctx(), p, secret)), nil
}

// ExportRequest selects what to export.
type ExportRequest struct {
	IDs         []int64 `json:"ids"`
	WithSecrets bool    `json:"withSecrets"`
	Passphrase  string  `json:"passphrase"`
}

// Export returns the export file as text.
func (s *ProfileService) Export(req ExportRequest) (string, error) {
	svc, err := s.service()
	if err != nil {
		return "", err
	}
	data, err := svc.Export(s.ctx(), profile.ExportOptions{IDs: req.IDs, WithSecrets: req.WithSecrets, Passphrase: req.Passphrase})
	return string(data), toUI(err)
}

// ExportToFile asks where to save and writes the export there (mode 0600:
// it may hold encrypted secrets). It returns the path, "" when cancelled.
func (s *ProfileService) ExportToFile(req ExportRequest) (string, error) {
	svc, err := s.service()
	if err != nil {
		return "", err
	}
	data, err := svc.Export(s.ctx(), profile.ExportOptions{IDs: req.IDs, WithSecrets: req.WithSecrets, Passphrase: req.Passphrase})
	if err != nil {
		return "", toUI(err)
	}
	name := "tandem-profiles-" + time.Now().Format("2006-01-02") + ".json"
	path, err := saveAs(s.saver, "Export profiles", name, "Tandem profiles (*.json)", "*.json", data)
	return path, toUI(err)
}

// ImportRequest is an export file's text plus how to treat it.
type ImportRequest struct {
	Data        string           `json:"data"`
	Passphrase  string           `json:"passphrase"`
	SkipSecrets bool             `json:"skipSecrets"`
	OnConflict  profile.Conflict `json:"onConflict"`
}

// Import creates the profiles of an export file (all or none).
func (s *ProfileService) Import(req ImportRequest) (profile.ImportResult, error) {
	svc, err := s.service()
	if err != nil {
		return profile.ImportResult{}, err
	}
	res, err := svc.Import(s.ctx(), []byte(req.Data), profile.ImportOptions{
		Passphrase: req.Passphrase, SkipSecrets: req.SkipSecrets, OnConflict: req.OnConflict,
	})
	return res, toUI(err)
}

// SecretStore says where new secrets are kept and why.
func (s *ProfileService) SecretStore() profile.SecretStoreInfo {
	svc, err := s.service()
	if err != nil {
		return profile.SecretStoreInfo{}
	}
	return svc.SecretStoreInfo()
}
