#!/bin/sh
# Turns the route table (cgi-bin/routes.txt) into the rewrite rules of one
# web server; apache/render.sh calls it for the @ROUTES@ line of a
# template, and it can be run by hand to paste the rules elsewhere.
#
#   sh apache/routes.sh lighttpd TABLE...       url.rewrite-once = ( ... )
#   sh apache/routes.sh apache TABLE...         RewriteRules, server context
#   sh apache/routes.sh apache-dir DIR TABLE... RewriteRules, per directory
#
# A table line is `PATH PROGRAM` (# starts a comment): PATH is the URL path
# from the site root, {id} one numeric segment.  The ids become PATH_INFO
# in order, the trailing slash is optional, the query string is kept, the
# first matching line wins, and whatever matches no line is rewritten to
# the not-found program.  Several tables are read as one, in order.
#
# The executables are reached at /api/<program>: lighttpd's alias.url and
# Apache's Alias map that prefix to the directory of executables (or, on
# shared hosting, it is that directory).  The rewrite is final (lighttpd's
# rewrite-once, Apache's END), so /api/<program> typed by a client is no
# route of its own and ends at not-found too.
#
# apache-dir: rules for a <Directory> or a .htaccess whose directory is the
# URL path DIR (its RewriteBase).  Patterns are relative to DIR, and so are
# the targets when /api/ lies below DIR (DIR=/api/: `user-me`; DIR=/:
# `api/user-me`).  Such rules only ever see URLs below DIR, so a route of
# the table outside DIR is an error rather than silently dropped.  DPI:
# below an existing file Apache splits off PATH_INFO and would append it
# to the target again (/api/users/ would run users with PATH_INFO /);
# the ids the target needs are in it already.
#
# A malformed line, a duplicate path or an empty table: a message naming
# FILE:LINE on stderr and exit status 1, nothing on stdout.
set -eu

usage() {
	echo "usage: $0 lighttpd|apache TABLE... | apache-dir DIR TABLE..." >&2
	exit 2
}
[ $# -ge 2 ] || usage
fmt=$1
shift
dir=
case $fmt in
lighttpd | apache) ;;
apache-dir)
	[ $# -ge 2 ] || usage
	dir=$1
	shift
	case $dir in
	/*/ | /) ;;
	*) echo "$0: DIR must start and end with /: $dir" >&2; exit 2 ;;
	esac
	;;
*) usage ;;
esac
for f in "$@"; do
	[ -r "$f" ] || { echo "$0: cannot read $f" >&2; exit 1; }
done

# The URL prefix of the executables, and the program of every non-route.
bin=/api/
notfound=not-found

awk -v fmt="$fmt" -v dir="$dir" -v bin="$bin" -v notfound="$notfound" '
BEGIN {
	# what the targets start with: per directory, relative to DIR when
	# the executables lie below it (RewriteBase completes them)
	to = bin
	if (fmt == "apache-dir" && index(bin, dir) == 1)
		to = substr(bin, length(dir) + 1)
}

function fail(msg) {
	printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
	bad = 1
	exit 1
}

# One table line into pat[n] (the regular expression of the path, without
# anchors or trailing slash) and dst[n] (program plus $1/$2... for ids).
function route(path, prog,    segs, nseg, i, re, ids, rel) {
	if (path !~ /^\//)
		fail("path must start with /: " path)
	if (prog !~ /^[A-Za-z0-9_][A-Za-z0-9_-]*$/)
		fail("program must be [A-Za-z0-9_-]+: " prog)
	sub(/\/$/, "", path)			# the slash is optional
	if (fmt == "apache-dir") {
		if (index(path "/", dir) != 1)
			fail("route " path "/ lies outside " dir ", which a " \
			    "per-directory configuration there cannot see")
		rel = substr(path "/", length(dir) + 1)
		sub(/\/$/, "", rel)
	} else
		rel = substr(path, 2)
	re = ""
	ids = 0
	nseg = rel == "" ? 0 : split(rel, segs, "/")
	for (i = 1; i <= nseg; i++) {
		if (segs[i] == "{id}") {
			segs[i] = "([0-9]+)"
			ids++
		} else if (segs[i] !~ /^[A-Za-z0-9._~-]+$/ ||
		    segs[i] == "." || segs[i] == "..")
			fail("bad path segment \"" segs[i] "\" in " path "/")
		else
			gsub(/\./, "[.]", segs[i])
		re = re (i > 1 ? "/" : "") segs[i]
	}
	if (re in seen)
		fail("same path as " seen[re] ": " path "/")
	seen[re] = FILENAME ":" FNR
	n++
	pat[n] = re
	dst[n] = prog
	for (i = 1; i <= ids; i++)
		dst[n] = dst[n] "/$" i
}

{ sub(/#.*/, "") }
NF == 0 { next }
NF != 2 { fail("expected PATH PROGRAM") }
{ route($1, $2) }

function pad(s, w) { return sprintf("%-" w "s", s) }

END {
	if (bad)
		exit 1
	if (n == 0) {
		print "routes.sh: no routes in the table" > "/dev/stderr"
		exit 1
	}
	print "# Generated from the route table by apache/routes.sh: edit the table."
	w = 0
	for (i = 1; i <= n; i++) {
		# the trailing slash is optional; the root has only the one
		sl = pat[i] == "" ? "" : "/?"
		if (fmt == "lighttpd") {
			l[i] = "\"^/" pat[i] sl "(\\?.*)?$\""
			r[i] = "=> \"" to dst[i] "${qsa}\","
		} else if (fmt == "apache") {
			l[i] = "RewriteRule ^/" pat[i] sl "$"
			r[i] = to dst[i] " [PT,END]"
		} else {
			l[i] = "RewriteRule ^" pat[i] sl "$"
			r[i] = to dst[i] " [DPI,END]"
		}
		if (length(l[i]) > w)
			w = length(l[i])
	}
	if (fmt == "lighttpd") {
		print "url.rewrite-once = ("
		for (i = 1; i <= n; i++)
			print "\t" pad(l[i], w) " " r[i]
		print "\t" pad("\"\"", w) " => \"" to notfound "\""
		print ")"
	} else {
		for (i = 1; i <= n; i++)
			print pad(l[i], w) " " r[i]
		if (fmt == "apache")
			print pad("RewriteRule ^", w) " " to notfound " [PT,END]"
		else
			print pad("RewriteRule ^", w) " " to notfound " [DPI,END]"
	}
}' "$@"
