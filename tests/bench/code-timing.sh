#!/bin/sh
# Does POST /api/user/code/ take as long for an address without an
# account as for one with it?  Runs the CGI directly, alternating a login
# code for an existing account (mailed) and for unknown addresses (not
# mailed, paced), and prints median and mean of each in ms.
#
#   sh tests/bench/code-timing.sh [N]      N pairs (default 30)
#
# The mail goes to ACCOUNTS_SENDMAIL when set (e.g. msmtp with a config),
# else to a script that writes it to the temporary directory.
. "$(dirname "$0")/../lib.sh"
N=${1:-30}
t_setup
export ACCOUNTS_THROTTLE_CODE=1000000/600 \
    ACCOUNTS_THROTTLE_CODE_EMAIL=1000000/600 \
    ACCOUNTS_THROTTLE_CODE_IP=1000000/600
if [ -z "${ACCOUNTS_SENDMAIL:-}" ]; then
	printf '#!/bin/sh\ncat > "%s/last.msg"\n' "$T" > "$T/sendmail"
	chmod 0755 "$T/sendmail"
	export ACCOUNTS_SENDMAIL="$T/sendmail -t -i"
fi

post() {	# PROGRAM JSON
	printf '%s' "$2" | env REQUEST_METHOD=POST \
	    CONTENT_TYPE=application/json CONTENT_LENGTH=${#2} \
	    REMOTE_ADDR=10.1.1.1 HTTP_HOST=localhost "$BIN/$1" > "$T/out"
}
one() {		# EMAIL: microseconds of one code request
	_t0=$(date +%s%N)
	post user-code "{\"email\":\"$1\",\"purpose\":\"login\"}"
	echo $((($(date +%s%N) - _t0) / 1000))
}

post user-register '{"username":"alice","password":"password1","password2":"password1","email":"alice@example.com"}'
for i in 1 2 3; do one alice@example.com > /dev/null; done	# warm-up
: > "$T/known"
: > "$T/unknown"
i=0
while [ "$i" -lt "$N" ]; do
	one alice@example.com >> "$T/known"
	one "nobody$i@example.com" >> "$T/unknown"
	i=$((i + 1))
done
for f in known unknown; do
	sort -n "$T/$f" | awk -v f="$f" '{ a[NR] = $1; s += $1 }
	    END { printf "%-8s n=%d median=%.1f ms mean=%.1f ms\n", f, NR,
	    a[int((NR + 1) / 2)] / 1000, s / NR / 1000 }'
done
