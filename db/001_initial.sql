-- 001: the whole account model of the contract.  Times are Unix seconds
-- (UTC); the API formats them as ISO 8601.  Tokens and codes are stored
-- only as SHA-256 hashes.

CREATE TABLE roles (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE COLLATE NOCASE,
	is_admin	INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
	self_assignable	INTEGER NOT NULL DEFAULT 0
			CHECK (self_assignable IN (0, 1)),
	created_at	INTEGER NOT NULL
);
INSERT INTO roles (id, name, is_admin, self_assignable, created_at)
	VALUES (1, 'admin', 1, 0, unixepoch()), (2, 'user', 0, 1, unixepoch());

CREATE TABLE occupations (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE COLLATE NOCASE,
	created_at	INTEGER NOT NULL
);

CREATE TABLE users (
	id		INTEGER PRIMARY KEY,
	username	TEXT NOT NULL UNIQUE COLLATE NOCASE,
	email		TEXT UNIQUE COLLATE NOCASE,
	password_hash	TEXT NOT NULL,
	role_id		INTEGER NOT NULL REFERENCES roles (id),
	is_active	INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
	email_verified	INTEGER NOT NULL DEFAULT 0,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	last_login_at	INTEGER,
	bio		TEXT,
	first_name	TEXT,
	last_name	TEXT,
	fullname	TEXT,
	gender		INTEGER CHECK (gender IN (0, 1)),
	age		INTEGER CHECK (age BETWEEN 0 AND 200),
	phone		TEXT,
	address		TEXT,
	identify_id	TEXT,
	occupation_id	INTEGER REFERENCES occupations (id) ON DELETE SET NULL,
	avatar		TEXT
);
CREATE INDEX users_role ON users (role_id);
CREATE INDEX users_occupation ON users (occupation_id);

CREATE TABLE sessions (
	id		INTEGER PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	access_hash	BLOB NOT NULL UNIQUE,
	access_expires	INTEGER NOT NULL,
	refresh_expires	INTEGER NOT NULL,
	created_at	INTEGER NOT NULL,
	last_seen_at	INTEGER NOT NULL,
	ip		TEXT,
	user_agent	TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Every refresh token a session was given; rotated ones stay (used = 1)
-- so that presenting one again is recognised as theft.
CREATE TABLE refresh_tokens (
	hash		BLOB PRIMARY KEY,
	session_id	INTEGER NOT NULL
			REFERENCES sessions (id) ON DELETE CASCADE,
	used		INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

CREATE TABLE codes (
	id		INTEGER PRIMARY KEY,
	email		TEXT NOT NULL COLLATE NOCASE,
	purpose		TEXT NOT NULL CHECK (purpose IN
			('register', 'login', 'change_email', 'reset_password')),
	code_hash	BLOB NOT NULL,
	expires_at	INTEGER NOT NULL,
	attempts	INTEGER NOT NULL DEFAULT 0,
	created_at	INTEGER NOT NULL
);
CREATE INDEX codes_email ON codes (email, purpose);

CREATE TABLE throttle (
	key		TEXT PRIMARY KEY,
	count		INTEGER NOT NULL,
	window_start	INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE user_logs (
	id		INTEGER PRIMARY KEY,
	user_id		INTEGER REFERENCES users (id) ON DELETE SET NULL,
	ip		TEXT,
	operation	INTEGER NOT NULL CHECK (operation IN (0, 1, 2)),
	operator_id	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	operate_time	INTEGER NOT NULL,
	user_agent	TEXT
);
CREATE INDEX user_logs_user ON user_logs (user_id, operate_time);

CREATE TABLE black_list (
	id		INTEGER PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	join_time	INTEGER NOT NULL,
	is_delete	INTEGER NOT NULL DEFAULT 0 CHECK (is_delete IN (0, 1)),
	reason		TEXT,
	operator_id	INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX black_list_user ON black_list (user_id);

CREATE TABLE groups (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE COLLATE NOCASE,
	location	TEXT,
	contact_phone	TEXT,
	created_at	INTEGER NOT NULL
);

CREATE TABLE group_members (
	group_id	INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
	user_id		INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	member_role	TEXT NOT NULL DEFAULT 'member'
			CHECK (member_role IN ('member', 'manager')),
	joined_at	INTEGER NOT NULL,
	PRIMARY KEY (group_id, user_id)
) WITHOUT ROWID;
CREATE INDEX group_members_user ON group_members (user_id);

CREATE TABLE uploads (
	id		INTEGER PRIMARY KEY,
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
CREATE INDEX uploads_group ON uploads (group_id, id);
