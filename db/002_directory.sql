-- 002: ids are never reused (AUTOINCREMENT on every table whose ids are
-- referenced from history or shown to clients), who created and last
-- changed users and groups, name_pinyin, groups' updated_at, settings
-- shared by the CLI and the CGIs, and a trigram index for searching
-- users.  Runs with foreign keys off (db_migrate), so that tables can be
-- rebuilt; the keys are checked before it commits.

CREATE TABLE settings (
	key		TEXT PRIMARY KEY,
	value		TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE new_roles (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	name		TEXT NOT NULL UNIQUE COLLATE NOCASE,
	is_admin	INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
	self_assignable	INTEGER NOT NULL DEFAULT 0
			CHECK (self_assignable IN (0, 1)),
	created_at	INTEGER NOT NULL
);
INSERT INTO new_roles SELECT id, name, is_admin, self_assignable, created_at
	FROM roles;
DROP TABLE roles;
ALTER TABLE new_roles RENAME TO roles;

CREATE TABLE new_occupations (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	name		TEXT NOT NULL UNIQUE COLLATE NOCASE,
	created_at	INTEGER NOT NULL
);
INSERT INTO new_occupations SELECT id, name, created_at FROM occupations;
DROP TABLE occupations;
ALTER TABLE new_occupations RENAME TO occupations;

CREATE TABLE new_users (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	username	TEXT NOT NULL UNIQUE COLLATE NOCASE,
	email		TEXT UNIQUE COLLATE NOCASE,
	password_hash	TEXT NOT NULL,
	role_id		INTEGER NOT NULL REFERENCES roles (id),
	is_active	INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
	email_verified	INTEGER NOT NULL DEFAULT 0,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	last_login_at	INTEGER,
	created_by	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	updated_by	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	bio		TEXT,
	first_name	TEXT,
	last_name	TEXT,
	fullname	TEXT,
	name_pinyin	TEXT,
	gender		INTEGER CHECK (gender IN (0, 1)),
	age		INTEGER CHECK (age BETWEEN 0 AND 200),
	phone		TEXT,
	address		TEXT,
	identify_id	TEXT,
	occupation_id	INTEGER REFERENCES occupations (id) ON DELETE SET NULL,
	avatar		TEXT
);
INSERT INTO new_users (id, username, email, password_hash, role_id,
	is_active, email_verified, created_at, updated_at, last_login_at,
	bio, first_name, last_name, fullname, gender, age, phone, address,
	identify_id, occupation_id, avatar)
	SELECT id, username, email, password_hash, role_id, is_active,
	email_verified, created_at, updated_at, last_login_at, bio,
	first_name, last_name, fullname, gender, age, phone, address,
	identify_id, occupation_id, avatar FROM users;
DROP TABLE users;
ALTER TABLE new_users RENAME TO users;
CREATE INDEX users_role ON users (role_id);
CREATE INDEX users_occupation ON users (occupation_id);

CREATE TABLE new_sessions (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id		INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	access_hash	BLOB NOT NULL UNIQUE,
	access_expires	INTEGER NOT NULL,
	refresh_expires	INTEGER NOT NULL,
	created_at	INTEGER NOT NULL,
	last_seen_at	INTEGER NOT NULL,
	ip		TEXT,
	user_agent	TEXT
);
INSERT INTO new_sessions SELECT id, user_id, access_hash, access_expires,
	refresh_expires, created_at, last_seen_at, ip, user_agent FROM sessions;
DROP TABLE sessions;
ALTER TABLE new_sessions RENAME TO sessions;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE new_codes (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	email		TEXT NOT NULL COLLATE NOCASE,
	purpose		TEXT NOT NULL CHECK (purpose IN
			('register', 'login', 'change_email', 'reset_password')),
	code_hash	BLOB NOT NULL,
	expires_at	INTEGER NOT NULL,
	attempts	INTEGER NOT NULL DEFAULT 0,
	created_at	INTEGER NOT NULL
);
INSERT INTO new_codes SELECT id, email, purpose, code_hash, expires_at,
	attempts, created_at FROM codes;
DROP TABLE codes;
ALTER TABLE new_codes RENAME TO codes;
CREATE INDEX codes_email ON codes (email, purpose);

CREATE TABLE new_user_logs (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id		INTEGER REFERENCES users (id) ON DELETE SET NULL,
	ip		TEXT,
	operation	INTEGER NOT NULL CHECK (operation IN (0, 1, 2)),
	operator_id	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	operate_time	INTEGER NOT NULL,
	user_agent	TEXT
);
INSERT INTO new_user_logs SELECT id, user_id, ip, operation, operator_id,
	operate_time, substr(user_agent, 1, 256) FROM user_logs;
DROP TABLE user_logs;
ALTER TABLE new_user_logs RENAME TO user_logs;
CREATE INDEX user_logs_user ON user_logs (user_id, operate_time);
CREATE INDEX user_logs_time ON user_logs (operate_time);

CREATE TABLE new_black_list (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id		INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	join_time	INTEGER NOT NULL,
	is_delete	INTEGER NOT NULL DEFAULT 0 CHECK (is_delete IN (0, 1)),
	reason		TEXT,
	operator_id	INTEGER REFERENCES users (id) ON DELETE SET NULL
);
INSERT INTO new_black_list SELECT id, user_id, join_time, is_delete, reason,
	operator_id FROM black_list;
DROP TABLE black_list;
ALTER TABLE new_black_list RENAME TO black_list;
CREATE INDEX black_list_user ON black_list (user_id);

CREATE TABLE new_groups (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	name		TEXT NOT NULL UNIQUE COLLATE NOCASE,
	location	TEXT,
	contact_phone	TEXT,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	created_by	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	updated_by	INTEGER REFERENCES users (id) ON DELETE SET NULL
);
INSERT INTO new_groups (id, name, location, contact_phone, created_at,
	updated_at) SELECT id, name, location, contact_phone, created_at,
	created_at FROM groups;
DROP TABLE groups;
ALTER TABLE new_groups RENAME TO groups;

CREATE TABLE new_uploads (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	group_id	INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
	user_id		INTEGER REFERENCES users (id) ON DELETE SET NULL,
	kind		TEXT NOT NULL CHECK (kind IN
			('image', 'expression', 'file', 'voice')),
	mime		TEXT NOT NULL,
	size		INTEGER NOT NULL,
	stored_name	TEXT NOT NULL UNIQUE,
	original_name	TEXT,
	created_at	INTEGER NOT NULL
);
INSERT INTO new_uploads SELECT id, group_id, user_id, kind, mime, size,
	stored_name, original_name, created_at FROM uploads;
DROP TABLE uploads;
ALTER TABLE new_uploads RENAME TO uploads;
CREATE INDEX uploads_group ON uploads (group_id, id);
CREATE INDEX uploads_user ON uploads (user_id);

-- ?q= searches these four columns by substring without scanning users:
-- a trigram index kept in step by triggers.  Three-character and longer
-- queries use it (shorter ones cannot, see common/user.c).
CREATE VIRTUAL TABLE users_fts USING fts5 (username, email, fullname,
	name_pinyin, content = 'users', content_rowid = 'id',
	tokenize = 'trigram');
INSERT INTO users_fts (rowid, username, email, fullname, name_pinyin)
	SELECT id, username, email, fullname, name_pinyin FROM users;
CREATE TRIGGER users_fts_insert AFTER INSERT ON users BEGIN
	INSERT INTO users_fts (rowid, username, email, fullname, name_pinyin)
	VALUES (new.id, new.username, new.email, new.fullname,
	new.name_pinyin);
END;
CREATE TRIGGER users_fts_delete AFTER DELETE ON users BEGIN
	INSERT INTO users_fts (users_fts, rowid, username, email, fullname,
	name_pinyin) VALUES ('delete', old.id, old.username, old.email,
	old.fullname, old.name_pinyin);
END;
CREATE TRIGGER users_fts_update AFTER UPDATE OF username, email, fullname,
	name_pinyin ON users BEGIN
	INSERT INTO users_fts (users_fts, rowid, username, email, fullname,
	name_pinyin) VALUES ('delete', old.id, old.username, old.email,
	old.fullname, old.name_pinyin);
	INSERT INTO users_fts (rowid, username, email, fullname, name_pinyin)
	VALUES (new.id, new.username, new.email, new.fullname,
	new.name_pinyin);
END;
