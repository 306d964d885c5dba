/* Everything a CGI program or accountsctl may call. */
#ifndef ACCOUNTS_H
#define ACCOUNTS_H

#include <json-c/json.h>

#include "status.h"
#include "cfg.h"
#include "req.h"
#include "resp.h"
#include "valid.h"
#include "db.h"
#include "pw.h"
#include "tok.h"
#include "user.h"
#include "sess.h"
#include "cgi.h"
#include "upload.h"
#include "code.h"
#include "admin.h"

#endif
