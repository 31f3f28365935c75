-- Who acted, as authenticated: the display name, the authentication method and the client address, from each
-- event's metadata. Null for events recorded before the ledger kept them.
ALTER TABLE rv_audit_entry ADD COLUMN actor_name TEXT, ADD COLUMN auth_method TEXT, ADD COLUMN client_address TEXT;
