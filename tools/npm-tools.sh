#!/bin/sh
# Installs a pinned Node tool from the npm registry into build/node/NAME
# (git-ignored, like the rest of build/) and prints the path of its
# executable.  Does nothing but print when the pinned version is there.
#   sh tools/npm-tools.sh redocly    Redocly CLI: lints docs/openapi.yaml
#   sh tools/npm-tools.sh prism      Prism: a proxy that checks requests and
#                                    responses against docs/openapi.yaml
# Needs node >= 20.19 and npm.  Exit 1 when installing failed, 2 on usage.
set -eu

REDOCLY_VERSION=2.77.0	# needs node >= 20.19 (20.x) or >= 22.12
PRISM_VERSION=5.14.2	# the last release that runs on node 20

root=$(cd "$(dirname "$0")/.." && pwd)
case ${1:-} in
redocly) pkg=@redocly/cli ver=$REDOCLY_VERSION bin=redocly ;;
prism) pkg=@stoplight/prism-cli ver=$PRISM_VERSION bin=prism ;;
*) echo "usage: $0 redocly|prism" >&2; exit 2 ;;
esac
dir=$root/build/node/$1
exe=$dir/node_modules/.bin/$bin

# The version an earlier run installed, from the package's own manifest.
installed() {
	node -p "require(process.argv[1]).version" \
	    "$dir/node_modules/$pkg/package.json" 2>/dev/null || :
}

if [ ! -x "$exe" ] || [ "$(installed)" != "$ver" ]; then
	echo "npm-tools.sh: installing $pkg@$ver into $dir" >&2
	mkdir -p "$dir"
	npm install --prefix "$dir" --no-audit --no-fund --no-update-notifier \
	    --save-exact --loglevel=error "$pkg@$ver" >&2 ||
	    { echo "npm-tools.sh: npm install $pkg@$ver failed" >&2; exit 1; }
fi
echo "$exe"
