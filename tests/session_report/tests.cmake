# The reports of `stridecue report` and `analyze --report` (docs/reports.md), rendered with
# pdftoppm and read with pdftotext (poppler-utils): pages, titles, the method under each figure,
# units, and data ink where each plot drew its data (check_reports.py).
find_package(Python3 COMPONENTS Interpreter REQUIRED)
foreach(case session progress analyze sound errors)
  set(name "report: ${case}: pages, titles and ink where the data are")
  if(case STREQUAL "errors")
    set(name "report: errors: what `stridecue report` refuses, named")
  elseif(case STREQUAL "sound")
    set(name "report: sound: the latencies of cues heard (SDL disk audio, 5 s in real time)")
  endif()
  add_test(NAME "${name}"
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/session_report/check_reports.py
                   $<TARGET_FILE:stridecue> ${CMAKE_CURRENT_BINARY_DIR}/report-check ${case})
  set_tests_properties("${name}" PROPERTIES LABELS "e2e")
endforeach()
