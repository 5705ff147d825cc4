package profile

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"golang.org/x/crypto/scrypt"

	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/backend/store"
)

// Export file format identifiers.
const (
	ExportFormat  = "tandem-profiles"
	ExportVersion = 1
)

// MinPassphraseLength is the shortest passphrase accepted for exported secrets.
const MinPassphraseLength = 8

// ErrWrongPassphrase is returned by Import when the passphrase does not
// decrypt the file's secrets.
var ErrWrongPassphrase = errors.New("the passphrase does not decrypt the secrets in this file")

// ErrPassphraseNeeded is returned by Import for a file with secrets when no
// passphrase was given and SkipSecrets is false.
var ErrPassphraseNeeded = errors.New("the file contains encrypted secrets: give its passphrase, or import without secrets")

// exportFile is the JSON document Export writes. Secrets are never in
// Profiles; when asked for, they are one encrypted blob in Secrets.
type exportFile struct {
	Format     string          `json:"format"`
	Version    int             `json:"version"`
	ExportedAt time.Time       `json:"exportedAt"`
	Profiles   []exportProfile `json:"profiles"`
	Secrets    *sealedBlob     `json:"secrets,omitempty"`
}

type exportProfile struct {
	Name         string        `json:"name"`
	Kind         Kind          `json:"kind"`
	Color        string        `json:"color"`
	KeycloakURL  string        `json:"keycloakUrl"`
	AdminRealm   string        `json:"adminRealm"`
	AuthMethod   AuthMethod    `json:"authMethod"`
	Username     string        `json:"username,omitempty"`
	ClientID     string        `json:"clientId,omitempty"`
	DefaultRealm string        `json:"defaultRealm,omitempty"`
	ReadOnly     bool          `json:"readOnly"`
	Notes        string        `json:"notes,omitempty"`
	Routes       routes.Config `json:"routes"`
	Proxy        ProxySettings `json:"proxy"`
}

// sealedBlob is the secrets of an export (a JSON object profile name →
// secret) encrypted with AES-256-GCM under a key derived from the
// passphrase with scrypt.
type sealedBlob struct {
	KDF        string `json:"kdf"` // "scrypt"
	N          int    `json:"n"`
	R          int    `json:"r"`
	P          int    `json:"p"`
	Salt       []byte `json:"salt"`
	Cipher     string `json:"cipher"` // "aes-256-gcm"
	Nonce      []byte `json:"nonce"`
	Ciphertext []byte `json:"ciphertext"`
}

// scrypt cost: about 0.1 s and 32 MiB on a laptop, per export or import.
// Import accepts exactly these values and no others (see checkKDF).
const (
	scryptN = 1 << 15
	scryptR = 8
	scryptP = 1
)

// deriveKey is scrypt; a variable so a test can prove a refused file never
// reaches key derivation.
var deriveKey = scryptKey

var scryptKey = scrypt.Key

// blobAAD binds the ciphertext to this format.
var blobAAD = []byte(ExportFormat + "/1")

// ExportOptions selects what Export writes.
type ExportOptions struct {
	IDs         []int64 // empty: every profile
	WithSecrets bool
	Passphrase  string // required with WithSecrets
}

// Export writes the chosen profiles with their routes as JSON. Secrets are
// left out unless WithSecrets, and then encrypted with the passphrase.
func (s *Service) Export(ctx context.Context, opts ExportOptions) ([]byte, error) {
	if opts.WithSecrets && len([]rune(opts.Passphrase)) < MinPassphraseLength {
		return nil, &ValidationError{Problems: []Problem{{Field: "passphrase", Code: CodeTooShort, Message: fmt.Sprintf("must be at least %d characters to export secrets", MinPassphraseLength)}}}
	}
	rows, err := s.exportRows(ctx, opts.IDs)
	if err != nil {
		return nil, err
	}
	f := exportFile{Format: ExportFormat, Version: ExportVersion, ExportedAt: time.Now().UTC(), Profiles: []exportProfile{}}
	secrets := map[string]string{}
	for _, r := range rows {
		cfg, err := s.Routes(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		ps, err := s.ProxySettings(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		f.Profiles = append(f.Profiles, exportProfile{
			Name: r.Name, Kind: Kind(r.Kind), Color: r.Color, KeycloakURL: r.KeycloakURL, AdminRealm: r.AdminRealm,
			AuthMethod: AuthMethod(r.AuthMethod), Username: r.Username, ClientID: r.ClientID,
			DefaultRealm: r.DefaultRealm, ReadOnly: r.ReadOnly, Notes: r.Notes, Routes: cfg, Proxy: ps,
		})
		if opts.WithSecrets && r.SecretStore != "" {
			v, err := s.secretOf(ctx, r)
			if err != nil {
				return nil, fmt.Errorf("export profile %q: %w", r.Name, err)
			}
			secrets[r.Name] = v
		}
	}
	if opts.WithSecrets {
		blob, err := seal(secrets, opts.Passphrase)
		if err != nil {
			return nil, fmt.Errorf("encrypt exported secrets: %w", err)
		}
		f.Secrets = blob
	}
	return json.MarshalIndent(f, "", "  ")
}

func (s *Service) exportRows(ctx context.Context, ids []int64) ([]store.Profile, error) {
	if len(ids) == 0 {
		return s.db.ListProfiles(ctx)
	}
	var rows []store.Profile
	for _, id := range ids {
		r, err := s.db.GetProfile(ctx, id)
		if err != nil {
			return nil, err
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// Conflict says what Import does with a profile whose name exists.
type Conflict string

const (
	ConflictSkip   Conflict = "skip"   // keep the existing profile, skip the imported one
	ConflictRename Conflict = "rename" // import it as "Name (2)"
)

// ImportOptions controls Import.
type ImportOptions struct {
	Passphrase  string
	SkipSecrets bool // import a file with secrets without them
	OnConflict  Conflict
}

// ImportResult lists what Import did, by profile name.
type ImportResult struct {
	Created []string          `json:"created"`
	Renamed map[string]string `json:"renamed,omitempty"` // name in file → name given
	Skipped []string          `json:"skipped"`
	// WithoutSecret lists created profiles that need their secret entered.
	WithoutSecret []string `json:"withoutSecret"`
}

// Import reads an Export file. Every profile is validated first (every
// problem at once); then all profiles are created in one transaction.
func (s *Service) Import(ctx context.Context, data []byte, opts ImportOptions) (ImportResult, error) {
	res := ImportResult{Created: []string{}, Skipped: []string{}, WithoutSecret: []string{}}
	var f exportFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return res, &ValidationError{Problems: []Problem{{Field: "file", Code: CodeUnreadable, Message: "is not a Tandem profile export: " + err.Error()}}}
	}
	if f.Format != ExportFormat || f.Version != ExportVersion {
		return res, &ValidationError{Problems: []Problem{{Field: "file", Code: CodeUnreadable, Message: fmt.Sprintf("has format %q version %d; this build reads %q version %d", f.Format, f.Version, ExportFormat, ExportVersion)}}}
	}
	secrets := map[string]string{}
	if f.Secrets != nil && !opts.SkipSecrets {
		if err := checkKDF(f.Secrets); err != nil {
			return res, err
		}
		if opts.Passphrase == "" {
			return res, ErrPassphraseNeeded
		}
		var err error
		if secrets, err = open(f.Secrets, opts.Passphrase); err != nil {
			return res, err
		}
	}
	if opts.OnConflict == "" {
		opts.OnConflict = ConflictSkip
	}
	if opts.OnConflict != ConflictSkip && opts.OnConflict != ConflictRename {
		return res, fmt.Errorf("import profiles: unknown conflict rule %q", opts.OnConflict)
	}

	type pending struct {
		in     ProfileInput
		cfg    []byte
		proxy  []byte
		secret string
	}
	var todo []pending
	var problems []Problem
	for i, ep := range f.Profiles {
		if ep.Routes.Version == 0 {
			ep.Routes.Version = routes.Version
		}
		in := ProfileInput{Details: Details{
			Name: ep.Name, Kind: ep.Kind, Color: ep.Color, KeycloakURL: ep.KeycloakURL, AdminRealm: ep.AdminRealm,
			AuthMethod: ep.AuthMethod, Username: ep.Username, ClientID: ep.ClientID, DefaultRealm: ep.DefaultRealm,
			ReadOnly: ep.ReadOnly, Notes: ep.Notes,
		}}.normalize()
		label := fmt.Sprintf("profiles[%d]", i)
		if in.Name != "" {
			label = fmt.Sprintf("profile %q", in.Name)
		}
		for _, p := range in.validate(false) {
			problems = append(problems, Problem{Field: label + "." + p.Field, Code: p.Code, Message: p.Message})
		}
		if err := routes.Validate(ep.Routes); err != nil {
			problems = append(problems, Problem{Field: label + ".routes", Code: CodeInvalidRoutes, Message: err.Error()})
		}
		if in.Name == "" {
			continue
		}
		cfg, _ := json.Marshal(ep.Routes)
		todo = append(todo, pending{in: in, cfg: cfg, proxy: mustJSON(ep.Proxy), secret: secrets[in.Name]})
	}
	if len(problems) > 0 {
		return ImportResult{}, &ValidationError{Problems: problems}
	}

	items := make([]store.NewProfile, 0, len(todo))
	unstageAll := func(upTo int, keep []store.Profile) {
		for i := range upTo {
			if keep == nil || keep[i].ID == 0 {
				s.unstage(ctx, items[i].Profile, items[i].Secret)
			}
		}
	}
	for _, p := range todo {
		row := toRow(p.in)
		staged, err := s.stageSecret(ctx, &row, p.secret)
		if err != nil {
			unstageAll(len(items), nil)
			return ImportResult{}, fmt.Errorf("import profile %q: %w", p.in.Name, err)
		}
		items = append(items, store.NewProfile{Profile: row, Config: p.cfg, Proxy: p.proxy, Secret: staged})
	}
	// Names are chosen inside the write transaction, against what is
	// stored at that moment, so imports running at the same time (the app
	// and tandemctl, or several tandemctl runs) never pick the same name.
	created, err := s.db.CreateProfilesNamed(ctx, items, func(i int, taken store.NameTaken) (string, error) {
		name := todo[i].in.Name
		used, err := taken(name)
		if err != nil || !used {
			return name, err
		}
		if opts.OnConflict == ConflictSkip {
			return "", nil
		}
		return freeName(name, taken)
	})
	if err != nil {
		unstageAll(len(items), nil)
		return ImportResult{}, fmt.Errorf("import profiles: %w", err)
	}
	unstageAll(len(items), created) // the secrets of skipped profiles
	for i, c := range created {
		from := todo[i].in.Name
		if c.ID == 0 {
			res.Skipped = append(res.Skipped, from)
			continue
		}
		res.Created = append(res.Created, c.Name)
		if c.Name != from {
			if res.Renamed == nil {
				res.Renamed = map[string]string{}
			}
			res.Renamed[from] = c.Name
		}
		if todo[i].secret == "" {
			res.WithoutSecret = append(res.WithoutSecret, c.Name)
		}
	}
	return res, nil
}

// freeName returns "name (2)", "name (3)", ... whichever is not taken.
func freeName(name string, taken store.NameTaken) (string, error) {
	for i := 2; ; i++ {
		suffix := fmt.Sprintf(" (%d)", i)
		base := name
		if max := MaxNameLength - len([]rune(suffix)); len([]rune(base)) > max {
			base = string([]rune(base)[:max])
		}
		c := base + suffix
		used, err := taken(c)
		if err != nil {
			return "", err
		}
		if !used {
			return c, nil
		}
	}
}

func seal(secrets map[string]string, passphrase string) (*sealedBlob, error) {
	plain, err := json.Marshal(secrets)
	if err != nil {
		return nil, err
	}
	b := &sealedBlob{KDF: "scrypt", N: scryptN, R: scryptR, P: scryptP, Cipher: "aes-256-gcm", Salt: make([]byte, 16)}
	if _, err := rand.Read(b.Salt); err != nil {
		return nil, err
	}
	aead, err := blobCipher(b, passphrase)
	if err != nil {
		return nil, err
	}
	b.Nonce = make([]byte, aead.NonceSize())
	if _, err := rand.Read(b.Nonce); err != nil {
		return nil, err
	}
	b.Ciphertext = aead.Seal(nil, b.Nonce, plain, blobAAD)
	return b, nil
}

// checkKDF refuses a sealed blob whose key derivation this build did not
// write, before any key is derived. The cost parameters come from the file,
// so anyone who hands a user a file chooses them: any range wide enough to
// matter lets a crafted file take gigabytes of memory (n=2^20, r=32 is
// 4 GiB) or seconds of CPU before a wrong passphrase is even noticed. The
// exporter has only ever written one set of values, so exactly those are
// accepted; a future cost increase comes with a new export version.
func checkKDF(b *sealedBlob) error {
	var problems []Problem
	want := func(field, got, wanted string) {
		if got != wanted {
			problems = append(problems, Problem{Field: "secrets." + field, Code: CodeUnreadable, Message: fmt.Sprintf(
				"is %s; this build reads only %s=%s, the value its exports use (scrypt n=%d, r=%d, p=%d, aes-256-gcm): nothing was decrypted",
				got, field, wanted, scryptN, scryptR, scryptP)})
		}
	}
	want("kdf", fmt.Sprintf("%q", b.KDF), `"scrypt"`)
	want("cipher", fmt.Sprintf("%q", b.Cipher), `"aes-256-gcm"`)
	want("n", fmt.Sprint(b.N), fmt.Sprint(scryptN))
	want("r", fmt.Sprint(b.R), fmt.Sprint(scryptR))
	want("p", fmt.Sprint(b.P), fmt.Sprint(scryptP))
	if len(b.Nonce) != gcmNonceSize {
		problems = append(problems, Problem{Field: "secrets.nonce", Code: CodeUnreadable, Message: fmt.Sprintf("has %d bytes, want %d", len(b.Nonce), gcmNonceSize)})
	}
	if len(problems) > 0 {
		return &ValidationError{Problems: problems}
	}
	return nil
}

// gcmNonceSize is the nonce length of cipher.NewGCM.
const gcmNonceSize = 12

func open(b *sealedBlob, passphrase string) (map[string]string, error) {
	if err := checkKDF(b); err != nil {
		return nil, err
	}
	aead, err := blobCipher(b, passphrase)
	if err != nil {
		return nil, err
	}
	plain, err := aead.Open(nil, b.Nonce, b.Ciphertext, blobAAD)
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	var out map[string]string
	if err := json.Unmarshal(plain, &out); err != nil {
		return nil, fmt.Errorf("decrypt secrets: %w", err)
	}
	return out, nil
}

func blobCipher(b *sealedBlob, passphrase string) (cipher.AEAD, error) {
	key, err := deriveKey([]byte(passphrase), b.Salt, b.N, b.R, b.P, 32)
	if err != nil {
		return nil, fmt.Errorf("derive key: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
