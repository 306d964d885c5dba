-- 003: what the directory needs to stay cheap at a million users (see
-- common/user.c and docs/API.md, "Lists"), and one standing ban per user.
-- Adds tables, triggers and indexes; of the existing rows only duplicate
-- standing bans change (all but the newest of a user become lifted), and
-- none is lost.

-- Row counts kept by triggers: count(*) over a million users reads every
-- page of the smallest index (30 to 90 ms in a fresh process); this is
-- one row.  'users' counts all users, 'role:ID' and 'active:0|1' those
-- of a role and those (not) active, 'user_logs' the login records.
CREATE TABLE counters (
	name		TEXT PRIMARY KEY,
	value		INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO counters (name, value)
	VALUES ('users', (SELECT count(*) FROM users)),
	('user_logs', (SELECT count(*) FROM user_logs));
INSERT INTO counters (name, value)
	SELECT 'role:' || role_id, count(*) FROM users GROUP BY role_id;
INSERT INTO counters (name, value)
	SELECT 'active:' || is_active, count(*) FROM users GROUP BY is_active;
CREATE TRIGGER users_count_insert AFTER INSERT ON users BEGIN
	INSERT INTO counters (name, value) VALUES ('users', 1),
	('role:' || new.role_id, 1), ('active:' || new.is_active, 1)
	ON CONFLICT (name) DO UPDATE SET value = value + 1;
END;
CREATE TRIGGER users_count_delete AFTER DELETE ON users BEGIN
	UPDATE counters SET value = value - 1 WHERE name IN ('users',
	'role:' || old.role_id, 'active:' || old.is_active);
END;
CREATE TRIGGER users_count_role AFTER UPDATE OF role_id ON users
	WHEN old.role_id IS NOT new.role_id BEGIN
	UPDATE counters SET value = value - 1
	WHERE name = 'role:' || old.role_id;
	INSERT INTO counters (name, value) VALUES ('role:' || new.role_id, 1)
	ON CONFLICT (name) DO UPDATE SET value = value + 1;
END;
CREATE TRIGGER users_count_active AFTER UPDATE OF is_active ON users
	WHEN old.is_active IS NOT new.is_active BEGIN
	UPDATE counters SET value = value - 1
	WHERE name = 'active:' || old.is_active;
	INSERT INTO counters (name, value) VALUES ('active:' || new.is_active, 1)
	ON CONFLICT (name) DO UPDATE SET value = value + 1;
END;
CREATE TRIGGER user_logs_count_insert AFTER INSERT ON user_logs BEGIN
	UPDATE counters SET value = value + 1 WHERE name = 'user_logs';
END;
CREATE TRIGGER user_logs_count_delete AFTER DELETE ON user_logs BEGIN
	UPDATE counters SET value = value - 1 WHERE name = 'user_logs';
END;

-- The id alone: skipping N users in id order reads N small entries of
-- this index instead of N whole rows of the table (a page in the middle
-- of a million users: about 20 ms instead of 80).
CREATE INDEX users_id ON users (id);
-- ?is_active=0 finds the few disabled users without a scan.
CREATE INDEX users_active ON users (is_active);
-- Searches of one or two characters (too short for the trigram index)
-- find the users whose fullname or name_pinyin is exactly that, in any
-- case (a two-character Chinese name, say).
CREATE INDEX users_fullname ON users (fullname COLLATE NOCASE);
CREATE INDEX users_pinyin ON users (name_pinyin COLLATE NOCASE);

-- Login records newest first, by operation (?operation=).
CREATE INDEX user_logs_operation ON user_logs (operation, operate_time);

-- A user has at most one standing ban; lifted ones stay as history.
-- Schema 001 did not ensure it: older duplicates count as lifted.
UPDATE black_list SET is_delete = 1 WHERE is_delete = 0 AND id NOT IN
	(SELECT max(id) FROM black_list WHERE is_delete = 0 GROUP BY user_id);
CREATE UNIQUE INDEX black_list_standing ON black_list (user_id)
	WHERE is_delete = 0;
