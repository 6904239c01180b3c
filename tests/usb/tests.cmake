# The libusb transport against devices replayed by umockdev (../shared/RECIPES.md): every
# test runs under umockdev-wrapper, which preloads the library that fakes /sys, /dev and
# usbfs ioctls; each test builds its own testbed and scripts from protocol::encode_frame.
if(TARGET stridecue_usb)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(UMOCKDEV REQUIRED IMPORTED_TARGET umockdev-1.0)
  # Sanitizers: umockdev-wrapper preloads its library ahead of ASan's runtime, which ASan
  # refuses unless told the order is fine; TSan skips the races inside the rig's own
  # uninstrumented libraries (usb/tsan.supp says which and why).
  set(STRIDECUE_UMOCKDEV_EMULATOR umockdev-wrapper)
  if(STRIDECUE_SANITIZE MATCHES "address")
    set(STRIDECUE_UMOCKDEV_EMULATOR env ASAN_OPTIONS=verify_asan_link_order=0 umockdev-wrapper)
  elseif(STRIDECUE_SANITIZE MATCHES "thread")
    set(STRIDECUE_UMOCKDEV_EMULATOR
        env TSAN_OPTIONS=suppressions=${CMAKE_CURRENT_SOURCE_DIR}/usb/tsan.supp umockdev-wrapper)
  endif()
  stridecue_test_program(test_usb usb stridecue_usb stridecue_live PkgConfig::UMOCKDEV)
  set_target_properties(test_usb PROPERTIES CROSSCOMPILING_EMULATOR "${STRIDECUE_UMOCKDEV_EMULATOR}")
  catch_discover_tests(test_usb TEST_PREFIX "usb: " PROPERTIES FAIL_REGULAR_EXPRESSION "No tests ran" LABELS "unit-threads")
endif()
