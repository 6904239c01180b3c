# The real-time pipeline in process: the engine thread (no allocation per sample).
# Threaded programs are labelled unit-threads or e2e-threads: ctest -L matches a regex, so
# `-L threads` picks them all (a list of labels does not survive catch_discover_tests).
stridecue_test_program(test_live live stridecue_live)
catch_discover_tests(test_live TEST_PREFIX "live: " PROPERTIES FAIL_REGULAR_EXPRESSION "No tests ran" LABELS "unit-threads")
stridecue_count_allocations(test_live)
