# The audio cue under SDL's disk driver (no sound card): each test writes its own raw file.
stridecue_test_program(test_audio audio stridecue_audio)
stridecue_count_allocations(test_audio)
catch_discover_tests(test_audio TEST_PREFIX "audio: " PROPERTIES FAIL_REGULAR_EXPRESSION "No tests ran" LABELS "unit-threads")
