-- 005: the counters, the search index and the trash are kept in step by
-- the library (common/user.c, userlog.c, file.c, group.c), in the same
-- transaction as the change, instead of by triggers.  SQLite parses
-- every trigger of the schema when a connection first prepares a
-- statement, and every request is a new connection: the twelve triggers
-- cost 370,000 of the 1.5 million instructions of GET /api/user/me/.
-- Their data stays as it is: nothing needs rebuilding.
DROP TRIGGER users_count_insert;
DROP TRIGGER users_count_delete;
DROP TRIGGER users_count_role;
DROP TRIGGER users_count_active;
DROP TRIGGER user_logs_count_insert;
DROP TRIGGER user_logs_count_delete;
DROP TRIGGER users_fts_insert;
DROP TRIGGER users_fts_delete;
DROP TRIGGER users_fts_update;
DROP TRIGGER uploads_trash;
DROP TRIGGER users_avatar_trash_delete;
DROP TRIGGER users_avatar_trash_update;
