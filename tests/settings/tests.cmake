# The daemon's config file and live settings (daemon/settings).
stridecue_test_program(test_settings settings stridecue_settings)
catch_discover_tests(test_settings TEST_PREFIX "settings: " PROPERTIES FAIL_REGULAR_EXPRESSION "No tests ran" LABELS "unit")
