# Fake test for tests/runner: every check passes, then SIGABRT.
echo 1..2
echo "ok - first"
echo "ok - second"
kill -ABRT $$
