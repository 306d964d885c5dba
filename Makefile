# cgi-accounts: one static CGI executable per endpoint, a static library
# common/, and the accountsctl CLI.  `make run` serves through lighttpd,
# `make test` runs every test, `make bench` measures start-up cost, the
# directory at a million users and what uploads cost.

PREFIX	?= /usr/local
DESTDIR	?=
SYSCONFDIR ?= $(PREFIX)/etc
LOCALSTATEDIR ?= /var/lib/cgi-accounts
PORT	?= 8080
# the account the rendered server configurations run the CGIs as
WWW_USER ?= www-data
WWW_GROUP ?= $(WWW_USER)

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
	   common/file.c common/cgi.c \
	   common/dialect.c common/dialects.c common/dialect-basic.c \
	   common/dialect-dicom.c common/dialect-rental.c \
	   common/dialect-hospital.c \
	   common/page.c common/jval.c common/occupation.c
# mailed codes and throttling
LIB_SRCS += common/mail.c common/throttle.c
# dialects
LIB_SRCS += common/dialect-chat.c
LIB_OBJS = $(LIB_SRCS:common/%.c=$(B)/common/%.o) $(B)/common/migrations.o \
	   $(B)/common/magic-db.o
LINK	 = $(B)/libaccounts.a $(ALDFLAGS) $(LIBS)

CGIS	 = auth-refresh not-found user-changepwd user-login user-logout \
	   user-me user-register user-update-avatar user-update-info \
	   users-avatar openapi users users-groups users-user-logs roles \
	   groups groups-users occupations occupations-users user-logs \
	   black-list user-sessions groups-uploads files
# mailed codes and the account changes that take them
CGIS	+= user-code user-changename user-changeemail user-resetpwd
CGI_BINS = $(CGIS:%=$(B)/cgi-bin/%)

UNIT_TESTS = test-form test-json test-multipart test-valid test-tok test-pw \
	     test-time test-mem test-page test-mpstream
UNIT_TESTS += test-code
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

# libmagic's database, cut to the tests that name MIME types
# (tools/magic-trim.c), compiled into the programs that check uploads.
MAGIC_DB ?= /usr/share/misc/magic.mgc

$(B)/tools/magic-trim: tools/magic-trim.c
	@mkdir -p $(@D)
	$(CC) $(WARN) -std=c11 -D_GNU_SOURCE $(CFLAGS) -o $@ tools/magic-trim.c

$(B)/gen/magic.mgc: $(B)/tools/magic-trim $(MAGIC_DB)
	@mkdir -p $(@D)
	$(B)/tools/magic-trim $(MAGIC_DB) $@.tmp && mv $@.tmp $@

$(B)/common/magic-db.o: $(B)/gen/magic.mgc
	@mkdir -p $(@D)
	printf '%s\n' '.section .rodata' '.balign 8' \
	    '.globl magic_db, magic_db_end' 'magic_db:' \
	    '.incbin "$(B)/gen/magic.mgc"' 'magic_db_end:' \
	    '.section .note.GNU-stack,"",@progbits' | \
	    $(CC) $(CFLAGS) -c -x assembler -o $@ -

$(B)/libaccounts.a: $(LIB_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $(LIB_OBJS)

# The OpenAPI document, compiled into the program that serves it.
$(B)/gen/openapi-doc.c: docs/openapi.yaml tools/embed-file.sh
	@mkdir -p $(@D)
	sh tools/embed-file.sh openapi_yaml docs/openapi.yaml > $@.tmp && mv $@.tmp $@

$(B)/cgi-bin/openapi: cgi-bin/openapi.c $(B)/gen/openapi-doc.c $(B)/libaccounts.a
	@mkdir -p $(@D) $(dir $(DEP))
	$(CC) $(ACFLAGS) $(CFLAGS) $(DEPFLAGS) -o $@ $< $(B)/gen/openapi-doc.c $(LINK)

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
	sh tests/bench/directory.sh
	sh tests/bench/uploads.sh

# Installed layout (README.md, "Installing"): the executables, accountsctl
# and its man page; in share/cgi-accounts the templates, their scripts,
# the route and error tables and lighttpd's error pages (errors/), for
# rendering again; in SYSCONFDIR/cgi-accounts the configurations rendered
# for these paths (state under LOCALSTATEDIR, which install leaves alone).
# ACCOUNTS_* variables of the environment become settings in them.
# `make uninstall` with the same variables removes exactly these files,
# then the cgi-accounts directories if nothing else is left in them.
I_CGI	 = $(PREFIX)/lib/cgi-accounts/cgi-bin
I_SHARE	 = $(PREFIX)/share/cgi-accounts
I_ETC	 = $(SYSCONFDIR)/cgi-accounts
SHARE_FILES = apache/README.md apache/.htaccess apache/apache.conf.in \
	   apache/cgi-accounts.conf.in apache/lighttpd.conf.in \
	   apache/render.sh apache/routes.sh apache/errors.sh \
	   apache/errors.txt cgi-bin/routes.txt
ERROR_PAGES = $(shell awk '{ sub(/\#.*/, "") } NF { print $$1 ".html" }' \
	   apache/errors.txt) headers.lua
CONFS	 = cgi-accounts.conf apache.conf lighttpd.conf
RENDER	 = sh apache/render.sh
RENDER_ARGS = CGI_BIN="$(I_CGI)" DB="$(LOCALSTATEDIR)/accounts.db" \
	   DATA_DIR="$(LOCALSTATEDIR)/data" RUN_DIR="$(LOCALSTATEDIR)/run" \
	   PORT="$(PORT)" USER="$(WWW_USER)" GROUP="$(WWW_GROUP)" \
	   ERROR_DIR="$(I_SHARE)/errors"

install: all
	install -d "$(DESTDIR)$(I_CGI)" "$(DESTDIR)$(PREFIX)/sbin" \
	    "$(DESTDIR)$(PREFIX)/share/man/man8" "$(DESTDIR)$(I_SHARE)/errors" \
	    "$(DESTDIR)$(I_ETC)"
	install -m 0755 $(CGI_BINS) "$(DESTDIR)$(I_CGI)/"
	install -m 0755 $(B)/accountsctl "$(DESTDIR)$(PREFIX)/sbin/"
	install -m 0644 docs/accountsctl.8 "$(DESTDIR)$(PREFIX)/share/man/man8/"
	install -m 0644 $(SHARE_FILES) "$(DESTDIR)$(I_SHARE)/"
	sh apache/errors.sh files "$(DESTDIR)$(I_SHARE)/errors"
	$(RENDER) apache/cgi-accounts.conf.in $(RENDER_ARGS) \
	    > "$(DESTDIR)$(I_ETC)/cgi-accounts.conf.tmp"
	$(RENDER) apache/apache.conf.in $(RENDER_ARGS) \
	    ERROR_LOG="$(LOCALSTATEDIR)/run/apache-error.log" \
	    > "$(DESTDIR)$(I_ETC)/apache.conf.tmp"
	$(RENDER) apache/lighttpd.conf.in $(RENDER_ARGS) \
	    ERROR_LOG="$(LOCALSTATEDIR)/run/lighttpd-error.log" \
	    > "$(DESTDIR)$(I_ETC)/lighttpd.conf.tmp"
	for f in $(CONFS); do \
		chmod 0644 "$(DESTDIR)$(I_ETC)/$$f.tmp" && \
		mv "$(DESTDIR)$(I_ETC)/$$f.tmp" "$(DESTDIR)$(I_ETC)/$$f" || exit 1; \
	done

uninstall:
	rm -f $(CGIS:%="$(DESTDIR)$(I_CGI)/%") \
	    "$(DESTDIR)$(PREFIX)/sbin/accountsctl" \
	    "$(DESTDIR)$(PREFIX)/share/man/man8/accountsctl.8" \
	    $(foreach f,$(notdir $(SHARE_FILES)),"$(DESTDIR)$(I_SHARE)/$(f)") \
	    $(ERROR_PAGES:%="$(DESTDIR)$(I_SHARE)/errors/%") \
	    $(CONFS:%="$(DESTDIR)$(I_ETC)/%")
	for d in "$(DESTDIR)$(I_CGI)" "$(DESTDIR)$(PREFIX)/lib/cgi-accounts" \
	    "$(DESTDIR)$(I_SHARE)/errors" "$(DESTDIR)$(I_SHARE)" \
	    "$(DESTDIR)$(I_ETC)"; do \
		[ ! -d "$$d" ] || rmdir "$$d" 2>/dev/null || \
		    echo "uninstall: $$d is not empty: left in place"; \
	done

clean:
	rm -rf $(B)

# `make -j clean all` would remove build/ while the build fills it: with
# clean among the goals, run everything one at a time.
ifneq ($(filter clean,$(MAKECMDGOALS)),)
.NOTPARALLEL:
endif

.PHONY: all deps test run run-apache bench install uninstall clean

# Fuzzing and sanitizers.
# `make fuzz` builds libFuzzer targets (tests/fuzz/) with clang under ASan
# and UBSan, the library compiled again from LIB_SRCS with the same flags
# into $(FUZZ_B), and runs each for FUZZ_SECONDS (0: replay the corpus).
# `make test-asan` runs the whole `make test` with everything built under
# ASan and UBSan, dynamically linked, into $(ASAN_B).
FUZZ_CC	?= clang
FUZZ_SECONDS ?= 10
FUZZ_B	 = build/fuzz
FUZZ_TARGETS = urlencoded multipart json cookie fields
FUZZ_FLAGS = -O1 -g -fno-omit-frame-pointer \
	   -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_OBJS = $(LIB_SRCS:common/%.c=$(FUZZ_B)/common/%.o) \
	   $(FUZZ_B)/common/migrations.o
FUZZ_BINS = $(FUZZ_TARGETS:%=$(FUZZ_B)/fuzz-%)

$(FUZZ_B)/common/%.o: common/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ACFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link \
	    -c -o $@ $<

$(FUZZ_B)/common/migrations.c: db/embed.sh $(MIGRATIONS)
	@mkdir -p $(@D)
	sh db/embed.sh $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(FUZZ_B)/common/migrations.o: $(FUZZ_B)/common/migrations.c
	$(FUZZ_CC) $(ACFLAGS) $(FUZZ_FLAGS) -c -o $@ $<

$(FUZZ_B)/libaccounts.a: $(FUZZ_OBJS)
	rm -f $@
	ar rcs $@ $(FUZZ_OBJS)

$(FUZZ_B)/fuzz-%: tests/fuzz/fuzz-%.c tests/fuzz/fuzz.h \
	    $(FUZZ_B)/libaccounts.a
	$(FUZZ_CC) $(ACFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< \
	    $(FUZZ_B)/libaccounts.a $(LIBS)

fuzz-build: $(FUZZ_BINS)

fuzz:
	sh tests/fuzz/run.sh deps
	$(MAKE) fuzz-build
	sh tests/fuzz/run.sh run $(FUZZ_SECONDS) $(FUZZ_B) $(FUZZ_TARGETS)

ASAN_B	 = build/asan
# clang: its one runtime for ASan, UBSan and LSan writes every report to
# the reports directory; gcc's separate libubsan prints to stderr only.
ASAN_CC	?= clang
ASAN_FLAGS = -O1 -g -fno-omit-frame-pointer \
	   -fsanitize=address,undefined -fno-sanitize-recover=all

test-asan:
	ASAN_CC=$(ASAN_CC) sh tests/fuzz/test-asan.sh $(ASAN_B) $(MAKE) \
	    CC=$(ASAN_CC) STATIC= B=$(ASAN_B) CFLAGS="$(ASAN_FLAGS)" \
	    LIBS="$(CURDIR)/$(ASAN_B)/sanopts.o $(LIBS)"

.PHONY: fuzz fuzz-build test-asan

# `make soak` (tests/soak/): SOAK_CLIENTS (64) clients for SOAK_SECONDS
# (60) of mixed requests through lighttpd while SOAK_KILLS (200) running
# write CGIs are killed with SIGKILL, then the database and the data
# directory checked against what was acknowledged.  Not in `make test`.
soak:
	$(MAKE) deps
	$(MAKE) all
	sh tests/soak/soak.sh

.PHONY: soak
