# Fake test for tests/runner: every check passes, then exit 1.
echo 1..2
echo "ok - first"
echo "ok - second"
exit 1
