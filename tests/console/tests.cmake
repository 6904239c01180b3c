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

# The stored sessions' reports through the API and the console's Reports panel
# (check_reports.py): a daemon on the simulator records a session, then its PDF, SVG and HTML,
# the runner's progress report, the 404s and 400s, the token off loopback, and the panel's links
# in Chromium. pdfinfo and pdftotext (poppler-utils) read the PDFs.
find_program(STRIDECUE_PDFINFO pdfinfo REQUIRED)
foreach(case api auth console)
  if(case STREQUAL "api")
    set(name "reports: api: session list, PDF/SVG/HTML, progress report, 404 and 400")
  elseif(case STREQUAL "auth")
    set(name "reports: auth: the list and the reports need the token off loopback")
  else()
    set(name "reports: console: the Reports panel lists sessions, Open and Download fetch PDFs")
  endif()
  add_test(NAME "${name}"
           COMMAND ${STRIDECUE_DEBIAN_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/console/check_reports.py
                   $<TARGET_FILE:stridecued> $<TARGET_FILE:stridecue>
                   ${CMAKE_CURRENT_BINARY_DIR}/reports-check ${case})
  set_tests_properties("${name}" PROPERTIES LABELS "e2e" RESOURCE_LOCK chromium TIMEOUT 180)
endforeach()
