# Analog force plates: volts to loads, COP and free moment, tare, the profile, and the
# simulator's strides through volts and back.
stridecue_test_program(test_analog analog stridecue_analog)
catch_discover_tests(test_analog TEST_PREFIX "analog: " PROPERTIES FAIL_REGULAR_EXPRESSION "No tests ran" LABELS "unit")
