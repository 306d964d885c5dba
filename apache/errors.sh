#!/bin/sh
# The web servers' own error pages, from the table apache/errors.txt
# (`STATUS ERRNO MESSAGE` per line, # starts a comment): for each status
# the contract's envelope {"errno":ERRNO,"msg":"MESSAGE"}.
#
#   sh apache/errors.sh apache [TABLE]     ErrorDocument lines, and the
#                                          Header lines that give those
#                                          pages their JSON headers (for
#                                          render.sh's @ERRORS@)
#   sh apache/errors.sh files DIR [TABLE]  DIR/STATUS.html, one JSON body
#                                          per status (for lighttpd's
#                                          server.errorfile-prefix "DIR/")
#
# Apache sends an ErrorDocument string as "text/html; charset=iso-8859-1";
# mod_headers, when loaded, makes it JSON with no-store and nosniff.  The
# condition is that exact type on one of the table's statuses: a CGI's
# own error (JSON already) or a file it serves is never touched, and a
# status outside the table keeps Apache's HTML with its HTML type.  The
# Content-Type line comes last because it changes what the others test.
#
# lighttpd takes the file's type from mimetype.assign (".html" is mapped
# to JSON in lighttpd.conf.in) and adds no header of its own to a page it
# answers while parsing the request: see apache/README.md.
#
# A malformed table: a message naming FILE:LINE on stderr, exit status 1.
set -eu

usage() {
	echo "usage: $0 apache [TABLE] | files DIR [TABLE]" >&2
	exit 2
}
[ $# -ge 1 ] || usage
fmt=$1
shift
dir=
case $fmt in
apache) ;;
files)	[ $# -ge 1 ] || usage
	dir=$1
	shift ;;
*)	usage ;;
esac
[ $# -le 1 ] || usage
table=${1:-$(dirname "$0")/errors.txt}
[ -r "$table" ] || { echo "$0: cannot read $table" >&2; exit 1; }

# The table, checked, as "STATUS ERRNO MESSAGE" lines (one blank apart).
rows=$(awk '
{ sub(/#.*/, "") }
NF == 0 { next }
function fail(msg) {
	printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
	bad = 1
	exit 1
}
$1 !~ /^[45][0-9][0-9]$/ { fail("status must be 4xx or 5xx: " $1) }
$2 !~ /^[0-9]+$/ { fail("errno must be a number: " $2) }
NF < 3 { fail("expected STATUS ERRNO MESSAGE") }
{
	msg = $3
	for (i = 4; i <= NF; i++)
		msg = msg " " $i
	# taken literally into a JSON string and an Apache quoted string
	if (msg !~ /^[A-Za-z0-9 ,.()-]+$/)
		fail("message must be [A-Za-z0-9 ,.()-]: " msg)
	if ($1 in seen)
		fail("status " $1 " again (first on line " seen[$1] ")")
	seen[$1] = FNR
	print $1, $2, msg
	n++
}
END {
	if (bad)
		exit 1
	if (n == 0) {
		print "errors.sh: no status in the table" > "/dev/stderr"
		exit 1
	}
}' "$table")

if [ "$fmt" = files ]; then
	umask 022	# public pages, read by the server's user
	mkdir -p "$dir"
	printf '%s\n' "$rows" | while read -r st no msg; do
		printf '{"errno":%s,"msg":"%s"}\n' "$no" "$msg" > "$dir/$st.html"
	done
	exit 0
fi

list=$(printf '%s\n' "$rows" | awk '{ printf "%s'\''%s'\''", (NR > 1 ? ", " : ""), $1 }')
cond="%{REQUEST_STATUS} in { $list } && %{CONTENT_TYPE} == 'text/html; charset=iso-8859-1'"
echo "# Generated from the error table by apache/errors.sh: edit the table."
printf '%s\n' "$rows" | while read -r st no msg; do
	printf 'ErrorDocument %s "{\\"errno\\":%s,\\"msg\\":\\"%s\\"}"\n' \
	    "$st" "$no" "$msg"
done
cat <<EOF
<IfModule headers_module>
	Header always set Cache-Control "no-store" "expr=$cond"
	Header always set X-Content-Type-Options "nosniff" "expr=$cond"
	Header always set Content-Type "application/json; charset=utf-8" "expr=$cond"
</IfModule>
EOF
