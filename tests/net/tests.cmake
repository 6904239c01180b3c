# The Delsys Trigno bridge against a fake Trigno SDK server in the test (loopback, ephemeral
# ports): commands, reassembly of split rows, the server dying and coming back, silence.
stridecue_test_program(test_net net stridecue_net stridecue_live)
catch_discover_tests(test_net TEST_PREFIX "net: " PROPERTIES FAIL_REGULAR_EXPRESSION "No tests ran" LABELS "unit-threads" TIMEOUT 120)
