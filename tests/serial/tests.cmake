# The serial transport: a tty replayed by umockdev (scripts written by the test from
# protocol encoders) and a real pseudo-terminal for hangup and reconnect, and for an analog
# plates' DAQ whose reader thread converts volts into the engine's lane. Under
# umockdev-wrapper, which the replay needs.
if(TARGET stridecue_serial)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(UMOCKDEV REQUIRED IMPORTED_TARGET umockdev-1.0)
  stridecue_test_program(test_serial serial stridecue_serial stridecue_live stridecue_analog
                       PkgConfig::UMOCKDEV)
  set(STRIDECUE_UMOCKDEV_EMULATOR umockdev-wrapper)  # sanitizers: see tests/usb/tests.cmake
  if(STRIDECUE_SANITIZE MATCHES "address")
    set(STRIDECUE_UMOCKDEV_EMULATOR env ASAN_OPTIONS=verify_asan_link_order=0 umockdev-wrapper)
  elseif(STRIDECUE_SANITIZE MATCHES "thread")
    set(STRIDECUE_UMOCKDEV_EMULATOR
        env TSAN_OPTIONS=suppressions=${CMAKE_CURRENT_SOURCE_DIR}/usb/tsan.supp umockdev-wrapper)
  endif()
  set_target_properties(test_serial PROPERTIES CROSSCOMPILING_EMULATOR "${STRIDECUE_UMOCKDEV_EMULATOR}")
  catch_discover_tests(test_serial TEST_PREFIX "serial: " PROPERTIES FAIL_REGULAR_EXPRESSION "No tests ran" LABELS "unit-threads")
endif()
