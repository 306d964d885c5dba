# cgi-accounts: one static CGI executable per endpoint, a static library
# common/, and the accountsctl CLI.  `make run` serves through lighttpd,
# `make test` runs every test, `make bench` measures start-up cost and
# what uploads cost.

PREFIX	?= /usr/local
DESTDIR	?=
LOCALSTATEDIR ?= /var/lib/cgi-accounts
PORT	?= 8080

CC	?= cc
CFLAGS	?= -O2 -g
WARN	 = -Wall -Wextra -Wmissing-prototypes -Wstrict-prototypes \
	   -Wwrite-strings
ACFLAGS	 = $(WARN) -std=c11 -D_GNU_SOURCE -Iinclude \
	   -DACCOUNTS_STATEDIR='"$(LOCALSTATEDIR)"' \
	   -ffunction-sections -fdata-sections
# Static linking: a CGI is a fresh process per request, and resolving
# shared libraries is most of what it would otherwise spend starting up.
STATIC	?= -static
ALDFLAGS = $(STATIC) -Wl,--gc-sections -Wl,-O1
LIBS	 = -ljson-c -lsqlite3 -lcrypt -lnettle -lmagic -llzma -lbz2 -lz \
	   -lm -lpthread -ldl

B	 = build

LIB_SRCS = common/log.c common/str.c common/cfg.c common/status.c \
	   common/req.c common/form.c common/multipart.c common/json.c \
	   common/valid.c common/resp.c common/db.c common/mem.c \
	   common/setting.c common/pw.c common/tok.c common/user.c \
	   common/role.c common/group.c common/userlog.c common/ban.c \
	   common/sess.c common/auth.c common/access.c common/code.c \
	   common/store.c common/upload.c common/magic.c common/kind.c \
	   common/file.c common/cgi.c
LIB_OBJS = $(LIB_SRCS:common/%.c=$(B)/common/%.o) $(B)/common/migrations.o
LINK	 = $(B)/libaccounts.a $(ALDFLAGS) $(LIBS)

CGIS	 = auth-refresh not-found user-changepwd user-login user-logout \
	   user-me user-register user-update-avatar user-update-info \
	   users-avatar groups-uploads files
CGI_BINS = $(CGIS:%=$(B)/cgi-bin/%)

UNIT_TESTS = test-form test-json test-multipart test-mpstream test-valid test-tok \
	     test-pw test-time test-mem
UNIT_BINS = $(UNIT_TESTS:%=$(B)/tests/%)

MIGRATIONS = $(sort $(wildcard db/[0-9][0-9][0-9]_*.sql))

# Each compile writes the headers it read to build/dep/TARGET.d (-MMD,
# system headers left out; -MP: a deleted header is no error), included
# below, so a changed header rebuilds exactly what uses it.  Not beside
# the target: build/cgi-bin/ is served as it is.
DEP	 = $(@:$(B)/%=$(B)/dep/%).d
DEPFLAGS = -MMD -MP -MF $(DEP) -MT $@
DEPFILES = $(patsubst $(B)/%,$(B)/dep/%.d,$(LIB_OBJS) $(CGI_BINS) \
	   $(UNIT_BINS) $(B)/accountsctl)

all: $(B)/libaccounts.a $(CGI_BINS) $(B)/accountsctl

$(B)/common/%.o: common/%.c
	@mkdir -p $(@D) $(dir $(DEP))
	$(CC) $(ACFLAGS) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(B)/common/migrations.c: db/embed.sh $(MIGRATIONS)
	@mkdir -p $(@D)
	sh db/embed.sh $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(B)/common/migrations.o: $(B)/common/migrations.c
	@mkdir -p $(@D) $(dir $(DEP))
	$(CC) $(ACFLAGS) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(B)/libaccounts.a: $(LIB_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $(LIB_OBJS)

$(B)/cgi-bin/%: cgi-bin/%.c $(B)/libaccounts.a
	@mkdir -p $(@D) $(dir $(DEP))
	$(CC) $(ACFLAGS) $(CFLAGS) $(DEPFLAGS) -o $@ $< $(LINK)

$(B)/accountsctl: tools/accountsctl.c $(B)/libaccounts.a
	@mkdir -p $(@D) $(dir $(DEP))
	$(CC) $(ACFLAGS) $(CFLAGS) $(DEPFLAGS) -o $@ tools/accountsctl.c $(LINK)

$(B)/tests/%: tests/unit/%.c $(B)/libaccounts.a
	@mkdir -p $(@D) $(dir $(DEP))
	$(CC) $(ACFLAGS) $(CFLAGS) $(DEPFLAGS) -Itests/unit -o $@ $< $(LINK)

# The floor any CGI pays: hello world with default flags, for `make bench`.
$(B)/bench/hello: tests/bench/hello.c
	@mkdir -p $(@D)
	$(CC) -o $@ tests/bench/hello.c

-include $(DEPFILES)

# deps.sh may run apt-get: it finishes before anything is compiled, so
# these targets run their steps in order, each step a make of its own
# (parallel inside with -j).
deps:
	sh tools/deps.sh

test:
	$(MAKE) deps
	$(MAKE) all $(UNIT_BINS)
	sh tests/run.sh $(T)

run:
	$(MAKE) deps
	$(MAKE) all
	sh tools/serve.sh lighttpd $(PORT)

run-apache:
	$(MAKE) deps
	$(MAKE) all
	sh tools/serve.sh apache $(PORT)

bench:
	$(MAKE) deps
	$(MAKE) all $(B)/bench/hello
	sh tests/bench/bench.sh
	sh tests/bench/uploads.sh

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/lib/cgi-accounts/cgi-bin \
	    $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(PREFIX)/share/cgi-accounts
	cp $(CGI_BINS) $(DESTDIR)$(PREFIX)/lib/cgi-accounts/cgi-bin/
	cp $(B)/accountsctl $(DESTDIR)$(PREFIX)/sbin/
	cp apache/* apache/.htaccess* cgi-bin/routes.txt \
	    $(DESTDIR)$(PREFIX)/share/cgi-accounts/

clean:
	rm -rf $(B)

# `make -j clean all` would remove build/ while the build fills it: with
# clean among the goals, run everything one at a time.
ifneq ($(filter clean,$(MAKECMDGOALS)),)
.NOTPARALLEL:
endif

.PHONY: all deps test run run-apache bench install clean
