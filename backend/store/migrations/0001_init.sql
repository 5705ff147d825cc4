-- Profiles: one Keycloak connection each. The secret itself is never here:
-- secret_store says which store holds it and secret_ref is its key there.
CREATE TABLE profiles (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    kind          TEXT    NOT NULL,
    color         TEXT    NOT NULL,
    keycloak_url  TEXT    NOT NULL,
    admin_realm   TEXT    NOT NULL,
    auth_method   TEXT    NOT NULL,
    username      TEXT    NOT NULL DEFAULT '',
    client_id     TEXT    NOT NULL DEFAULT '',
    default_realm TEXT    NOT NULL DEFAULT '',
    read_only     INTEGER NOT NULL DEFAULT 0,
    notes         TEXT    NOT NULL DEFAULT '',
    secret_store  TEXT    NOT NULL DEFAULT '',
    secret_ref    TEXT    NOT NULL DEFAULT '',
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);

-- The profile's route file (routes.Config as JSON) and proxy settings.
CREATE TABLE profile_routes (
    profile_id  INTEGER PRIMARY KEY REFERENCES profiles(id) ON DELETE CASCADE,
    config_json TEXT NOT NULL,
    proxy_json  TEXT NOT NULL DEFAULT '{}',
    updated_at  TEXT NOT NULL
);

-- Small key/value facts about the installation (active profile, first run).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Saved route tester requests.
CREATE TABLE tester_cases (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    route_name TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    case_json  TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    UNIQUE (profile_id, name)
);
CREATE INDEX tester_cases_profile ON tester_cases(profile_id);

-- Sealed secrets of the encrypted-file secret store (AES-256-GCM; the key
-- lives in a separate file readable only by the user).
CREATE TABLE secrets (
    ref        TEXT PRIMARY KEY,
    sealed     BLOB NOT NULL,
    updated_at TEXT NOT NULL
);
