/* Everything a CGI program or accountsctl may call. */
#ifndef ACCOUNTS_H
#define ACCOUNTS_H

#include <json-c/json.h>

#include "status.h"
#include "str.h"
#include "cfg.h"
#include "req.h"
#include "resp.h"
#include "valid.h"
#include "db.h"
#include "page.h"
#include "jval.h"
#include "setting.h"
#include "pw.h"
#include "tok.h"
#include "user.h"
#include "role.h"
#include "group.h"
#include "occupation.h"
#include "userlog.h"
#include "ban.h"
#include "sess.h"
#include "auth.h"
#include "code.h"
#include "mail.h"
#include "throttle.h"
#include "store.h"
#include "upload.h"
#include "kind.h"
#include "file.h"
#include "cgi.h"
#include "access.h"
#include "dialect.h"

#endif
