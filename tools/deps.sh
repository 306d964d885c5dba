#!/bin/sh
# Installs the Debian packages the project needs to build, test and run.
# Runs before every `make test`, so when nothing is missing it must be quiet
# and fast: one dpkg-query call, no apt.
#
# Build: compiler, and the static libraries the Makefile links (libmagic's
# static archive needs liblzma, libbz2 and zlib).  Tests and serving: the
# two web servers (lighttpd's mod_magnet, for the headers of its own error
# pages, is lighttpd-modules-lua), curl, jq, wrk, ss (iproute2); msmtp and
# aiosmtpd (an SMTP sink) for the test of a real mail path; file, to compare
# the compiled-in magic database with the system's.
PKGS="gcc make libc6-dev binutils pkg-config
libsqlite3-dev sqlite3 libjson-c-dev libcrypt-dev libmagic-dev libmagic-mgc
nettle-dev liblzma-dev libbz2-dev zlib1g-dev file
lighttpd lighttpd-modules-lua apache2 curl jq wrk iproute2 msmtp python3-aiosmtpd"

# Not Debian: nothing to check with, so say what is needed and go on.
# shellcheck disable=SC2086 # $PKGS is a list: splitting wanted
if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps.sh: no dpkg-query; make sure these (Debian names) are" \
	    "installed:" $PKGS >&2
	exit 0
fi

nl='
'
# shellcheck disable=SC2086
installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' $PKGS \
    2>/dev/null)
missing=
for p in $PKGS; do
	case "$nl$installed$nl" in
	*"$nl$p installed$nl"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	echo "deps.sh: missing packages:$missing" >&2
	echo "deps.sh: as root, run: apt-get update &&" \
	    "DEBIAN_FRONTEND=noninteractive $cmd" >&2
	exit 1
fi

echo "deps.sh: installing$missing" >&2

# The web servers' packages start a system instance on port 80; keep them
# from starting while we install (policy-rc.d answers 101: "not allowed").
# An existing policy-rc.d is the administrator's and is left alone.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod 0755 "$policy"
	trap 'rm -f "$policy"' EXIT
	trap 'exit 1' INT TERM
fi

status=0
apt-get update || status=1
if [ "$status" = 0 ]; then
	DEBIAN_FRONTEND=noninteractive $cmd || status=1
fi

# If a web server got started anyway (an init system that ignores
# policy-rc.d), stop it: our servers run on their own ports and configs,
# and a stray instance only confuses.  Failing to stop it is not fatal.
if command -v systemctl >/dev/null 2>&1 &&
    [ -d /run/systemd/system ]; then
	for s in lighttpd apache2; do
		case "$missing " in
		*" $s "*)
			systemctl stop "$s" >/dev/null 2>&1 || :
			systemctl disable "$s" >/dev/null 2>&1 || :
			;;
		esac
	done
fi

if [ "$status" != 0 ]; then
	echo "deps.sh: installing$missing failed" >&2
	exit 1
fi
exit 0
