# The control API: routes, errors, limits and the event stream over real sockets on 127.0.0.1.
stridecue_test_program(test_api api stridecue_api)
catch_discover_tests(test_api TEST_PREFIX "api: " PROPERTIES FAIL_REGULAR_EXPRESSION "No tests ran" LABELS "unit-threads" TIMEOUT 120)

# `stridecue ctl` end to end, against a control server with a fake daemon behind it.
stridecue_test_program(test_api_ctl api/ctl stridecue_api)
add_dependencies(test_api_ctl stridecue)
catch_discover_tests(test_api_ctl TEST_PREFIX "api: " PROPERTIES FAIL_REGULAR_EXPRESSION "No tests ran" LABELS "e2e" TIMEOUT 120)
