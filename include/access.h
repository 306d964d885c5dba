/* Who may use a route: one function per rule, named in the route table
 * (struct route's access), never re-derived inside handlers.  Each
 * authenticates when it needs to and returns ST_OK or the refusal.
 * Refusals say no more than the caller may know: a user asking about
 * another user's or a foreign group's resources gets 1004 whether or not
 * the id exists; only admins learn that an id does not exist (1005,
 * from the handler). */
#ifndef ACCOUNTS_ACCESS_H
#define ACCOUNTS_ACCESS_H

struct ctx;

int	access_anyone(struct ctx *);	/* no authentication */
/* anyone, but not from a cross-site page (login CSRF: a foreign form
 * must not log a browser into an account) */
int	access_same_site(struct ctx *);
int	access_user(struct ctx *);	/* an active user's valid token */
/* anyone; a request with credentials is authenticated as access_user
 * (bad ones refused), one without as access_same_site */
int	access_optional(struct ctx *);
int	access_admin(struct ctx *);	/* ... whose role is_admin */
int	access_self_or_admin(struct ctx *);	/* path id 0 is the caller */
int	access_member(struct ctx *);	/* of group id 0 (managers, admins) */
int	access_manager_or_admin(struct ctx *);	/* of group id 0 */
/* of group id 0, or the member id 1 itself (leaving a group) */
int	access_manager_admin_or_self(struct ctx *);
/* of the group of file id 0 (members, managers, admins) */
int	access_file_member(struct ctx *);
/* file id 0's uploader, a manager of its group, or an admin */
int	access_file_owner(struct ctx *);

#endif
