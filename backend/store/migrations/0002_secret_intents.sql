-- Secrets in a store outside this database (the OS keychain) that may exist
-- without a profile pointing at them: written just before the transaction
-- that saves their profile, or left by a profile that was deleted or given a
-- new secret, until they are removed from their store. A crash in between
-- leaves the row behind, and a later open removes the secret
-- (profile.Service.SweepSecrets).
CREATE TABLE secret_intents (
    ref        TEXT PRIMARY KEY,
    store      TEXT NOT NULL,
    created_at TEXT NOT NULL
);
