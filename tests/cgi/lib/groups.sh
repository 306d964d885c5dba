# Groups and their members for the upload tests.  The group endpoints are
# another program's; until they are merged, groups are rows made here in
# SQL, in this one place (switch it to POST /api/groups/ and
# /api/groups/{id}/users/ later).  GROUPS_AFTER_SQL, when set, is run
# after every change (e2e: hand the database back to the server's user).
#
# mkgroup NAME [UID:ROLE...]: a group with those members (ROLE member or
# manager); prints its id.
mkgroup() {
	_gn=$1
	shift
	_gsql="INSERT INTO groups (name, created_at, updated_at)
	    VALUES ('$_gn', unixepoch(), unixepoch());"
	for _gm in "$@"; do
		_gsql="$_gsql INSERT INTO group_members (group_id, user_id,
		    member_role, joined_at) SELECT id, ${_gm%%:*}, '${_gm#*:}',
		    unixepoch() FROM groups WHERE name = '$_gn';"
	done
	sqlite3 -batch "$ACCOUNTS_DB" "$_gsql" >/dev/null
	${GROUPS_AFTER_SQL:-:}
	sqlite3 -batch "$ACCOUNTS_DB" "SELECT id FROM groups WHERE name = '$_gn'"
}
# rmgroup ID: deletes the group as group_delete (common/group.c) does,
# its uploads going with it (foreign keys on, as the programs have them)
# and their names into the trash, but without the sweep the handler runs
# after its commit: what a crash between the two leaves, for `accountsctl
# files check` to find.
rmgroup() {
	sqlite3 -batch "$ACCOUNTS_DB" "PRAGMA foreign_keys = ON; BEGIN;
	    INSERT INTO trash (dir, name, created_at) SELECT 'files',
	    stored_name, unixepoch() FROM uploads WHERE group_id = $1;
	    DELETE FROM groups WHERE id = $1; COMMIT;"
	${GROUPS_AFTER_SQL:-:}
}
