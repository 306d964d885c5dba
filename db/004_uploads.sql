-- 004: stored files that no row points to any more.  Deleting an upload
-- (itself, or through its group or, for avatars, its user) or replacing
-- an avatar records the stored name here, in the same transaction; after
-- the commit, upload_sweep (common/upload.c) unlinks the files and drops
-- these rows.  A file is never unlinked before the row that named it is
-- gone for good, and a crash between the two leaves a row here for the
-- next sweep rather than a file nothing knows about.

-- The sweep leaves alone a name a row still uses (in case one comes
-- back, as from a restored backup): avatars need an index for that.
CREATE INDEX users_avatar ON users (avatar) WHERE avatar IS NOT NULL;

CREATE TABLE trash (
	id		INTEGER PRIMARY KEY,
	dir		TEXT NOT NULL CHECK (dir IN ('files', 'avatars')),
	name		TEXT NOT NULL,
	created_at	INTEGER NOT NULL
);

-- Fires for cascades too (a group's or a user's uploads).
CREATE TRIGGER uploads_trash AFTER DELETE ON uploads BEGIN
	INSERT INTO trash (dir, name, created_at)
	VALUES ('files', old.stored_name, unixepoch());
END;

CREATE TRIGGER users_avatar_trash_delete AFTER DELETE ON users
	WHEN old.avatar IS NOT NULL BEGIN
	INSERT INTO trash (dir, name, created_at)
	VALUES ('avatars', old.avatar, unixepoch());
END;

CREATE TRIGGER users_avatar_trash_update AFTER UPDATE OF avatar ON users
	WHEN old.avatar IS NOT NULL AND old.avatar IS NOT new.avatar BEGIN
	INSERT INTO trash (dir, name, created_at)
	VALUES ('avatars', old.avatar, unixepoch());
END;
