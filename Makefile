# cgi-accounts: one static CGI executable per endpoint, a static library
# common/, and the accountsctl CLI.  `make run` serves through lighttpd,
# `make test` runs every test, `make bench` measures start-up cost.

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

LIB_SRCS = common/cfg.c common/status.c common/req.c common/form.c \
	   common/multipart.c common/json.c common/valid.c common/resp.c \
	   common/db.c common/pw.c common/tok.c common/user.c \
	   common/sess.c common/upload.c common/magic.c common/cgi.c \
	   common/code.c common/admin.c common/mem.c
LIB_OBJS = $(LIB_SRCS:common/%.c=$(B)/common/%.o) $(B)/common/migrations.o
LINK	 = $(B)/libaccounts.a $(ALDFLAGS) $(LIBS)

CGIS	 = auth-refresh not-found user-changepwd user-login user-logout \
	   user-me user-register user-update-avatar user-update-info \
	   users-avatar
CGI_BINS = $(CGIS:%=$(B)/cgi-bin/%)

UNIT_TESTS = test-form test-json test-multipart test-valid test-tok test-pw \
	     test-time test-mem
UNIT_BINS = $(UNIT_TESTS:%=$(B)/tests/%)

HEADERS	 = $(wildcard include/*.h) common/internal.h
MIGRATIONS = $(sort $(wildcard db/[0-9][0-9][0-9]_*.sql))

all: $(B)/libaccounts.a $(CGI_BINS) $(B)/accountsctl

$(B)/common/%.o: common/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(ACFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/common/migrations.c: db/embed.sh $(MIGRATIONS)
	@mkdir -p $(@D)
	sh db/embed.sh $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(B)/common/migrations.o: $(B)/common/migrations.c
	$(CC) $(ACFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/libaccounts.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $(LIB_OBJS)

$(B)/cgi-bin/%: cgi-bin/%.c $(B)/libaccounts.a $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(ACFLAGS) $(CFLAGS) -o $@ $< $(LINK)

$(B)/accountsctl: tools/accountsctl.c $(B)/libaccounts.a $(HEADERS)
	$(CC) $(ACFLAGS) $(CFLAGS) -o $@ tools/accountsctl.c $(LINK)

$(B)/tests/%: tests/unit/%.c tests/unit/unit.h $(B)/libaccounts.a
	@mkdir -p $(@D)
	$(CC) $(ACFLAGS) $(CFLAGS) -Itests/unit -o $@ $< $(LINK)

# The floor any CGI pays: hello world with default flags, for `make bench`.
$(B)/bench/hello: tests/bench/hello.c
	@mkdir -p $(@D)
	$(CC) -o $@ tests/bench/hello.c

deps:
	sh tools/deps.sh

test: deps all $(UNIT_BINS)
	sh tests/run.sh

run: deps all
	sh tools/serve.sh lighttpd $(PORT)

run-apache: deps all
	sh tools/serve.sh apache $(PORT)

bench: deps all $(B)/bench/hello
	sh tests/bench/bench.sh

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/lib/cgi-accounts/cgi-bin \
	    $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(PREFIX)/share/cgi-accounts
	cp $(CGI_BINS) $(DESTDIR)$(PREFIX)/lib/cgi-accounts/cgi-bin/
	cp $(B)/accountsctl $(DESTDIR)$(PREFIX)/sbin/
	cp apache/* apache/.htaccess* $(DESTDIR)$(PREFIX)/share/cgi-accounts/

clean:
	rm -rf $(B)

.PHONY: all deps test run run-apache bench install clean

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
