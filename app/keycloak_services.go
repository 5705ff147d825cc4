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

// keycloakAndProxy is the base of the services that show Keycloak's side
// next to what the running proxy holds.
type keycloakAndProxy struct {
	keycloakBase
	proxy *ProxyService
}

type (
	// KeyService is what the realm's Keys tab calls: the realm's key
	// providers and keys, the steps of a key rotation, and after each step
	// what the running proxy holds, so the rotation can be rehearsed
	// against it. Its methods live in keys.go.
	KeyService struct{ keycloakAndProxy }
	// RealmEventService is what the Events screen and the user page's
	// timeline call: a realm's login and admin events from Keycloak, and the
	// running proxy's decisions for a user. Its methods live in
	// realm_events.go (named apart from events.go, which holds the UI's
	// event channels).
	RealmEventService struct{ keycloakAndProxy }
)

// KeycloakProxyService is any of the services on keycloakAndProxy.
type KeycloakProxyService interface {
	KeyService | RealmEventService
}

// NewKeycloakProxyService binds S to the active profile's Keycloak and to
// the proxy proxyRunner runs.
func NewKeycloakProxyService[S KeycloakProxyService](session *Session, life *Lifecycle, proxyRunner *ProxyService) *S {
	return &S{keycloakAndProxy{keycloakBase: newKeycloakBase(session, life), proxy: proxyRunner}}
}
