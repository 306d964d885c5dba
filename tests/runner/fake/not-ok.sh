# Fake test for tests/runner: one check fails, with a diagnostic.
echo 1..2
echo "ok - first"
echo "not ok - second"
echo "#   expected: x"
