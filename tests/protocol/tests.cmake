# The stridecue device protocol: frame codec, control messages, the device core (drivers/protocol).
stridecue_test_program(test_protocol protocol stridecue_protocol)
stridecue_count_allocations(test_protocol)
catch_discover_tests(test_protocol TEST_PREFIX "protocol: " PROPERTIES FAIL_REGULAR_EXPRESSION "No tests ran" LABELS "unit")
