package app

import (
	"runtime"

	"github.com/tandemhq/tandem/backend/buildinfo"
)

// About describes the running build for the about panel.
type About struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	GoVersion string `json:"goVersion"`
	Platform  string `json:"platform"`
	DataDir   string `json:"dataDir"`
}

// SystemService answers questions about the application itself.
type SystemService struct {
	dataDir string
}

func NewSystemService(dataDir string) *SystemService { return &SystemService{dataDir: dataDir} }

// About returns the version and build facts shown in the about panel.
func (s *SystemService) About() About {
	return About{
		Name:      buildinfo.Name,
		Version:   buildinfo.Version,
		GoVersion: runtime.Version(),
		Platform:  runtime.GOOS + "/" + runtime.GOARCH,
		DataDir:   s.dataDir,
	}
}
