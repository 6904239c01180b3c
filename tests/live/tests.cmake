# The real-time pipeline in process: rings, the engine thread (no allocation per sample).
stridecue_test_program(test_live live stridecue_live)
catch_discover_tests(test_live TEST_PREFIX "live: " PROPERTIES LABELS "unit;threads")
stridecue_count_allocations(test_live)
