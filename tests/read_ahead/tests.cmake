# The read-ahead thread of `stridecue analyze` (drivers/files/read_ahead_source.hpp): a reader
# thread and the caller's. Labelled unit-threads so that `ctest -L threads` runs it under TSan.
stridecue_test_program(test_read_ahead read_ahead stridecue_drivers)
catch_discover_tests(test_read_ahead TEST_PREFIX "read_ahead: " PROPERTIES FAIL_REGULAR_EXPRESSION "No tests ran" LABELS "unit-threads")
