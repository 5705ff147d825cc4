-- Secrets a profile holds besides its login secret (profiles.secret_ref):
-- browser sign-in's cookie keys and its client secret, one row per purpose.
-- As for the login secret, the value is never here: store names the secret
-- store that holds it and ref is its key there (for the encrypted-file
-- store, a row of the secrets table written in the same transaction).
CREATE TABLE profile_secrets (
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    purpose    TEXT    NOT NULL,
    store      TEXT    NOT NULL,
    ref        TEXT    NOT NULL UNIQUE,
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (profile_id, purpose)
);
