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
	return withProfiles(s, func(ctx context.Context, svc *profile.Service) ([]profile.Profile, error) {
		list, err := svc.List(ctx)
		if list == nil {
			list = []profile.Profile{}
		}
		return list, err
	})
}

// Get returns one profile.
func (s *ProfileService) Get(id int64) (profile.Profile, error) {
	return withProfiles(s, func(ctx context.Context, svc *profile.Service) (profile.Profile, error) { return svc.Get(ctx, id) })
}

// Active returns the active profile (error code no_profile when none).
func (s *ProfileService) Active() (profile.Profile, error) {
	p, err := s.session.Profile(s.ctx())
	return p, toUI(err)
}

// Create adds a profile; validation problems come back as invalid_input
// with each problem's field and code (UIError.Problems).
func (s *ProfileService) Create(in profile.ProfileInput) (profile.Profile, error) {
	return withProfiles(s, func(ctx context.Context, svc *profile.Service) (profile.Profile, error) { return svc.Create(ctx, in) })
}

// Update changes a profile; an empty secret keeps the stored one. Editing
// the active profile re-announces it so the header shows the new name/colour.
func (s *ProfileService) Update(id int64, in profile.ProfileInput) (profile.Profile, error) {
	return withProfiles(s, func(ctx context.Context, svc *profile.Service) (profile.Profile, error) {
		p, err := svc.Update(ctx, id, in)
		if err == nil {
			s.session.edited(p)
		}
		return p, err
	})
}

// Delete removes a profile. Deleting the active one switches to another.
func (s *ProfileService) Delete(id int64) error {
	_, err := withProfiles(s, func(ctx context.Context, svc *profile.Service) (struct{}, error) {
		if err := svc.Delete(ctx, id); err != nil {
			return struct{}{}, err
		}
		return struct{}{}, s.session.forget(ctx, id)
	})
	return err
}

// Duplicate copies a profile under a new name.
func (s *ProfileService) Duplicate(id int64, newName string) (profile.Profile, error) {
	return withProfiles(s, func(ctx context.Context, svc *profile.Service) (profile.Profile, error) {
		return svc.Duplicate(ctx, id, newName)
	})
}

// Switch makes id the active profile and emits profile:switched.
func (s *ProfileService) Switch(id int64) (profile.Profile, error) {
	p, err := s.session.Switch(s.ctx(), id)
	return p, toUI(err)
}

// TestConnection tests a saved profile with its stored secret.
func (s *ProfileService) TestConnection(id int64) (profile.Result, error) {
	return withProfiles(s, func(ctx context.Context, svc *profile.Service) (profile.Result, error) {
		p, err := svc.Get(ctx, id)
		if err != nil {
			return profile.Result{}, err
		}
		secret, err := svc.Secret(ctx, id)
		if err != nil {
			return profile.Result{Problem: "No usable secret is stored for this profile: " + sentence(err.Error()) + "."}, nil
		}
		return emptyLists(profile.TestConnection(ctx, p, secret)), nil
	})
}

// TestInput tests the values of a form before saving. id is the profile
// being edited (0 for a new one): its stored secret is used when the form's
// secret is empty.
func (s *ProfileService) TestInput(id int64, in profile.ProfileInput) (profile.Result, error) {
	return withProfiles(s, func(ctx context.Context, svc *profile.Service) (profile.Result, error) {
		// Read-only: testing the form never writes to its Keycloak.
		p := profile.Profile{Details: in.Details}
		p.ReadOnly = true
		if p.AuthMethod == "" {
			p.AuthMethod = profile.AuthPassword
		}
		secret := in.Secret
		if secret == "" && id != 0 {
			var err error
			if secret, err = svc.Secret(ctx, id); err != nil {
				return profile.Result{Problem: "Enter the secret to test: " + sentence(err.Error()) + "."}, nil
			}
		}
		return emptyLists(profile.TestConnection(ctx, p, secret)), nil
	})
}

// ExportRequest selects what to export.
type ExportRequest struct {
	IDs         []int64 `json:"ids"`
	WithSecrets bool    `json:"withSecrets"`
	Passphrase  string  `json:"passphrase"`
}

// Export returns the export file as text.
func (s *ProfileService) Export(req ExportRequest) (string, error) {
	data, err := s.export(req)
	return string(data), err
}

// ExportToFile asks where to save and writes the export there (mode 0600:
// it may hold encrypted secrets). It returns the path, "" when cancelled.
func (s *ProfileService) ExportToFile(req ExportRequest) (string, error) {
	data, err := s.export(req)
	if err != nil {
		return "", err
	}
	name := "tandem-profiles-" + time.Now().Format("2006-01-02") + ".json"
	path, err := saveAs(s.saver, "Export profiles", name, "Tandem profiles (*.json)", "*.json", data)
	return path, toUI(err)
}

func (s *ProfileService) export(req ExportRequest) ([]byte, error) {
	return withProfiles(s, func(ctx context.Context, svc *profile.Service) ([]byte, error) {
		return svc.Export(ctx, profile.ExportOptions{IDs: req.IDs, WithSecrets: req.WithSecrets, Passphrase: req.Passphrase})
	})
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
	return withProfiles(s, func(ctx context.Context, svc *profile.Service) (profile.ImportResult, error) {
		return svc.Import(ctx, []byte(req.Data), profile.ImportOptions{
			Passphrase: req.Passphrase, SkipSecrets: req.SkipSecrets, OnConflict: req.OnConflict,
		})
	})
}

// SecretStore says where new secrets are kept and why.
func (s *ProfileService) SecretStore() profile.SecretStoreInfo {
	svc, err := s.service()
	if err != nil {
		return profile.SecretStoreInfo{}
	}
	return svc.SecretStoreInfo()
}
