# The real-time primitives (daemon/realtime): the SPSC ring between two real threads.
# Labelled unit-threads so that `ctest -L threads` runs it under TSan (see tests/live).
stridecue_test_program(test_realtime realtime stridecue_realtime)
catch_discover_tests(test_realtime TEST_PREFIX "realtime: " PROPERTIES FAIL_REGULAR_EXPRESSION "No tests ran" LABELS "unit-threads")
