# Fake test for tests/runner: plans 5, stops after 2, exits 0.
echo 1..5
echo "ok - first"
echo "ok - second"
exit 0
