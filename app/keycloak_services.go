package app

// The bound services that need nothing but the active profile's Keycloak
// client: each holds one screen's calls, and Wails binds each under its own
// name (their methods live in clients.go, groups.go, roles.go, idps.go).
type (
	// ClientService is what the Clients screen calls. Clients are addressed
	// by their internal id; ProtocolMappers takes the clientId tokens carry.
	// The service-account user's roles are managed through UserService with
	// the id ServiceAccountUser returns.
	ClientService struct{ keycloakBase }
	// GroupService is what the Groups screen calls.
	GroupService struct{ keycloakBase }
	// RoleService is what the Roles screen calls. Every method takes
	// clientUUID, the client's internal id, and works on realm roles when it
	// is empty.
	RoleService struct{ keycloakBase }
	// IdentityProviderService is what the Identity providers screen calls.
	IdentityProviderService struct{ keycloakBase }
)

// KeycloakService is any of the services that are only the Keycloak base.
type KeycloakService interface {
	ClientService | GroupService | RoleService | IdentityProviderService
}

// NewKeycloakService binds S to the active profile's Keycloak.
func NewKeycloakService[S KeycloakService](session *Session, life *Lifecycle) *S {
	return &S{newKeycloakBase(session, life)}
}
