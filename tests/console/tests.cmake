# The web console in real headless Chromium (Debian's chromium), driven over its DevTools
# protocol with Debian's python3-websocket against stridecued on the simulator
# (check_console.py). Debian's python3 on purpose: the package installs the websocket module
# for it, not for another interpreter that may come first on PATH.
find_program(STRIDECUE_DEBIAN_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH REQUIRED)
foreach(case live login)
  if(case STREQUAL "live")
    set(name "console: live: steps, settings applied and refused, start and stop, phone layout")
  else()
    set(name "console: login: token login off loopback, HttpOnly cookie, CSRF, refusals")
  endif()
  add_test(NAME "${name}"
           COMMAND ${STRIDECUE_DEBIAN_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/console/check_console.py
                   $<TARGET_FILE:stridecued> ${CMAKE_CURRENT_BINARY_DIR}/console-check ${case})
  # Each runs a daemon in real time and a browser: not beside the other on two cores.
  set_tests_properties("${name}" PROPERTIES LABELS "e2e" RESOURCE_LOCK chromium TIMEOUT 180)
endforeach()
