# The daemon as a process: stridecued on the simulator, driven through its control API, its
# signals and its files (tests/daemon).
stridecue_test_program(test_daemon daemon stridecue_api stridecue_store stridecue_settings stridecue_audio
                       stridecue_drivers)
# The audio tests' reader of SDL's disk output.
target_sources(test_daemon PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/audio/disk_capture.cpp)
# It runs stridecued, and `stridecue simulate` to write a trial file for a file source.
add_dependencies(test_daemon stridecued stridecue)
catch_discover_tests(test_daemon TEST_PREFIX "daemon: " PROPERTIES FAIL_REGULAR_EXPRESSION "No tests ran" LABELS "e2e-threads")
