# Mail for the tests that read mailed codes (tests/cgi, tests/e2e):
# source after tests/lib.sh and t_setup.
#
#   mail_setup          writes $T/sendmail, a sendmail that keeps every
#                       message it is given as $T/mail/msg.N (its arguments
#                       in msg.N.args), and points ACCOUNTS_SENDMAIL at it
#   mail_count          number of messages kept so far
#   mail_last           path of the newest message
#   mail_code FILE      the code in a message's body
#   mail_check FILE TO  what is wrong with the message (nothing: well-formed)
#
# Codes are read out of the messages only, never from the database.

mail_setup() {
	mkdir -p "$T/mail"
	# msg.N: N counts up (a lock directory makes the count safe when
	# several CGIs mail at once); a message appears whole, by rename
	cat > "$T/sendmail" <<EOF
#!/bin/sh
d='$T/mail'
f=\$(mktemp "\$d/.in.XXXXXX") || exit 75
cat > "\$f" || exit 75
while ! mkdir "\$d/.lock" 2>/dev/null; do sleep 0.01; done
n=\$((\$(cat "\$d/.n" 2>/dev/null || echo 0) + 1))
echo "\$n" > "\$d/.n"
printf '%s\n' "\$*" > "\$d/msg.\$n.args"
mv "\$f" "\$d/msg.\$n"
rmdir "\$d/.lock"
EOF
	chmod 0755 "$T/sendmail"
	export ACCOUNTS_SENDMAIL="$T/sendmail -t -i"
}

mail_count() { cat "$T/mail/.n" 2>/dev/null || echo 0; }
mail_last() { echo "$T/mail/msg.$(mail_count)"; }

# The code stands alone on an indented line of the body.
mail_code() {
	sed -n '/^\r\{0,1\}$/,$p' "$1" | tr -d '\r' |
	    sed -n 's/^ \{1,\}\([0-9]\{6\}\)$/\1/p' | head -n 1
}

# mail_check FILE TO: prints what is wrong (one word each), nothing for
# a well-formed message: one From, To (= TO), Subject, Date (RFC 5322,
# numeric zone), Message-ID (<left@right>); MIME-Version 1.0, text/plain
# in UTF-8, 8bit or quoted-printable; header lines "Name: printable
# ASCII"; lines of at most 998 bytes; a UTF-8 body holding a 6-digit
# code and its lifetime.
mail_check() {
	_bad=$(tr -d '\r' < "$1" | LC_ALL=C awk -v to="$2" '
	BEGIN { hdr = 1 }
	length($0) > 998 { bad = bad " long-line" }
	hdr && $0 == "" { hdr = 0; next }
	hdr {
		if ($0 !~ /^[A-Za-z][A-Za-z0-9-]*: [ -~]+$/) {
			bad = bad " header-syntax"
			next
		}
		i = index($0, ":")
		n = tolower(substr($0, 1, i - 1))
		v = substr($0, i + 2)
		cnt[n]++
		val[n] = v
		next
	}
	{ body++ }
	END {
		split("from to subject date message-id mime-version " \
		    "content-type content-transfer-encoding", need, " ")
		for (k in need)
			if (cnt[need[k]] != 1)
				bad = bad " " need[k] "-count-" (cnt[need[k]] + 0)
		if (val["to"] != to) bad = bad " to-is-" val["to"]
		if (val["date"] !~ /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9][0-9] (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9][0-9][0-9][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] [+-][0-9][0-9][0-9][0-9]$/)
			bad = bad " date-syntax"
		if (val["message-id"] !~ /^<[^<>@ ]+@[A-Za-z0-9.-]+>$/)
			bad = bad " message-id-syntax"
		if (val["mime-version"] != "1.0") bad = bad " mime-version"
		if (tolower(val["content-type"]) !~ /^text\/plain; *charset="?utf-8"?$/)
			bad = bad " content-type"
		if (tolower(val["content-transfer-encoding"]) !~ /^(8bit|quoted-printable)$/)
			bad = bad " transfer-encoding"
		if (!body) bad = bad " no-body"
		print bad
	}')
	sed -n '/^\r\{0,1\}$/,$p' "$1" | iconv -f UTF-8 -t UTF-8 \
	    > /dev/null 2>&1 || _bad="$_bad body-not-utf-8"
	[ -n "$(mail_code "$1")" ] || _bad="$_bad no-code"
	grep -Eq 'valid for [0-9]+ (second|minute)s?' "$1" ||
	    _bad="$_bad no-lifetime"
	echo $_bad
}
